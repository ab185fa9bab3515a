"""``duban import --kind projects`` (the project list with the year's plan) and
``--kind project_progress`` (completed investment and milestone dates by month).

Columns are issue 14's contract (docs/projects.md). Amounts are 万元; 亿元 and 万元 written in
the cell are converted. Every row is checked before anything is written; one bad cell and the
file is refused, each problem named by sheet, row and column.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from duban.catalogue.lookups import NameIndex, UnknownName
from duban.catalogue.models import Department, Leader, Region, TaskForce
from duban.core.numbers import NumberError, parse_number
from duban.core.periods import PeriodError, PeriodKind
from duban.core.period_text import parse_period
from duban.core.project_status import MILESTONES, START, even_plan
from duban.imports.base import ImportReport, Row, TableImporter
from duban.imports.tabular import Column
from duban.observations.models import Status
from duban.observations.workflow import WorkflowError
from duban.projects.models import Milestone, Project, ProjectMonth, ProjectYear
from duban.projects.workflow import MonthEntry, save_month

MONTHS = [f"{m}月" for m in range(1, 13)]
FULL_DATE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")


class BadCell(ValueError):
    pass


def parse_date(text: str) -> date:
    """A date (2024-06-15, 2024/6/15, 2024年6月15日) or a month (2024-06, 2024年6月: its first day)."""
    text = text.strip()
    if text.endswith(" 00:00:00"):  # an Excel date cell
        text = text[:-9]
    m = FULL_DATE.match(text)
    try:
        if m:
            return date(int(m[1]), int(m[2]), int(m[3]))
        period = parse_period(text).period
    except (ValueError, PeriodError):
        raise BadCell("不是日期或月份：请写作 2024-06-15 或 2024-06") from None
    if period.kind not in (PeriodKind.MONTH, PeriodKind.DAY):
        raise BadCell("不是日期或月份：请写作 2024-06-15 或 2024-06")
    return period.start


def amount(row: Row, name: str, *, required: bool = True) -> Decimal | None:
    text = row.get(name)
    try:
        value = parse_number(text, unit="万元")
    except NumberError as error:
        row.problem(name, str(error))
        return None
    if value is None:
        if required:
            row.problem(name, "不能为空（金额以万元计，可写 1.2亿元）")
        return None
    if value < 0:
        row.problem(name, "金额不能为负数")
        return None
    return value


def a_date(row: Row, name: str) -> date | None:
    text = row.get(name)
    if text is None:
        return None
    try:
        return parse_date(text)
    except BadCell as error:
        row.problem(name, str(error))
        return None


def lookup(row: Row, name: str, index: NameIndex, *, required: bool = True):
    text = row.get(name)
    if text is None:
        if required:
            row.problem(name, "不能为空")
        return None
    try:
        return index.get(text)
    except UnknownName as error:
        row.problem(name, str(error))
        return None


@dataclass
class ProjectRow:
    row: Row
    fields: dict
    year: int
    annual_plan: Decimal
    months: tuple[Decimal, ...]
    planned_start: date | None
    actual_start: date | None
    planned: dict[str, date]  # the other milestones' planned dates given


class ProjectImporter(TableImporter):
    kind = "projects"
    columns = [
        Column("code", ("项目编号", "项目代码", "编号")),
        Column("name", ("项目名称",)),
        Column("type", ("类型", "项目类型")),
        Column("town", ("所在镇街", "镇街", "所在地")),
        Column("department", ("牵头单位", "牵头部门")),
        Column("leader", ("责任领导",), required=False),
        Column("task_force", ("专班", "所属专班"), required=False),
        Column("total_investment", ("总投资", "总投资(万元)")),
        Column("year", ("年度",)),
        Column("annual_plan", ("年度计划投资", "年度计划投资(万元)")),
        *[Column(m, (f"{m}计划",), required=False) for m in MONTHS],
        Column("planned_start", ("计划开工",), required=False),
        Column("actual_start", ("实际开工",), required=False),
        # Beyond the contract, optional: the other milestones' planned dates (计划签约, 计划竣工, …).
        *[Column(f"计划{kind}", (), required=False) for kind in MILESTONES if kind != START],
    ]

    def parse_rows(self, rows) -> list[ProjectRow]:
        towns = NameIndex(Region.objects.all(), label="镇街")
        departments = NameIndex(Department.objects.all(), keys=("name",), label="部门")
        leaders = NameIndex(Leader.objects.all(), keys=("name",), label="领导")
        forces = NameIndex(TaskForce.objects.all(), keys=("name",), label="专班")
        names = dict(Project.objects.values_list("name", "code"))
        parsed, seen, first = [], {}, {}
        for row in rows:
            item = self._parse(row, towns, departments, leaders, forces)
            if item is None:
                continue
            code, name = item.fields["code"], item.fields["name"]
            if (code, item.year) in seen:
                row.problem("year", f"项目 {code} 的 {item.year} 年度计划与第 {seen[code, item.year]} 行重复")
                continue
            seen[code, item.year] = row.number
            if names.get(name, code) != code:
                row.problem("name", f"项目名称已被项目 {names[name]} 使用")
            earlier = first.setdefault(code, item)
            if earlier is not item and earlier.fields != item.fields:
                row.problem("code", f"同一项目的名称、镇街、牵头单位等须与第 {earlier.row.number} 行一致")
            parsed.append(item)
        return parsed

    def _parse(self, row: Row, towns, departments, leaders, forces) -> ProjectRow | None:
        before = len(self.problems)
        fields = {"code": row.get("code"), "name": row.get("name"), "type": row.get("type")}
        for name in ("code", "name", "type"):
            if fields[name] is None:
                row.problem(name, "不能为空")
        fields["town"] = lookup(row, "town", towns)
        fields["department"] = lookup(row, "department", departments)
        fields["leader"] = lookup(row, "leader", leaders, required=False)
        fields["task_force"] = lookup(row, "task_force", forces, required=False)
        fields["total_investment"] = amount(row, "total_investment")
        year = self._year(row)
        annual = amount(row, "annual_plan")
        if annual is not None and annual == 0:
            row.problem("annual_plan", "年度计划投资须大于零")
        months = self._months(row, annual)
        planned_start, actual_start = a_date(row, "planned_start"), a_date(row, "actual_start")
        planned = {kind: a_date(row, f"计划{kind}") for kind in MILESTONES if row.get(f"计划{kind}") is not None}
        if len(self.problems) > before:
            return None
        return ProjectRow(row, fields, year, annual, months, planned_start, actual_start, planned)

    def _year(self, row: Row) -> int | None:
        text = (row.get("year") or "").removesuffix("年").removesuffix("年度")
        if not re.fullmatch(r"20\d{2}", text):
            row.problem("year", "年度应为四位年份，如 2024")
            return None
        return int(text)

    def _months(self, row: Row, annual: Decimal | None) -> tuple[Decimal, ...] | None:
        """Twelve months given (0 allowed) adding up to the plan, or none (spread evenly); a
        few blank among the given is refused, never read as zero."""
        given = [m for m in MONTHS if row.get(m) is not None]
        if not given:
            return even_plan(annual) if annual else None
        if len(given) != 12:
            blank = [m for m in MONTHS if m not in given]
            row.problem(blank[0], f"分月计划须 12 个月都填（可填 0），或都不填（按年度计划平均分摊）；空缺：{'、'.join(blank)}")
            return None
        values = [amount(row, m) for m in MONTHS]
        if None in values or annual is None:
            return None
        if sum(values) != annual:
            row.problem("annual_plan", f"1—12月计划合计 {sum(values)} 万元，与年度计划投资 {annual} 万元不符")
            return None
        return tuple(values)

    def write(self, parsed: list[ProjectRow], report: ImportReport) -> None:
        for item in parsed:
            project, created = Project.objects.get_or_create(code=item.fields["code"], defaults=item.fields)
            changed = not created and any(getattr(project, k) != v for k, v in item.fields.items())
            if changed:
                Project.objects.filter(pk=project.pk).update(**item.fields)
            plan, new_plan = ProjectYear.objects.get_or_create(
                project=project, year=item.year,
                defaults={"annual_plan": item.annual_plan, "months": [str(v) for v in item.months]})
            if not new_plan and (plan.annual_plan, plan.monthly_plan) != (item.annual_plan, item.months):
                plan.annual_plan, plan.months = item.annual_plan, [str(v) for v in item.months]
                plan.save()
                changed = True
            changed |= self._start(project, item)
            for kind, planned in item.planned.items():
                changed |= self._planned(project, kind, planned)
            if created or new_plan:
                report.created += 1
            elif changed:
                report.updated += 1
            else:
                report.unchanged += 1

    def _start(self, project: Project, item: ProjectRow) -> bool:
        values = {"planned_date": item.planned_start}
        if item.actual_start is not None:  # a blank actual start leaves a reported one alone
            values["actual_date"] = item.actual_start
        start, new = Milestone.objects.get_or_create(project=project, kind=START, defaults=values)
        if new or all(getattr(start, k) == v for k, v in values.items()):
            return new
        Milestone.objects.filter(pk=start.pk).update(**values)
        return True


    def _planned(self, project: Project, kind: str, planned: date) -> bool:
        milestone, new = Milestone.objects.get_or_create(project=project, kind=kind, defaults={"planned_date": planned})
        if new or milestone.planned_date == planned:
            return new
        Milestone.objects.filter(pk=milestone.pk).update(planned_date=planned)
        return True


class ProgressImporter(TableImporter):
    kind = "project_progress"
    columns = [
        Column("project", ("项目", "项目编号", "项目名称")),
        Column("period", ("月份", "期间", "报告期")),
        Column("completed_ytd", ("1-N月累计完成投资", "累计完成投资", "累计完成投资(万元)")),
        Column("actual_start", ("实际开工",), required=False),
        *[Column(kind, (f"{kind}日期", f"实际{kind}"), required=False) for kind in MILESTONES],
    ]

    def parse_rows(self, rows) -> list[tuple[Row, MonthEntry]]:
        projects = NameIndex(Project.objects.all(), label="项目")
        parsed, seen = [], {}
        for row in rows:
            before = len(self.problems)
            project = lookup(row, "project", projects)
            period = self._period(row)
            ytd = amount(row, "completed_ytd")
            milestones = {kind: a_date(row, kind) for kind in MILESTONES if row.get(kind) is not None}
            start = a_date(row, "actual_start")
            if start is not None:
                if milestones.get(START, start) != start:
                    row.problem("actual_start", "实际开工与“开工”列的日期不一致")
                milestones[START] = start
            if len(self.problems) > before:
                continue
            key = (project.pk, period.code)
            if key in seen:
                row.problem("period", f"与第 {seen[key]} 行重复（同一项目同一月份）")
                continue
            seen[key] = row.number
            parsed.append((row, MonthEntry(project, period, ytd, None, milestones)))
        return sorted(parsed, key=lambda item: (item[1].project.code, item[1].period.code))

    def _period(self, row: Row):
        text = row.get("period")
        if text is None:
            row.problem("period", "不能为空")
            return None
        try:
            period = parse_period(text).period
        except PeriodError as error:
            row.problem("period", str(error))
            return None
        if period.kind is not PeriodKind.MONTH:
            row.problem("period", "项目按月报送：请写作 2024-06 或 2024年1-6月")
            return None
        return period

    def write(self, parsed: list[tuple[Row, MonthEntry]], report: ImportReport) -> None:
        current = {(m.project_id, m.period): m for m in ProjectMonth.objects.filter(
            project__in={e.project.pk for _, e in parsed})}
        for row, entry in parsed:
            before = current.get((entry.project.pk, entry.period.code))
            entry.version = before.version if before else None
            old = (before.completed_ytd, before.status) if before else None
            try:
                result = save_month(None, entry, reason=self.reason or f"导入：{self.file_name}",
                                    actor=self.actor or "import", status=Status.APPROVED)
            except WorkflowError as error:
                row.problem("completed_ytd", str(error))
                continue
            if before is None:
                report.created += 1
            elif old != (result.month.completed_ytd, result.month.status):
                report.updated += 1
            else:
                report.unchanged += 1
