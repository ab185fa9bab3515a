from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MonitoringConfig(AppConfig):
    name = "duban.monitoring"
    label = "monitoring"
    verbose_name = _("监测预警")

    def ready(self):
        from duban.monitoring import signals  # noqa: F401  (connects the invalidation handlers)
