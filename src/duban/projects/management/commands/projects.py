import json

from django.core.management.base import BaseCommand, CommandError

from duban.core.periods import PeriodError
from duban.projects.services import PeriodNotMonth, month_period, project_lines

COLOURS = {"green": "绿", "yellow": "黄", "red": "红"}


def _pct(value) -> str:
    return "—" if value is None else f"{value:.2f}"


class Command(BaseCommand):
    help = "每个重大项目某月的三色状态：计划进度、完成进度、差距与原因。Every project's colour for a month."

    def add_arguments(self, parser):
        parser.add_argument("--period", required=True, help="月份，如 2024-06 或 2024年1-6月")
        parser.add_argument("--json", action="store_true", help="输出 JSON")

    def handle(self, *args, period, json: bool, **options):
        try:
            month = month_period(period)
        except (PeriodError, PeriodNotMonth) as error:
            raise CommandError(str(error)) from None
        lines = project_lines(month)
        if json:
            document = {"period": month.code, "projects": [line.as_dict() for line in lines]}
            self.stdout.write(_dumps(document))
            return
        self.stdout.write(f"重大项目 {month.code}（{len(lines)} 个）")
        self.stdout.write("编号        颜色  计划%    完成%    差距(点)  项目 / 原因")
        for line in lines:
            s = line.status
            self.stdout.write(f"{line.project.code:<10}  {COLOURS[s.colour]}    {_pct(s.planned_pct):>7}  "
                              f"{_pct(s.completed_pct):>7}  {_pct(s.gap_pp):>8}  {line.project.name}"
                              + (f"：{'；'.join(s.reasons)}" if s.reasons else ""))


def _dumps(document: dict) -> str:
    return json.dumps(document, ensure_ascii=False, indent=2)
