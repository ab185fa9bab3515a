"""``--kind schemes`` (one row per item; re-importing a scheme replaces its items) and
``--kind score_adjustments`` (bonus and deduction points with their reasons)."""

from __future__ import annotations

from decimal import Decimal

from simple_history.utils import bulk_create_with_history

from duban.catalogue.lookups import NameIndex, UnknownName
from duban.catalogue.models import Department, Indicator, PeerGroup, Region
from duban.core import scoring as core
from duban.core.numbers import NumberError, parse_number
from duban.core.periods import PeriodError
from duban.core.period_text import parse_period
from duban.imports.base import ImportReport, Row, TableImporter
from duban.imports.tabular import Column
from duban.scoring.measures import MEASURES
from duban.scoring.models import Method, Scheme, SchemeItem, ScoreAdjustment, SubjectKind


def _number(row: Row, name: str, *, positive: bool = False) -> Decimal | None | bool:
    """The cell's number; None if blank; False (problem noted) if it is not a usable number."""
    text = row.get(name)
    if text is None:
        return None
    try:
        value = parse_number(text)
    except NumberError as error:
        row.problem(name, str(error))
        return False
    if value is None:
        return None
    if positive and value <= 0:
        row.problem(name, "应大于 0")
        return False
    return value


class SchemeImporter(TableImporter):
    kind = "schemes"
    columns = [
        Column("scheme", ("方案", "方案代码")),
        Column("scheme_name", ("方案名称",)),
        Column("group", ("比较组", "考核对象"), required=False),
        Column("indicator", ("指标", "考核项", "指标代码")),
        Column("weight", ("分值", "权重")),
        Column("method", ("计分方法", "方法")),
        Column("step", ("每降一位扣",), required=False),
        Column("base", ("功效基础分",), required=False),
        Column("span", ("功效浮动分",), required=False),
        Column("bands", ("分档",), required=False),
    ]

    def parse_rows(self, rows):
        indicators = NameIndex(Indicator.objects.all(), label="指标")
        groups = NameIndex(PeerGroup.objects.all(), label="比较组")
        schemes: dict[str, dict] = {}
        for row in rows:
            code, name = row.get("scheme"), row.get("scheme_name")
            if not code or not name:
                row.problem("scheme" if not code else "scheme_name", "方案代码和方案名称必填")
                continue
            group = None
            if row.get("group"):
                try:
                    group = groups.get(row.get("group"))
                except UnknownName as error:
                    row.problem("group", str(error))
                    continue
            spec = schemes.setdefault(code, {"name": name, "group": group, "items": [], "first": row.number})
            if (spec["name"], spec["group"]) != (name, group):
                row.problem("scheme_name" if spec["name"] != name else "group",
                            f"与第 {spec['first']} 行同一方案的名称或比较组不一致")
                continue
            item = self._item(row, indicators)
            if item is not None:
                spec["items"].append(item)
        for code, spec in schemes.items():
            kinds = {bool(item.indicator) for item in spec["items"]}
            if len(kinds) > 1:
                self.problems.append(_scheme_problem(self, code, "同一方案不能既有指标又有部门考核项"))
            elif kinds == {True} and spec["group"] is None:
                self.problems.append(_scheme_problem(self, code, "区域方案须填写比较组（group）"))
        return schemes

    def _item(self, row: Row, indicators: NameIndex) -> SchemeItem | None:
        text = row.get("indicator") or ""
        indicator, measure = None, ""
        if text in MEASURES:
            measure = text
        else:
            try:
                indicator = indicators.get(text)
            except UnknownName as error:
                row.problem("indicator", f"{error}（部门考核项可填：{'、'.join(MEASURES)}）")
        method = row.get("method")
        if method not in Method.values:
            row.problem("method", f"计分方法应为 {' | '.join(Method.values)}")
        weight = _number(row, "weight", positive=True)
        if weight is None:
            row.problem("weight", "分值必填")
        numbers = {name: _number(row, name) for name in ("step", "base", "span")}
        bands = row.get("bands") or ""
        if method == Method.THRESHOLD:
            try:
                core.parse_bands(bands)
            except core.SchemeError as error:
                row.problem("bands", str(error))
        if method == Method.TARGET and measure:
            row.problem("method", "目标完成计分只适用于有目标的指标")
        if (indicator is None and not measure) or method not in Method.values or weight in (None, False) \
                or False in numbers.values() or any(p.row == row.number for p in self.problems):
            return None
        return SchemeItem(indicator=indicator, measure=measure, weight=weight, method=method, bands=bands, **numbers)

    def write(self, schemes, report: ImportReport) -> None:
        for code, spec in schemes.items():
            subjects = SubjectKind.REGIONS if spec["items"][0].indicator else SubjectKind.DEPARTMENTS
            scheme, created = Scheme.objects.get_or_create(
                code=code, defaults={"name": spec["name"], "group": spec["group"], "subjects": subjects}
            )
            renamed = (scheme.name, scheme.group, scheme.subjects) != (spec["name"], spec["group"], subjects)
            old = list(scheme.items.order_by("position"))
            if not created and not renamed and [_item_key(i) for i in old] == [_item_key(i) for i in spec["items"]]:
                report.unchanged += 1  # the same file twice keeps the items and their history as they are
                continue
            if not created and renamed:
                scheme.name, scheme.group, scheme.subjects = spec["name"], spec["group"], subjects
                scheme.save()
            for item in old:
                item.delete()  # one by one: each deletion is kept in the item history
            for position, item in enumerate(spec["items"]):
                item.scheme, item.position = scheme, position
            bulk_create_with_history(spec["items"], SchemeItem)
            report.created += 1 if created else 0
            report.updated += 0 if created else 1


