import getpass
import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext, ngettext

from duban.imports.base import ImportReport, import_file
from duban.imports.registry import KINDS
from duban.observations.models import Status


def summary_line(report: ImportReport) -> str:
    verb = "检查通过（未写入，--dry-run）" if report.dry_run else "已导入"
    return (
        f"{verb} {report.file}（{report.kind}，{report.layout}）：{report.rows} 行，"
        f"新增 {report.created}，更新 {report.updated}，未变 {report.unchanged}"
    )


def failure_line(report: ImportReport, *, warnings_accepted: bool) -> str:
    """Why nothing was written. Warnings not accepted stop an import as errors do, but are not
    errors: the line says which, so a person knows to look at the figures, not to fix the file.
    Unaccepted warnings are among ``report.problems``, with one line telling how to accept them."""
    errors, warned = _counts(report, warnings_accepted)
    if warned and errors:
        return gettext("%(errors)s 处错误、%(warnings)s 条警告，未写入任何数据。") % {"errors": errors, "warnings": warned}
    if warned:
        return ngettext(
            "%(n)s 条警告，未写入任何数据：确认无误后加 --accept-warnings --reason \"原因\" 重新导入。",
            "%(n)s 条警告，未写入任何数据：确认无误后加 --accept-warnings --reason \"原因\" 重新导入。",
            warned,
        ) % {"n": warned}
    return ngettext("%(n)s 处错误，未写入任何数据。", "%(n)s 处错误，未写入任何数据。", errors) % {"n": errors}


def omitted_line(report: ImportReport, *, warnings_accepted: bool) -> str | None:
    """How many problems are not listed (the list is bounded), called as ``failure_line`` calls
    them; the line on accepting warnings, the last problem, is said by ``failure_line`` anyway."""
    errors, warned = _counts(report, warnings_accepted)
    shown, omitted = len(report.problems), report.problems.omitted - (1 if warned else 0)
    if omitted <= 0:
        return None
    if warned and errors:
        return gettext("……另有 %(n)s 处错误或警告未列出（只列出前 %(shown)s 处）") % {"n": omitted, "shown": shown}
    if warned:
        return gettext("……另有 %(n)s 条警告未列出（只列出前 %(shown)s 条）") % {"n": omitted, "shown": shown}
    return gettext("……另有 %(n)s 处错误未列出（只列出前 %(shown)s 处）") % {"n": omitted, "shown": shown}


def _counts(report: ImportReport, warnings_accepted: bool) -> tuple[int, int]:
    """(errors, warnings not accepted) among the report's problems, which hold the unaccepted
    warnings and one line telling how to accept them."""
    warned = 0 if warnings_accepted else report.warnings.total
    return report.problems.total - (warned + 1 if warned else 0), warned


def sheet_lines(report: ImportReport) -> list[str]:
    """A workbook's sheets, one a line: what was read from each, or why it was skipped."""
    lines = []
    for sheet in report.sheets:
        name = f"“{sheet['sheet']}”"
        if sheet["skipped"]:
            lines.append(f"  跳过 {name}：{sheet['skipped']}")
        else:
            verb = "已写入" if sheet["written"] else "可写入"
            lines.append(f"  读取 {name}：{sheet['indicator']} {sheet['period']}"
                         f"{'（累计）' if sheet['basis'] == 'ytd' else ''}，{verb} {sheet['rows']} 行")
        lines.extend(f"      {note}" for note in sheet["notes"])
    return lines


class Command(BaseCommand):
    help = "导入 CSV 或 XLSX 文件（全部成功或全部不写入）。Import a CSV or XLSX file, all or nothing."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--kind", required=True, choices=list(KINDS))
        parser.add_argument("--dry-run", action="store_true", help="只检查，不写入")
        parser.add_argument("--json", action="store_true", help="在标准输出打印一个 JSON 摘要")
        parser.add_argument("--reason", default="", help="记入修改记录的原因")
        parser.add_argument("--plan-year", type=int, help="计划年度（仅 tasks；默认取标题中的年份，否则取完成时限中写明的年份；都没有时必须指定）")
        parser.add_argument(
            "--status", default=Status.PUBLISHED, choices=list(Status.values),
            help="导入数据的状态（仅 observations；统计部门已公布的表默认 published）",
        )
        parser.add_argument("--sheet", action="append", default=[], help="只导入此工作表（可重复；仅 observations）")
        parser.add_argument("--year", type=int, help="期间未写年份（如“1-3月”）时的年份（仅 observations；默认取工作簿中写明的年份）")
        parser.add_argument(
            "--accept-warnings", action="store_true",
            help="接受检查警告（仅 observations；须同时用 --reason 说明原因，原因记入修改记录）",
        )

    def handle(self, *args, **options):
        extra = (
            {"status": options["status"], "accept_warnings": options["accept_warnings"],
             "sheets": options["sheet"], "year": options["year"]}
            if options["kind"] == "observations" else {}
        )
        if options["kind"] == "tasks":
            extra = {"plan_year": options["plan_year"]}
        report = import_file(
            options["file"], options["kind"], dry_run=options["dry_run"],
            actor=f"cli:{getpass.getuser()}", reason=options["reason"], **extra,
        )
        if options["json"]:
            self.stdout.write(json.dumps(report.as_dict(), ensure_ascii=False, indent=2))
        elif report.ok:
            self.stdout.write(summary_line(report))
            if report.sheets:
                self.stdout.write("\n".join(sheet_lines(report)))
            for warning in report.warnings:
                self.stdout.write(f"  已接受 {warning}")
            if report.warnings.omitted:
                self.stdout.write(f"  ……另有 {report.warnings.omitted} 条已接受的警告未列出")
        if not report.ok:
            accepted = options["accept_warnings"] and bool(options["reason"]) and options["kind"] == "observations"
            if not options["json"] and report.sheets:
                self.stderr.write("\n".join(sheet_lines(report)))
            if not options["json"]:
                for problem in report.problems:
                    self.stderr.write(str(problem))
                omitted = omitted_line(report, warnings_accepted=accepted)
                if omitted:
                    self.stderr.write(omitted)
            raise CommandError(failure_line(report, warnings_accepted=accepted), returncode=1)
