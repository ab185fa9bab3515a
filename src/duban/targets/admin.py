from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from duban.exact_decimal import AsNumber
from duban.targets.models import RankTarget, Target


@admin.register(Target)
class TargetAdmin(SimpleHistoryAdmin):
    list_display = ["indicator", "region", "period", "target_value", "growth_pct"]
    list_filter = ["period", "indicator__category"]
    search_fields = ["indicator__name", "region__name"]
    autocomplete_fields = ["indicator", "region"]

    @admin.display(description=Target._meta.get_field("value").verbose_name, ordering=AsNumber("value"))
    def target_value(self, target):
        """The value, sorted as a number (SQLite keeps it as text)."""
        return target.value


@admin.register(RankTarget)
class RankTargetAdmin(SimpleHistoryAdmin):
    list_display = ["indicator", "region", "period", "group", "rank_max"]
    list_filter = ["period", "group"]
    search_fields = ["indicator__name", "region__name"]
    autocomplete_fields = ["indicator", "region"]
