"""``duban token``: issue, list and revoke API tokens from the command line."""

from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.contrib.auth.models import User
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from duban.accounts.models import ApiToken


def expiry(days: int | None, until: str | None):
    if until:
        try:
            day = date.fromisoformat(until)
        except ValueError:
            raise CommandError(f"--expires 应为 YYYY-MM-DD 格式的日期，而不是“{until}”") from None
        moment = timezone.make_aware(datetime.combine(day, time.max))
        if moment <= timezone.now():
            raise CommandError(f"--expires {until} 已经过去")
        return moment
    return timezone.now() + timedelta(days=days or settings.API_TOKEN_DAYS)


class Command(BaseCommand):
    help = "签发、列出、吊销 API 令牌。Issue, list and revoke API tokens (the key is printed once)."

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True)
        issue = actions.add_parser("issue", help="签发令牌：密钥只显示这一次")
        issue.add_argument("username")
        issue.add_argument("--name", required=True, help="用途，例如“统计局数据同步脚本”")
        issue.add_argument("--days", type=int, help="有效天数（默认 DUBAN_API_TOKEN_DAYS）")
        issue.add_argument("--expires", help="到期日期 YYYY-MM-DD（当日结束时失效）")
        listing = actions.add_parser("list", help="列出令牌（不含密钥）")
        listing.add_argument("--user")
        revoke = actions.add_parser("revoke", help="吊销令牌")
        revoke.add_argument("ids", nargs="+", help="令牌编号或密钥开头（list 中显示）")

    def handle(self, *args, action, **options):
        getattr(self, action)(**options)

    def issue(self, username, name, days, expires, **_):
        if days is not None and days < 1:
            raise CommandError("--days 至少为 1")
        user = User.objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(f"没有启用的用户“{username}”")
        token, key = ApiToken.issue(user, name, expiry(days, expires))
        self.stderr.write(f"已签发令牌 {token.pk}（{name}），用户 {username}，有效期至 "
                          f"{timezone.localtime(token.expires_at):%Y-%m-%d %H:%M}。密钥只显示这一次：")
        self.stdout.write(key)

    def list(self, user, **_):
        now = timezone.now()
        tokens = ApiToken.objects.select_related("user").order_by("pk")
        if user:
            tokens = tokens.filter(user__username=user)
        for token in tokens:
            used = f"{timezone.localtime(token.last_used_at):%Y-%m-%d %H:%M}" if token.last_used_at else "未使用"
            self.stdout.write(f"{token.pk}\t{token.prefix}…\t{token.user.username}\t{token.name}\t"
                              f"至 {timezone.localtime(token.expires_at):%Y-%m-%d}\t{used}\t{token.state(now)}")

    def revoke(self, ids, **_):
        tokens = []
        for ident in ids:  # all found before any is revoked
            matches = ApiToken.objects.filter(pk=int(ident)) if ident.isdigit() else ApiToken.objects.filter(prefix=ident)
            if matches.count() != 1:
                raise CommandError(f"找不到唯一的令牌“{ident}”")
            tokens.append(matches.get())
        now = timezone.now()
        for token in tokens:
            token.revoke(now)
            self.stdout.write(f"已吊销令牌 {token.pk}（{token.name}）")
