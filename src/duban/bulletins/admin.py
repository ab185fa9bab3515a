from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from duban.bulletins.models import Delivery, Document, Review, Schedule, Subscription, TickRun, WarningChange


class SubscriptionInline(admin.TabularInline):
    model = Subscription
    extra = 1


@admin.register(Schedule)
class ScheduleAdmin(admin.ModelAdmin):
    list_display = ["kind", "enabled", "workdays_only", "weekday", "day", "lead_days", "title_template", "notify_robot"]
    list_editable = ["enabled"]
    inlines = [SubscriptionInline]


class DeliveryInline(admin.TabularInline):
    model = Delivery
    extra = 0
    readonly_fields = ["user", "channels", "created_at"]
    can_delete = False


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "period", "as_of", "created_at", "created_by"]
    list_filter = ["kind"]
    search_fields = ["title", "period"]
    readonly_fields = ["kind", "key", "region", "period", "as_of", "title", "content", "created_by"]
    inlines = [DeliveryInline]


@admin.register(Review)
class ReviewAdmin(SimpleHistoryAdmin):
    list_display = ["region", "quarter", "version", "updated_at", "updated_by"]
    readonly_fields = ["version"]


@admin.register(WarningChange)
class WarningChangeAdmin(admin.ModelAdmin):
    list_display = ["as_of", "indicator", "period", "previous_level", "level"]
    list_filter = ["level"]


admin.site.register(TickRun)
