from django.apps import AppConfig, apps
from django.utils.translation import gettext_lazy as _

# Third-party apps name themselves and their models in English only; the admin is Chinese first.
THIRD_PARTY_NAMES = {
    "django_tasks_database": (_("后台任务"), {"dbtaskresult": (_("任务结果"), _("任务结果"))}),
    "axes": (_("登录限制"), {
        "accessattempt": (_("登录尝试"), _("登录尝试")), "accessfailurelog": (_("登录失败记录"), _("登录失败记录")),
        "accesslog": (_("登录日志"), _("登录日志")),
        "accessattemptexpiration": (_("登录尝试过期"), _("登录尝试过期")),
    }),
}


class WebConfig(AppConfig):
    name = "duban.web"
    label = "web"

    def ready(self) -> None:
        for label, (name, models) in THIRD_PARTY_NAMES.items():
            if label not in apps.app_configs:
                continue
            config = apps.get_app_config(label)
            config.verbose_name = name
            for model_name, (single, plural) in models.items():
                model = config.models.get(model_name)
                if model is not None:
                    model._meta.verbose_name, model._meta.verbose_name_plural = single, plural
