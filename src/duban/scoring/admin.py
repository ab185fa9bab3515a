from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from duban.scoring.models import Scheme, SchemeItem, ScoreAdjustment


class SchemeItemInline(admin.TabularInline):
    model = SchemeItem
    extra = 0
    autocomplete_fields = ["indicator"]
    fields = ["position", "indicator", "measure", "weight", "method", "step", "base", "span", "bands", "ratio"]


@admin.register(Scheme)
class SchemeAdmin(SimpleHistoryAdmin):
    list_display = ["code", "name", "subjects", "group", "frequency"]
    search_fields = ["code", "name"]
    inlines = [SchemeItemInline]


@admin.register(ScoreAdjustment)
class ScoreAdjustmentAdmin(SimpleHistoryAdmin):
    list_display = ["scheme", "period", "region", "department", "points", "reason", "actor", "entered_at"]
    list_filter = ["scheme", "period"]
    readonly_fields = ["entered_by", "actor", "entered_at"]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.entered_by, obj.actor = request.user, request.user.get_username()
        super().save_model(request, obj, form, change)
