from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from duban.supervision.models import Comment, EscalationStep, Milestone, Notice, ProgressReport, Task, TaskEvent


class MilestoneInline(admin.TabularInline):
    model = Milestone
    extra = 0


@admin.register(Task)
class TaskAdmin(SimpleHistoryAdmin):
    list_display = ["plan_year", "number", "title", "level", "lead", "leader", "deadline_text", "due", "status"]
    list_filter = ["plan_year", "level", "status", "lead", "leader"]
    search_fields = ["title", "measures", "number"]
    autocomplete_fields = ["parent"]
    filter_horizontal = ["cooperating", "indicators"]
    inlines = [MilestoneInline]


@admin.register(ProgressReport)
class ProgressReportAdmin(admin.ModelAdmin):
    list_display = ["created", "task", "department", "author", "percent"]
    list_filter = ["department"]


@admin.register(EscalationStep)
class EscalationStepAdmin(admin.ModelAdmin):
    list_display = ["as_of", "task", "due", "step", "sent", "taken_at", "by"]
    list_filter = ["step", "sent"]


@admin.register(Notice)
class NoticeAdmin(admin.ModelAdmin):
    list_display = ["number", "task", "due", "state", "issued_at"]
    list_filter = ["year", "state"]


admin.site.register(Comment)
admin.site.register(TaskEvent)
