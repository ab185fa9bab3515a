from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "duban.accounts"
    label = "accounts"
    verbose_name = _("用户与角色")

    def ready(self):
        from duban.accounts import throttling  # noqa: F401  (connects the lockout log)
