from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    name = "duban.projects"
    label = "projects"
    verbose_name = _("重大项目")
