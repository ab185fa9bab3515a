from django.conf import settings
from django.core.management.base import BaseCommand

from duban.web.background import Scheduler


class Command(BaseCommand):
    help = "每日调度：每天在 DUBAN_TICK_TIME 运行 tick，补齐漏跑的日期。Run the daily scheduler in the foreground."

    def handle(self, *args, **options):
        self.stdout.write(f"每日调度已启动：每天 {settings.TICK_TIME:%H:%M} 运行 tick（Ctrl+C 停止）")
        scheduler = Scheduler()
        scheduler.start()
        try:
            scheduler.join()
        except KeyboardInterrupt:
            scheduler.stopping.set()
