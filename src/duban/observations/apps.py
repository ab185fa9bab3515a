from django.apps import AppConfig


class ObservationsConfig(AppConfig):
    name = "duban.observations"
    label = "observations"
    verbose_name = "指标数据"
