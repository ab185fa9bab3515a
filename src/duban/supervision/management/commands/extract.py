import json
from datetime import date
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from duban.core.extraction import find_candidates, rebuild_paragraphs
from duban.core.report_dates import date_of_report, dateline_text
from duban.meetings.readers import UnreadableReport, read_report
from duban.meetings.services import lead_hints


class Command(BaseCommand):
    help = "从会议报道中提取候选任务（需人工确认后才进入清单）。Candidate tasks from a meeting report."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help=".txt、.docx 或带文字层的 .pdf")
        parser.add_argument("--date", type=date.fromisoformat, help="会议日期或见报日期（YYYY-MM-DD），报道中没有年份时使用")
        parser.add_argument("--plan-year", type=int, help="报道中没有年份时，电头日期所属的年度")
        parser.add_argument("--json", action="store_true")

    def handle(self, *args, file: Path, date, plan_year, json: bool, **options):
        try:
            text, _ = read_report(file.name, file.read_bytes())
        except FileNotFoundError:
            raise CommandError(f"找不到文件：{file}") from None
        except UnreadableReport as error:
            raise CommandError(str(error)) from None
        paragraphs = rebuild_paragraphs(text)
        found = date_of_report(paragraphs, given=date, plan_year=plan_year)
        if found is None:
            seen = dateline_text(paragraphs)
            said = f"报道中只有“{seen}”，没有年份" if seen else "报道中找不到会议日期"
            raise CommandError(f"{file.name}：无法确定报道日期（{said}）；请用 --date YYYY-MM-DD 或 --plan-year YYYY 指定")
        candidates = find_candidates(paragraphs, report_date=found.date, hints=lead_hints())
        rows = [
            {
                "kind": c.kind,
                "text": c.text,
                "title": c.title,
                "deadline_text": c.deadline_text,
                "due": c.deadline.due.isoformat() if c.deadline and c.deadline.due else None,
                "recurrence": c.deadline.recurrence if c.deadline else None,
                "suggested_lead": c.lead.lead,
                "cooperating": list(c.lead.cooperating),
                "office_choice": c.lead.office_choice,
                "targets": list(c.targets),
                "keywords": list(c.keywords),
                "paragraph": c.paragraph_index + 1,
                "spans": [[s.paragraph, s.start, s.end] for s in c.spans],
            }
            for c in candidates
        ]
        if json:
            self.stdout.write(_json_dump({"file": file.name, "report_date": found.date.isoformat(),
                                          "date_source": found.source, "candidates": rows}))
            return
        self.stdout.write(f"{file.name}：会议日期 {found.date:%Y-%m-%d}（{found.source}）；"
                          f"{len(rows)} 条候选任务（须经人工确认后录入任务清单）")
        for number, row in enumerate(rows, start=1):
            due = f"  时限：{row['deadline_text']}（{row['due'] or '周期性'}）" if row["deadline_text"] else ""
            lead = "  建议牵头：督查室指定" if row["office_choice"] else (
                f"  建议牵头：{row['suggested_lead']}" if row["suggested_lead"] else "")
            self.stdout.write(f"{number:>3}. [第{row['paragraph']}段] {row['text']}{due}{lead}")


def _json_dump(document: dict) -> str:
    return json.dumps(document, ensure_ascii=False, indent=2)
