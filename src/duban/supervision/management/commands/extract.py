import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from duban.catalogue.models import Department
from duban.core.extraction import find_directives


class Command(BaseCommand):
    help = "从会议报道中提取候选任务（需人工确认后才进入清单）。Candidate tasks from a meeting report."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--plan-year", type=int, help="时限所属年度（默认今年）")
        parser.add_argument("--json", action="store_true")

    def handle(self, *args, file, plan_year, json: bool, **options):
        try:
            text = file.read_text(encoding="utf-8")
        except FileNotFoundError:
            raise CommandError(f"找不到文件：{file}") from None
        except UnicodeDecodeError:
            raise CommandError(f"{file} 不是 UTF-8 文本") from None
        candidates = find_directives(
            text,
            plan_year=plan_year or timezone.localdate().year,
            known_departments=list(Department.objects.values_list("name", flat=True)),
        )
        rows = [
            {
                "text": c.text,
                "deadline_text": c.deadline_text,
                "due": c.deadline.due.isoformat() if c.deadline and c.deadline.due else None,
                "suggested_lead": c.suggested_lead,
                "keywords": list(c.keywords),
                "paragraph": c.paragraph_index + 1,
            }
            for c in candidates
        ]
        if json:
            self.stdout.write(_json_dump({"file": file.name, "candidates": rows}))
            return
        self.stdout.write(f"{file.name}：{len(rows)} 条候选任务（须经人工确认后录入任务清单）")
        for number, row in enumerate(rows, start=1):
            due = f"  时限：{row['deadline_text']}（{row['due'] or '周期性'}）" if row["deadline_text"] else ""
            lead = f"  建议牵头：{row['suggested_lead']}" if row["suggested_lead"] else ""
            self.stdout.write(f"{number:>3}. [第{row['paragraph']}段] {row['text']}{due}{lead}")


def _json_dump(document: dict) -> str:
    return json.dumps(document, ensure_ascii=False, indent=2)
