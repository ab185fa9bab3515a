from django.contrib import admin

from duban.projects.models import Milestone, Project, ProjectMonth, ProjectRevision, ProjectStatusRules, ProjectYear


class ProjectYearInline(admin.TabularInline):
    model = ProjectYear
    extra = 0


class MilestoneInline(admin.TabularInline):
    model = Milestone
    extra = 0


@admin.register(Project)
class ProjectAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "type", "town", "department", "leader", "task_force", "total_investment"]
    list_filter = ["type", "department", "task_force"]
    search_fields = ["code", "name"]
    inlines = [ProjectYearInline, MilestoneInline]


@admin.register(ProjectMonth)
class ProjectMonthAdmin(admin.ModelAdmin):
    """Read here; months change through the entry page or the API, which keep the ledger."""

    list_display = ["project", "period", "completed_ytd", "status", "version", "updated_by", "updated_at"]
    list_filter = ["status", "period"]
    search_fields = ["project__code", "project__name"]
    readonly_fields = [f.name for f in ProjectMonth._meta.fields]

    def has_add_permission(self, request):
        return False


@admin.register(ProjectRevision)
class ProjectRevisionAdmin(admin.ModelAdmin):
    list_display = ["project", "month", "field", "action", "old_value", "new_value", "actor", "changed_at", "reason"]
    search_fields = ["project__code", "project__name"]
    readonly_fields = [f.name for f in ProjectRevision._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ProjectStatusRules)
class ProjectStatusRulesAdmin(admin.ModelAdmin):
    list_display = ["__str__", "yellow_gap_pp", "red_gap_pp", "late_start_red_months", "catch_up_yellow", "updated_at"]

    def has_add_permission(self, request):
        return not ProjectStatusRules.objects.exists()
