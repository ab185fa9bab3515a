"""Who a user is in the work system: a role, and the department or leader they act for."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from duban.catalogue.models import Department, Leader, TaskForce


class Role(models.TextChoices):
    ADMIN = "admin", _("系统管理员")
    DATA_OFFICE = "data_office", _("数据办（审核）")
    SUPERVISION_OFFICE = "supervision_office", _("督查室")
    DEPARTMENT_REPORTER = "department_reporter", _("部门填报员")
    LEADER = "leader", _("领导")
    TASK_FORCE = "task_force", _("专班")
    VIEWER = "viewer", _("只读")


class Profile(models.Model):
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile")
    role = models.CharField(_("角色"), max_length=24, choices=Role.choices, default=Role.VIEWER)
    department = models.ForeignKey(
        Department, verbose_name=_("所属部门"), null=True, blank=True, on_delete=models.SET_NULL
    )
    leader = models.ForeignKey(Leader, verbose_name=_("对应领导"), null=True, blank=True, on_delete=models.SET_NULL)
    task_force = models.ForeignKey(TaskForce, verbose_name=_("所属专班"), null=True, blank=True, on_delete=models.SET_NULL)

    class Meta:
        verbose_name = _("用户角色")
        verbose_name_plural = _("用户角色")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(role="department_reporter") | models.Q(department__isnull=False),
                name="profile_reporter_has_department",
                violation_error_message=_("部门填报员必须指定所属部门"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()})"


def role_of(user) -> str | None:
    """The user's role; superusers act as administrators."""
    if not user.is_authenticated:
        return None
    if user.is_superuser:
        return Role.ADMIN
    profile = getattr(user, "profile", None)
    return profile.role if profile else Role.VIEWER


class ApiToken(models.Model):
    """A token for scripts calling the API; only its hash is stored."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("用途"), max_length=64)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("最近使用"), null=True, blank=True)

    class Meta:
        verbose_name = _("API 令牌")
        verbose_name_plural = _("API 令牌")

    def __str__(self) -> str:
        return f"{self.user} / {self.name}"

    @staticmethod
    def hash_key(key: str) -> str:
        import hashlib

        return hashlib.sha256(key.encode()).hexdigest()

    @classmethod
    def issue(cls, user, name: str) -> tuple["ApiToken", str]:
        """Create a token and return it with its key; the key is shown once and never stored."""
        import secrets

        key = secrets.token_urlsafe(32)
        return cls.objects.create(user=user, name=name, key_hash=cls.hash_key(key)), key
