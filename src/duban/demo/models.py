from django.db import models
from django.utils.translation import gettext_lazy as _


class DemoDataset(models.Model):
    """Marks a database that holds the synthetic demo data, so every page can say so."""

    version = models.CharField(_("版本"), max_length=16)
    loaded_at = models.DateTimeField(_("载入时间"), auto_now=True)

    class Meta:
        verbose_name = _("演示数据")
        verbose_name_plural = _("演示数据")

    def __str__(self) -> str:
        return f"演示数据 {self.version}"
