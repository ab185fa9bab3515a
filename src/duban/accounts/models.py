"""Who a user is in the work system: a role, and the department or leader they act for."""

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.db import connection, models
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy as _

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
    """A key for scripts calling the API. Only its hash is stored: the key is shown once, when
    it is issued, and a lost key is replaced, never recovered. A token works until it expires
    or is revoked."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("用户"), on_delete=models.CASCADE,
                             related_name="api_tokens")
    name = models.CharField(_("用途"), max_length=64)
    prefix = models.CharField(_("密钥开头"), max_length=8, editable=False, default="",
                              help_text=_("密钥的前 8 位，用于辨认是哪一个令牌"))
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    expires_at = models.DateTimeField(_("过期时间"))
    revoked_at = models.DateTimeField(_("吊销时间"), null=True, blank=True, editable=False)
    last_used_at = models.DateTimeField(_("最近使用"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("API 令牌")
        verbose_name_plural = _("API 令牌")

    def __str__(self) -> str:
        return f"{self.user} / {self.name} ({self.prefix}…)"

    @staticmethod
    def hash_key(key: str) -> str:
        # The key is 256 random bits: a plain SHA-256 cannot be reversed or guessed.
        return hashlib.sha256(key.encode()).hexdigest()

    @staticmethod
    def new_key() -> str:
        # Hex, not URL-safe base64: a key (or its 8-character prefix) starting with "-" was taken
        # for an option by `duban token revoke`, and hex reads out and copies without ambiguity.
        return secrets.token_hex(32)

    def set_key(self, key: str) -> None:
        self.key_hash, self.prefix = self.hash_key(key), key[:8]

    @classmethod
    def issue(cls, user, name: str, expires_at=None) -> tuple["ApiToken", str]:
        """Create a token and return it with its key; the key is shown once and never stored.
        Without ``expires_at`` it runs DUBAN_API_TOKEN_DAYS from now."""
        if expires_at is None:
            expires_at = timezone.now() + timedelta(days=settings.API_TOKEN_DAYS)
        key = cls.new_key()
        token = cls(user=user, name=name, expires_at=expires_at)
        token.set_key(key)
        token.save()
        return token, key

    @classmethod
    def usable(cls, now):
        return cls.objects.filter(revoked_at__isnull=True, expires_at__gt=now, user__is_active=True)

    @classmethod
    def owner(cls, key: str, now, *, note_use_after: timedelta):
        """The active user a usable key belongs to (the conditions of ``usable``), with their
        profile, or None. The user carries ``token_id`` and ``token_use_due``: true when the
        token's last use is older than ``note_use_after``. Every API call asks: one query, written
        once rather than compiled by the ORM on every call."""
        from django.contrib.auth import get_user_model

        users = get_user_model()
        q = connection.ops.quote_name
        profile_fields = Profile._meta.concrete_fields
        sql = (
            f"SELECT u.*, t.{q('id')} AS token_id, CASE WHEN t.{q('last_used_at')} IS NULL "
            f"OR t.{q('last_used_at')} <= %s THEN 1 ELSE 0 END AS token_use_due, "
            + ", ".join(f"p.{q(f.column)} AS profile_{f.attname}" for f in profile_fields)
            + f" FROM {q(users._meta.db_table)} u JOIN {q(cls._meta.db_table)} t ON t.{q('user_id')} = u.{q('id')}"
            f" LEFT JOIN {q(Profile._meta.db_table)} p ON p.{q('user_id')} = u.{q('id')}"
            f" WHERE t.{q('key_hash')} = %s AND t.{q('revoked_at')} IS NULL AND t.{q('expires_at')} > %s"
            f" AND u.{q('is_active')}"
        )
        user = next(iter(users.objects.raw(sql, [now - note_use_after, cls.hash_key(key), now])), None)
        if user is not None:  # the role is asked next: the profile comes with the same row
            values = [getattr(user, f"profile_{f.attname}") for f in profile_fields]
            profile = Profile.from_db(connection.alias, [f.attname for f in profile_fields], values)
            users._meta.get_field("profile").set_cached_value(user, profile if profile.pk is not None else None)
        return user

    def state(self, now) -> str:
        if self.revoked_at is not None:
            return gettext("已吊销")
        return gettext("已过期") if self.expires_at <= now else gettext("有效")

    def revoke(self, now) -> None:
        if self.revoked_at is None:
            self.revoked_at = now
            self.save(update_fields=["revoked_at"])
