from datetime import timedelta

from django.conf import settings
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import User
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from duban.accounts.models import ApiToken, Profile


class ProfileInline(admin.StackedInline):
    model = Profile
    can_delete = False
    autocomplete_fields = ["department", "leader", "task_force"]


admin.site.unregister(User)


@admin.register(User)
class DubanUserAdmin(UserAdmin):
    inlines = [ProfileInline]
    list_display = ["username", "first_name", "is_staff", "role"]

    @admin.display(description=_("角色"))
    def role(self, user):
        profile = getattr(user, "profile", None)
        return profile.get_role_display() if profile else "—"


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Issuing shows the key once on its own page (never in a message or a cookie); revoking keeps the row."""

    list_display = ["name", "user", "prefix", "created_at", "expires_at", "last_used_at", "token_state"]
    search_fields = ["name", "user__username", "prefix"]
    readonly_fields = ["prefix", "created_at", "last_used_at", "revoked_at"]
    autocomplete_fields = ["user"]
    actions = ["revoke_tokens"]

    def get_readonly_fields(self, request, obj=None):
        return self.readonly_fields + (["user"] if obj else [])

    def get_changeform_initial_data(self, request):
        return {"expires_at": timezone.now() + timedelta(days=settings.API_TOKEN_DAYS), "user": request.GET.get("user")}

    @admin.display(description=_("状态"))
    def token_state(self, token):
        return token.state(timezone.now())

    def save_model(self, request, obj, form, change):
        if not change:
            key = ApiToken.new_key()
            obj.set_key(key)
            request.issued_api_key = key
        super().save_model(request, obj, form, change)

    def response_add(self, request, obj, post_url_continue=None):
        response = TemplateResponse(request, "admin/accounts/apitoken/issued.html", {
            **self.admin_site.each_context(request), "opts": self.opts, "token": obj,
            "key": request.issued_api_key, "title": _("令牌已签发"),
        })
        response["Cache-Control"] = "no-store"  # the key must not outlive this page in any cache
        return response

    @admin.action(description=_("吊销所选令牌"))
    def revoke_tokens(self, request, queryset):
        now = timezone.now()
        count = queryset.filter(revoked_at__isnull=True).update(revoked_at=now)
        self.message_user(request, _("已吊销 %(count)d 个令牌") % {"count": count})
