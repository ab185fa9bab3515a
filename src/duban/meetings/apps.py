from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "duban.meetings"
    verbose_name = _("会议精神转化")
    default_auto_field = "django.db.models.BigAutoField"
