from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from duban.locks import exclusive
from duban.supervision.tick import run_tick


def parse_as_of(text: str | None) -> date:
    if not text:
        return timezone.localdate()
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"--as-of 应为 YYYY-MM-DD 格式的日期，而不是“{text}”") from None


class Command(BaseCommand):
    help = "运行当日节奏：督办升级、排队并发送消息。Run the day's cadence; safe to run twice."

    def add_arguments(self, parser):
        parser.add_argument("--as-of", help="业务日期 YYYY-MM-DD（默认今天）")

    def handle(self, *args, **options):
        as_of = parse_as_of(options["as_of"])
        # Around the whole run, not inside steps: a second tick (cron overlapping the scheduler)
        # skips quietly instead of racing the first one to the same rows.
        with exclusive("tick") as held:
            if not held:
                self.stdout.write(f"{as_of:%Y-%m-%d} 另一个 duban tick 正在运行，本次跳过（它完成的步骤不会重复）")
                return
            for line in run_tick(as_of):
                self.stdout.write(f"{as_of:%Y-%m-%d} {line}")
