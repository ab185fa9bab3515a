from django.contrib import admin

from duban.exact_decimal import AsNumber
from duban.observations.models import Observation, ObservationRevision, PeriodLock


class ObservationRevisionInline(admin.TabularInline):
    model = ObservationRevision
    extra = 0
    can_delete = False
    fields = ["changed_at", "changed_by", "actor", "action", "old_value", "new_value", "old_status", "new_status", "reason"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Observation)
class ObservationAdmin(admin.ModelAdmin):
    """Read-only here: figures change through data entry or import, which keep the ledger."""

    list_display = ["indicator", "region", "period", "basis", "figure", "yoy_pct", "reported_rank", "status"]
    list_filter = ["status", "basis", "period_kind", "indicator__category"]
    search_fields = ["indicator__name", "region__name", "period"]
    list_select_related = ["indicator", "region"]
    inlines = [ObservationRevisionInline]

    @admin.display(description=Observation._meta.get_field("value").verbose_name, ordering=AsNumber("value"))
    def figure(self, row):
        """The value, sorted as a number (SQLite keeps it as text)."""
        return row.value

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False


@admin.register(PeriodLock)
class PeriodLockAdmin(admin.ModelAdmin):
    """Locks are set on the review page, which checks that the period is fully approved."""

    list_display = ["period", "locked_by", "locked_at"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
