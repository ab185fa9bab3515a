import json

from django.core.management.base import BaseCommand

from duban.arguments import add_as_of, as_of_of
from duban.supervision.escalation import overview
from duban.supervision.models import SLIP_LABELS, STATE_LABELS, Step, Task


class Command(BaseCommand):
    help = "列出每项任务和举措的状态、督办单颜色和督办步骤。List every task with its slip and escalation step."

    def add_arguments(self, parser):
        add_as_of(parser)
        parser.add_argument("--json", action="store_true", help="在标准输出打印一个 JSON 文档")

    def handle(self, *args, **options):
        as_of = as_of_of(options)
        rows = overview(Task.objects.all(), as_of)
        if options["json"]:
            self.stdout.write(json.dumps({"as_of": as_of.isoformat(), "tasks": rows}, ensure_ascii=False, indent=2))
            return
        self.stdout.write(f"截至 {as_of:%Y年%m月%d日}，共 {len(rows)} 项")
        self.stdout.write("编号\t状态\t色标\t督办\t截止日期\t牵头单位\t名称")
        for row in rows:
            self.stdout.write(
                f"{row['id']}\t{STATE_LABELS[row['state']]}\t{SLIP_LABELS.get(row['slip'], '—')}\t"
                f"{Step(row['escalation']).label if row['escalation'] else '—'}\t{row['due'] or '—'}\t{row['lead'] or '—'}\t{row['title']}"
            )
