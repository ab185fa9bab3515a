"""``duban import --kind tasks``: a 任务分解表 (task breakdown sheet) into the task tree."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from duban.catalogue.lookups import NameIndex, UnknownName
from duban.catalogue.models import Department, Indicator, Leader
from duban.core.collectives import is_collective_unit, split_units
from duban.core.deadlines import DeadlineError, parse_deadline
from duban.core.numbering import NumberingError, build_tree, parse_outline_number
from duban.imports.base import ImportReport, Row, TableImporter
from duban.imports.tabular import Column, ImportProblem, ImportRejected, Sheet, cell_text, find_header
from duban.supervision.models import TaskLevel
from duban.supervision.services import TaskSpec, save_task_specs

TITLE_YEAR = re.compile(r"(20\d{2})\s*年")
DEADLINE_YEAR = re.compile(r"(20\d{2})\s*年|(20\d{2})[-/.]\d{1,2}[-/.]\d{1,2}")


@dataclass
class ParsedRow:
    row: Row
    spec: TaskSpec
    parent: int | None


class TaskImporter(TableImporter):
    kind = "tasks"
    name_columns = ("task", "measure")
    columns = [
        Column("number", ("序号",)),
        Column("task", ("重点任务", "任务", "工作任务", "主要任务")),
        Column("measure", ("具体举措", "主要举措", "关键措施", "工作举措"), required=False),
        Column("lead", ("牵头单位", "责任单位", "牵头部门")),
        Column("cooperating", ("配合单位", "协同单位", "配合部门"), required=False),
        Column("leader", ("责任领导", "分管领导", "牵头领导"), required=False),
        Column("deadline", ("完成时限", "时间节点", "完成时间")),
        Column("indicators", ("关联指标", "相关指标"), required=False),
    ]

    def __init__(self, *, plan_year: int | None = None, **kwargs):
        super().__init__(**kwargs)
        self.plan_year = plan_year

    def rows(self, sheets: list[Sheet]):
        if self.plan_year is None:
            # Never the clock's year: a 2024 sheet imported later must still get 2024 due dates.
            self.plan_year = _sheet_year(sheets, self.columns, self.file_name)
        return super().rows(sheets)

    def parse_rows(self, rows: list[Row]) -> list[ParsedRow]:
        numbered = [row for row in rows if self._has_number(row)]
        try:
            parents = build_tree([row.get("number") for row in numbered])
        except NumberingError as error:
            reason = str(error).split("：", 1)[-1]
            if error.same_as is not None:  # the core counts items from 0; the person reads row numbers
                reason = f'序号 "{numbered[error.row].get("number")}" 与第 {numbered[error.same_as].number} 行重复'
            numbered[error.row].problem("number", reason)
            return []
        departments = NameIndex(Department.objects.all(), keys=("name",), label="部门")
        leaders = NameIndex(Leader.objects.all(), keys=("name",), label="领导")
        indicators = NameIndex(Indicator.objects.all(), label="指标")
        parsed: list[ParsedRow] = []
        for index, (row, parent) in enumerate(zip(numbered, parents, strict=True)):
            parent_item = parsed[parent] if parent is not None else None
            parsed.append(self._parse_row(row, index, parent, parent_item, departments, leaders, indicators))
        return parsed

    def write(self, parsed: list[ParsedRow], report: ImportReport) -> None:
        save_task_specs([item.spec for item in parsed], [item.parent for item in parsed], report, actor=self.user)

    # -- one row -----------------------------------------------------------

    def _has_number(self, row: Row) -> bool:
        if row.get("number") is None:
            row.problem("number", "序号不能为空")
            return False
        return True

    def _parse_row(self, row, index, parent, parent_item, departments, leaders, indicators) -> ParsedRow:
        number = row.get("number")
        style = parse_outline_number(number).style
        is_goal = style in ("chinese", "paren_chinese")
        level = TaskLevel.GOAL if is_goal else TaskLevel.MEASURE if parent_item and parent_item.spec.level != TaskLevel.GOAL else TaskLevel.TASK
        # A sub-measure often leaves 重点任务 empty: its own text is then the measure.
        title, measures = row.get("task"), row.get("measure") or ""
        if title is None:
            title, measures = measures, ""
        if not title:
            row.problem("task", "重点任务和具体举措不能都为空")
        spec = TaskSpec(
            plan_year=self.plan_year, number=number, position=index, level=level, title=title or "",
            measures=measures,
        )
        item = ParsedRow(row=row, spec=spec, parent=parent)
        if is_goal:
            for name in ("lead", "cooperating", "leader", "deadline"):
                if row.get(name):
                    row.problem(name, "目标（一、二、三…）行不填此项")
            return item
        spec.lead = self._lead(row, departments, parent_item)
        spec.cooperating, spec.collective_units = self._cooperating(row, departments)
        spec.leader = self._leader(row, leaders, parent_item)
        self._deadline(row, spec)
        spec.indicator_text = row.get("indicators") or ""
        spec.indicators = self._indicators(row, indicators)
        return item

    def _lead(self, row, departments, parent_item):
        text = row.get("lead")
        if text is None:
            if parent_item and parent_item.spec.lead:
                return parent_item.spec.lead
            row.problem("lead", "牵头单位不能为空")
            return None
        units = split_units(text)
        if len(units) != 1:
            row.problem("lead", "牵头单位只能填一个，其余请填入配合单位")
            return None
        if is_collective_unit(units[0]):
            row.problem("lead", "牵头单位须是具体部门，不能是集合单位")
            return None
        try:
            return departments.get(units[0])
        except UnknownName as error:
            row.problem("lead", str(error))
            return None

    def _cooperating(self, row, departments):
        found, collectives = [], []
        for unit in split_units(row.get("cooperating") or ""):
            if is_collective_unit(unit):
                collectives.append(unit)
                continue
            try:
                found.append(departments.get(unit))
            except UnknownName as error:
                row.problem("cooperating", str(error), value=unit)
        return found, collectives

    def _leader(self, row, leaders, parent_item):
        text = row.get("leader")
        if text is None:
            # A measure answers to the leader of the task it belongs to.
            return parent_item.spec.leader if parent_item else None
        try:
            return leaders.get(text)
        except UnknownName as error:
            row.problem("leader", str(error))
            return None

    def _deadline(self, row, spec: TaskSpec) -> None:
        text = row.get("deadline")
        if text is None:
            row.problem("deadline", "完成时限不能为空")
            return
        try:
            deadline = parse_deadline(text, plan_year=self.plan_year)
        except DeadlineError as error:
            row.problem("deadline", str(error))
            return
        spec.deadline_text = deadline.text
        spec.due = deadline.due
        spec.recurrence = deadline.recurrence or ""
        spec.ongoing = deadline.ongoing
        if deadline.recurrence:
            spec.occurrences = deadline.occurrences(date(self.plan_year, 1, 1), date(self.plan_year, 12, 31))

    def _indicators(self, row, indicators: NameIndex) -> list:
        if not indicators.by_key:
            # No indicator catalogue yet: keep the text; a later re-import links it.
            return []
        found = []
        for name in split_units(row.get("indicators") or ""):
            try:
                found.append(indicators.get(name))
            except UnknownName as error:
                row.problem("indicators", str(error), value=name)
        return found


def _sheet_year(sheets: list[Sheet], columns: list[Column], file_name: str) -> int | None:
    """The plan year a breakdown sheet states: in its title (…2024年重点任务分解表), else in the
    deadlines that name a year (2024年6月30日), when they all name the same one.

    A sheet that states none is refused, naming the first year-less deadline: the person
    gives ``--plan-year``. None when no sheet has the header (``rows`` reports that).
    """
    for sheet in sheets:
        match = find_header(sheet, columns)
        if match is None:
            continue
        for raw in sheet.rows[: match.header_row]:
            for cell in raw:
                if (text := cell_text(cell)) and (found := TITLE_YEAR.search(text)):
                    return int(found[1])
        column = match.positions["deadline"]
        years: set[int] = set()
        undated = None
        for number, raw in enumerate(sheet.rows[match.header_row + 1:], start=match.header_row + 2):
            text = cell_text(raw[column]) if column < len(raw) else None
            if not text:
                continue
            if found := DEADLINE_YEAR.search(text):
                years.add(int(found[1] or found[2]))
            elif undated is None:
                undated = (number, text)
        if len(years) == 1:
            return years.pop()
        said = f"完成时限中的年份不一致（{'、'.join(map(str, sorted(years)))}）" if years else "标题和完成时限中都没有年份"
        row, value = undated or (None, None)
        raise ImportRejected([ImportProblem(
            file_name, f"无法确定计划年度：{said}；请用 --plan-year 指定", sheet=sheet.name, row=row,
            column=sheet.column_label(column) if row else None, field="deadline" if row else None, value=value,
        )])
    return None
