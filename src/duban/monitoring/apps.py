from django.apps import AppConfig


class MonitoringConfig(AppConfig):
    name = "duban.monitoring"
    label = "monitoring"
    verbose_name = "监测预警"

    def ready(self):
        from duban.monitoring import signals  # noqa: F401  (connects the invalidation handlers)
