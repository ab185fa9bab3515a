from django.apps import AppConfig


class CatalogueConfig(AppConfig):
    name = "duban.catalogue"
    label = "catalogue"
    verbose_name = "指标目录"
