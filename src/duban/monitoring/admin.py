from django.contrib import admin

from duban.monitoring.models import PeriodSnapshot, WarningRule


@admin.register(WarningRule)
class WarningRuleAdmin(admin.ModelAdmin):
    list_display = ["order", "level", "condition", "threshold", "reason_template_zh", "enabled"]
    list_editable = ["threshold", "enabled"]
    ordering = ["order"]


@admin.register(PeriodSnapshot)
class PeriodSnapshotAdmin(admin.ModelAdmin):
    list_display = ["period", "as_of", "computed_at", "revision_mark", "target_mark", "valid_until"]
    readonly_fields = ["period", "period_end", "as_of", "computed_at", "revision_mark", "target_mark", "valid_until"]