def _item_key(item: SchemeItem) -> tuple:
    return (item.indicator_id, item.measure, item.weight, item.method, item.step, item.base, item.span,
            item.bands, item.ratio)


def _scheme_problem(importer: TableImporter, code: str, reason: str):
    from duban.imports.tabular import ImportProblem

    return ImportProblem(importer.file_name, f"方案“{code}”：{reason}")


class ScoreAdjustmentImporter(TableImporter):
    kind = "score_adjustments"
    columns = [
        Column("scheme", ("方案", "方案代码")),
        Column("region", ("区域", "考核对象", "部门")),
        Column("period", ("期间",)),
        Column("points", ("分数", "加减分")),
        Column("reason", ("事由", "原因")),
    ]

    def parse_rows(self, rows):
        schemes = {s.code: s for s in Scheme.objects.all()}
        regions = NameIndex(Region.objects.all(), label="区域")
        departments = NameIndex(Department.objects.all(), keys=("name",), label="部门")
        found = []
        for row in rows:
            scheme = schemes.get(row.get("scheme") or "")
            if scheme is None:
                row.problem("scheme", f"没有这个考核方案；已有：{'、'.join(schemes) or '（无）'}")
                continue
            subject = self._subject(row, scheme, regions, departments)
            period = None
            try:
                ref = parse_period(row.get("period") or "")
                period = ref.period
                if str(period.kind) != scheme.frequency:
                    row.problem("period", f"方案按{scheme.get_frequency_display()}考核，期间频度不符")
                    period = None
            except PeriodError as error:
                row.problem("period", str(error))
            points = _number(row, "points")
            if points is None or points == 0:
                row.problem("points", "分数必填且不能为 0（扣分填负数）")
                points = False
            reason = row.get("reason")
            if not reason:
                row.problem("reason", "事由必填")
            if subject is None or period is None or points is False or not reason:
                continue
            key = "region" if scheme.subjects == SubjectKind.REGIONS else "department"
            found.append(ScoreAdjustment(scheme=scheme, period=period.code, points=points, reason=reason,
                                         actor=self.actor, entered_by=self.user, **{key: subject}))
        return found

    def _subject(self, row: Row, scheme: Scheme, regions: NameIndex, departments: NameIndex):
        text = row.get("region") or ""
        try:
            if scheme.subjects == SubjectKind.DEPARTMENTS:
                return departments.get(text)
            region = regions.get(text)
        except UnknownName as error:
            row.problem("region", str(error))
            return None
        if not scheme.group.members.filter(pk=region.pk).exists():
            row.problem("region", f"“{region.name}”不是方案“{scheme.name}”的考核对象（{scheme.group.name}）")
            return None
        return region

    def write(self, adjustments, report: ImportReport) -> None:
        for adjustment in adjustments:
            adjustment.save()  # one by one: auto_now_add and the history row
        report.created += len(adjustments)
