from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from duban.catalogue.models import (
    Department,
    Indicator,
    IndicatorAlias,
    Leader,
    PeerGroup,
    Region,
    RegionAlias,
    TaskForce,
)


class RegionAliasInline(admin.TabularInline):
    model = RegionAlias
    extra = 1


class IndicatorAliasInline(admin.TabularInline):
    model = IndicatorAlias
    extra = 1


@admin.register(Region)
class RegionAdmin(SimpleHistoryAdmin):
    list_display = ["code", "name", "level", "parent"]
    list_filter = ["level"]
    search_fields = ["code", "name", "aliases__name"]
    autocomplete_fields = ["parent"]
    inlines = [RegionAliasInline]


@admin.register(PeerGroup)
class PeerGroupAdmin(SimpleHistoryAdmin):
    list_display = ["code", "name", "short_name", "member_count"]
    search_fields = ["code", "name"]
    filter_horizontal = ["members"]

    @admin.display(description=_("成员数"))
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
    list_display = ["code", "name", "unit", "category", "kind", "direction", "frequency", "rank_by", "decimals",
                    "department"]
    list_filter = ["category", "kind", "direction", "frequency", "rank_by", "additive", "department"]
    search_fields = ["code", "name", "aliases__name"]
    inlines = [IndicatorAliasInline]
    autocomplete_fields = ["department", "leader", "task_force"]
