from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from duban.demo.services import DEMO_PASSWORD, DEMO_USERS, DemoLoadFailed, load_demo
from duban.monitoring.freshness import bring_current


class Command(BaseCommand):
    help = "载入合成演示数据并启动网页服务。Load the synthetic demo data and serve the web UI."

    def add_arguments(self, parser):
        parser.add_argument("--no-serve", action="store_true", help="只载入数据，不启动服务")
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)

    def handle(self, *args, no_serve, host, port, **options):
        call_command("init", stdout=self.stdout)
        try:
            summary = load_demo()
        except DemoLoadFailed as error:
            raise CommandError(f"演示数据载入失败：\n{error}") from None
        for report in summary.reports:
            self.stdout.write(
                f"  {report.kind:<13} {report.rows:>6} 行：新增 {report.created}，更新 {report.updated}，未变 {report.unchanged}"
            )
        self.stdout.write("演示数据（合成数据，非真实统计）已载入。本地区：永康市（330784）。")
        self.stdout.write(f"监测结果：已计算 {bring_current(as_of=timezone.localdate())} 个期间")
        self.stdout.write(f"演示账号（密码均为 {DEMO_PASSWORD}）：")
        for username, display, *_ in DEMO_USERS:
            self.stdout.write(f"  {username:<10} {display}")
        if not no_serve:
            call_command("serve", host=host, port=port, stdout=self.stdout)
