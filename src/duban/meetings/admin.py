from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from duban.catalogue.models import Department
from duban.meetings.models import Candidate, Decision, LeadKeyword, Report


@admin.register(LeadKeyword)
class LeadKeywordAdmin(admin.ModelAdmin):
    list_display = ["keyword", "department_name", "in_catalogue"]
    list_editable = ["department_name"]
    search_fields = ["keyword", "department_name"]

    @admin.display(boolean=True, description=_("在部门目录中"))
    def in_catalogue(self, keyword: LeadKeyword) -> bool:
        return Department.objects.filter(name=keyword.department_name).exists()


class ReadOnly:
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class CandidateInline(ReadOnly, admin.TabularInline):
    model = Candidate
    fields = ["position", "kind", "title", "status", "lead", "deadline_text", "due", "task", "reason"]
    readonly_fields = fields
    extra = 0
    show_change_link = True


class DecisionInline(ReadOnly, admin.TabularInline):
    model = Decision
    fields = ["at", "actor_name", "action", "candidate", "detail"]
    readonly_fields = fields
    extra = 0


@admin.register(Report)
class ReportAdmin(ReadOnly, admin.ModelAdmin):
    """Reports and their decisions are records: read here, reviewed on the 会议精神转化 page."""

    list_display = ["title", "meeting_date", "source", "created_by_name", "created_at"]
    search_fields = ["title", "text"]
    inlines = [CandidateInline, DecisionInline]


@admin.register(Decision)
class DecisionAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ["at", "actor_name", "action", "report", "detail"]
    list_filter = ["action"]
    search_fields = ["detail", "actor_name"]
