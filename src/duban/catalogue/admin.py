from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from duban.catalogue.models import Department, Indicator, Leader, PeerGroup, Region, TaskForce


@admin.register(Region)
class RegionAdmin(SimpleHistoryAdmin):
    list_display = ["code", "name", "level", "parent"]
    list_filter = ["level"]
    search_fields = ["code", "name"]
    autocomplete_fields = ["parent"]


@admin.register(PeerGroup)
class PeerGroupAdmin(SimpleHistoryAdmin):
    list_display = ["code", "name", "short_name", "member_count"]
    search_fields = ["code", "name"]
    filter_horizontal = ["members"]

    @admin.display(description="成员数")
    def member_count(self, group):
        return group.members.count()


@admin.register(Leader)
class LeaderAdmin(SimpleHistoryAdmin):
    list_display = ["name", "title"]
    search_fields = ["name"]


@admin.register(Department)
class DepartmentAdmin(SimpleHistoryAdmin):
    list_display = ["name", "leader"]
    list_filter = ["leader"]
    search_fields = ["name"]


@admin.register(TaskForce)
class TaskForceAdmin(SimpleHistoryAdmin):
    list_display = ["name", "leader"]
    search_fields = ["name"]
    filter_horizontal = ["departments"]


@admin.register(Indicator)
class IndicatorAdmin(SimpleHistoryAdmin):
    list_display = ["code", "name", "unit", "category", "kind", "direction", "frequency", "rank_by", "department"]
    list_filter = ["category", "kind", "direction", "frequency", "rank_by", "department"]
    search_fields = ["code", "name"]
    autocomplete_fields = ["department", "leader", "task_force"]
