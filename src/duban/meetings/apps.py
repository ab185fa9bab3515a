from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "duban.meetings"
    verbose_name = "会议精神转化"
    default_auto_field = "django.db.models.BigAutoField"
