from django.contrib import admin, messages

from duban.notifications.models import Notification
from duban.notifications.services import retry


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["created_at", "channel", "recipient", "subject", "state", "attempts", "last_error", "sent_at"]
    list_filter = ["state", "channel"]
    search_fields = ["recipient", "subject", "message_id"]
    readonly_fields = [f.name for f in Notification._meta.fields]
    actions = ["retry_now"]

    @admin.action(description="重新发送所选的失败消息")
    def retry_now(self, request, queryset):
        from duban.notifications.tasks import send_notifications

        count = retry(queryset)
        send_notifications.enqueue()
        self.message_user(request, f"已重新排队 {count} 条消息", messages.SUCCESS)

    def has_add_permission(self, request):
        return False
