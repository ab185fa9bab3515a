from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from duban.targets.models import RankTarget, Target


@admin.register(Target)
class TargetAdmin(SimpleHistoryAdmin):
    list_display = ["indicator", "region", "period", "value", "growth_pct"]
    list_filter = ["period", "indicator__category"]
    search_fields = ["indicator__name", "region__name"]
    autocomplete_fields = ["indicator", "region"]


@admin.register(RankTarget)
class RankTargetAdmin(SimpleHistoryAdmin):
    list_display = ["indicator", "region", "period", "group", "rank_max"]
    list_filter = ["period", "group"]
    search_fields = ["indicator__name", "region__name"]
    autocomplete_fields = ["indicator", "region"]
