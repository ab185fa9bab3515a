from django.core.management.base import BaseCommand

from duban.arguments import add_as_of, as_of_of
from duban.locks import exclusive
from duban.supervision.tick import run_tick


class Command(BaseCommand):
    help = "运行当日节奏：督办升级、排队并发送消息。Run the day's cadence; safe to run twice."

    def add_arguments(self, parser):
        add_as_of(parser)

    def handle(self, *args, **options):
        as_of = as_of_of(options)
        # Around the whole run, not inside steps: a second tick (cron overlapping the scheduler)
        # skips quietly instead of racing the first one to the same rows.
        with exclusive("tick") as held:
            if not held:
                self.stdout.write(f"{as_of:%Y-%m-%d} 另一个 duban tick 正在运行，本次跳过（它完成的步骤不会重复）")
                return
            for line in run_tick(as_of):
                self.stdout.write(f"{as_of:%Y-%m-%d} {line}")
