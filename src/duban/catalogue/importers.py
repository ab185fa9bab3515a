"""Import kinds for the catalogue: regions, peer groups, departments, indicators."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.utils import translation
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from duban.catalogue.aliases import AliasPlan, plan_aliases
from duban.catalogue.lookups import NameIndex, UnknownName
from duban.catalogue.models import (
    DIVISION_CODE,
    LEVEL_ORDER,
    Department,
    Direction,
    Frequency,
    Indicator,
    Kind,
    Leader,
    PeerGroup,
    RankBy,
    Region,
    default_additive,
    default_decimals,
    level_of_code,
)
from duban.imports.base import ImportReport, Row, TableImporter
from duban.imports.tabular import Column, ImportProblem


def save_changes(model, new: list, changed: list, fields: list[str], report: ImportReport) -> None:
    """Write new and changed rows in bulk, with their history rows."""
    if new:
        bulk_create_with_history(new, model, batch_size=500)
    if changed:
        bulk_update_with_history(changed, model, fields, batch_size=500)
    report.created += len(new)
    report.updated += len(changed)


def split_existing(model, key: str, items: dict[str, dict], fields: list[str]):
    """Which keyed items are new, which change an existing row, and how many are unchanged."""
    existing = model.objects.in_bulk(list(items), field_name=key)
    new, changed, unchanged = [], [], 0
    for value, attrs in items.items():
        row = existing.get(value)
        if row is None:
            new.append(model(**{key: value}, **attrs))
        elif any(getattr(row, f) != attrs[f] for f in fields):
            for f in fields:
                setattr(row, f, attrs[f])
            changed.append(row)
        else:
            unchanged += 1
    return new, changed, unchanged


def parse_choice(row: Row, name: str, choices: type[models.TextChoices], extra: dict[str, str] | None = None):
    """A choice column accepting the code (flow) or the Chinese label (流量（可累计）) or a short alias."""
    text = row.get(name)
    if text is None:
        row.problem(name, "不能为空")
        return None
    lookup = {value: value for value in choices.values}
    for language in ("zh-hans", "en"):  # the labels in either language, whichever is active
        with translation.override(language):
            lookup.update({str(label).lower(): value for value, label in choices.choices})
    lookup.update(extra or {})
    word = text.strip().lower()
    if word in lookup:
        return lookup[word]
    row.problem(name, f"应为以下之一：{'、'.join(choices.values)}")
    return None


def required(row: Row, name: str) -> str | None:
    text = row.get(name)
    if text is None:
        row.problem(name, "不能为空")
    return text


class RegionImporter(TableImporter):
    kind = "regions"
    name_columns = ("name", "aliases")
    columns = [
        Column("code", ("区划代码", "代码", "行政区划代码")),
        Column("name", ("名称", "区域", "区域名称")),
        Column("parent", ("上级", "上级区域", "上级代码"), required=False),
        Column("aliases", ("别名", "简称"), required=False),
    ]

    def parse_rows(self, rows: list[Row]):
        index = NameIndex(Region.objects.all(), label="区域")
        in_file: dict[str, tuple[Row, str, str | None]] = {}
        names = {}
        for row in rows:
            code, name = required(row, "code"), required(row, "name")
            if code is None or name is None:
                continue
            if not DIVISION_CODE.match(code):
                row.problem("code", "区划代码应为 6、9 或 12 位数字")
                continue
            if code in in_file:
                row.problem("code", f"区划代码在第 {in_file[code][0].number} 行已出现")
                continue
            in_file[code] = (row, name, row.get("parent"))
            names[name] = code
        items: dict[str, dict] = {}
        for code, (row, name, parent_text) in in_file.items():
            parent_code = None
            if parent_text:
                if parent_text in in_file or parent_text in names:
                    parent_code = parent_text if parent_text in in_file else names[parent_text]
                else:
                    try:
                        parent_code = index.get(parent_text).code
                    except UnknownName as error:
                        row.problem("parent", str(error))
                        continue
                if LEVEL_ORDER.index(level_of_code(parent_code)) >= LEVEL_ORDER.index(level_of_code(code)):
                    row.problem("parent", f"上级区域 {parent_code} 的层级不高于 {code}")
                    continue
            items[code] = {"name": name, "parent_code": parent_code}
        aliases = plan_aliases(Region, {code: (row, name) for code, (row, name, _) in in_file.items()}, "区域")
        return items, aliases

    def write(self, parsed: tuple[dict[str, dict], AliasPlan], report: ImportReport) -> None:
        items, aliases = parsed
        # Parents first, so every parent row exists when its children point at it.
        ordered = sorted(items.items(), key=lambda kv: LEVEL_ORDER.index(level_of_code(kv[0])))
        for level in LEVEL_ORDER:
            batch = {code: attrs for code, attrs in ordered if level_of_code(code) == level}
            if not batch:
                continue
            parents = Region.objects.in_bulk([a["parent_code"] for a in batch.values() if a["parent_code"]], field_name="code")
            resolved = {
                code: {"name": a["name"], "parent": parents.get(a["parent_code"]), "level": level}
                for code, a in batch.items()
            }
            new, changed, unchanged = split_existing(Region, "code", resolved, ["name", "parent", "level"])
            save_changes(Region, new, changed, ["name", "parent", "level"], report)
            report.unchanged += unchanged
        aliases.write()


class PeerGroupImporter(TableImporter):
    """One row per member. The members of every group named in the file become exactly those listed."""

    kind = "groups"
    name_columns = ("group", "group_name")
    columns = [
        Column("group", ("比较组代码", "组代码", "比较组")),
        Column("group_name", ("比较组名称", "组名称", "名称"), required=False),
        Column("region", ("区域", "成员", "区划代码")),
    ]

    def parse_rows(self, rows: list[Row]):
        regions = NameIndex(Region.objects.all(), label="区域")
        groups: dict[str, dict] = {}
        for row in rows:
            code, region_text = required(row, "group"), required(row, "region")
            if code is None or region_text is None:
                continue
            group = groups.setdefault(code, {"name": None, "members": {}})
            name = row.get("group_name")
            if name and group["name"] and name != group["name"]:
                row.problem("group_name", f"同一比较组的名称前后不一致（此前为“{group['name']}”）")
            group["name"] = group["name"] or name
            try:
                region = regions.get(region_text)
            except UnknownName as error:
                row.problem("region", str(error))
                continue
            if region.pk in group["members"]:
                row.problem("region", "该区域在本组中重复出现")
            group["members"][region.pk] = region
        known = set(PeerGroup.objects.filter(code__in=list(groups)).values_list("code", flat=True))
        for code, group in groups.items():
            if group["name"] is None and code not in known:
                self.problems.append(
                    ImportProblem(self.file_name, f"新比较组“{code}”需要填写 group_name（比较组名称）", field="group_name")
                )
        return groups

    def write(self, groups: dict[str, dict], report: ImportReport) -> None:
        existing = PeerGroup.objects.in_bulk(list(groups), field_name="code")
        for code, group in groups.items():
            peer_group = existing.get(code)
            if peer_group is None:
                peer_group = PeerGroup.objects.create(code=code, name=group["name"])
                peer_group.members.set(group["members"])
                report.created += 1
                continue
            before = set(peer_group.members.values_list("pk", flat=True))
            renamed = bool(group["name"]) and peer_group.name != group["name"]
            if before == set(group["members"]) and not renamed:
                report.unchanged += 1
                continue
            if renamed:
                peer_group.name = group["name"]
                peer_group.save()
            peer_group.members.set(group["members"])
            report.updated += 1


class DepartmentImporter(TableImporter):
    kind = "departments"
    name_columns = ("name", "leader")
    columns = [
        Column("name", ("部门", "单位", "部门名称", "名称")),
        Column("leader", ("分管领导", "领导", "责任领导"), required=False),
    ]

    def parse_rows(self, rows: list[Row]):
        items: dict[str, str | None] = {}
        first_row: dict[str, int] = {}
        for row in rows:
            name = required(row, "name")
            if name is None:
                continue
            if name in items:
                row.problem("name", f"部门在第 {first_row[name]} 行已出现")
                continue
            items[name] = row.get("leader")
            first_row[name] = row.number
        return items

    def write(self, items: dict[str, str | None], report: ImportReport) -> None:
        leader_names = {n for n in items.values() if n}
        leaders = Leader.objects.in_bulk(list(leader_names), field_name="name")
        new_leaders = [Leader(name=n) for n in sorted(leader_names - set(leaders))]
        if new_leaders:
            bulk_create_with_history(new_leaders, Leader)
            leaders = Leader.objects.in_bulk(list(leader_names), field_name="name")
        resolved = {name: {"leader": leaders.get(leader) if leader else None} for name, leader in items.items()}
        new, changed, unchanged = split_existing(Department, "name", resolved, ["leader"])
        save_changes(Department, new, changed, ["leader"], report)
        report.unchanged += unchanged


@dataclass(frozen=True)
class IndicatorChoices:
    KIND = {"流量": Kind.FLOW, "存量": Kind.STOCK, "比率": Kind.RATE, "率": Kind.RATE}
    DIRECTION = {"正向": Direction.HIGHER_BETTER, "逆向": Direction.LOWER_BETTER,
                 "越大越好": Direction.HIGHER_BETTER, "越小越好": Direction.LOWER_BETTER}
    FREQUENCY = {"日度": Frequency.DAY, "周度": Frequency.WEEK, "月度": Frequency.MONTH,
                 "季度": Frequency.QUARTER, "年度": Frequency.YEAR}
    RANK_BY = {"当期": RankBy.VALUE, "累计": RankBy.YTD, "增速": RankBy.YOY_PCT, "value": RankBy.VALUE}


INDICATOR_FIELDS = ["name", "unit", "kind", "direction", "frequency", "rank_by", "category", "department",
                    "decimals", "additive"]
ADDITIVE_WORDS = {"是": True, "可加": True, "yes": True, "true": True, "1": True,
                  "否": False, "不可加": False, "no": False, "false": False, "0": False}


class IndicatorImporter(TableImporter):
    kind = "indicators"
    name_columns = ("code", "name", "unit", "category", "aliases")
    columns = [
        Column("code", ("代码", "指标代码")),
        Column("name", ("名称", "指标", "指标名称")),
        Column("unit", ("单位", "计量单位")),
        Column("kind", ("类型", "指标类型")),
        Column("direction", ("方向", "指标方向"), required=False),
        Column("frequency", ("频度", "频率")),
        Column("rank_by", ("排名依据", "排名口径"), required=False),
        Column("category", ("类别", "分类"), required=False),
        Column("department", ("责任部门", "部门", "牵头单位"), required=False),
        Column("decimals", ("发布精度", "精度", "小数位数"), required=False),
        Column("additive", ("可加", "跨区域可加", "可相加"), required=False),
        Column("aliases", ("别名", "简称"), required=False),
    ]

    def parse_rows(self, rows: list[Row]):
        stored = {i.code: i for i in Indicator.objects.all()}
        in_file: dict[str, tuple[Row, str]] = {}
        departments = NameIndex(Department.objects.all(), keys=("name",), label="部门")
        items: dict[str, dict] = {}
        seen_names: dict[str, int] = {}
        taken_names = dict(Indicator.objects.values_list("name", "code"))
        for row in rows:
            code, name, unit = required(row, "code"), required(row, "name"), required(row, "unit")
            kind = parse_choice(row, "kind", Kind, IndicatorChoices.KIND)
            direction = (
                parse_choice(row, "direction", Direction, IndicatorChoices.DIRECTION)
                if row.get("direction")
                else Direction.HIGHER_BETTER
            )
            frequency = parse_choice(row, "frequency", Frequency, IndicatorChoices.FREQUENCY)
            rank_by = (
                parse_choice(row, "rank_by", RankBy, IndicatorChoices.RANK_BY) if row.get("rank_by") else RankBy.YOY_PCT
            )
            department = None
            if row.get("department"):
                try:
                    department = departments.get(row.get("department"))
                except UnknownName as error:
                    row.problem("department", str(error))
            if None in (code, name, unit, kind, direction, frequency, rank_by):
                continue
            if code in items:
                row.problem("code", "指标代码在本文件中重复")
                continue
            if name in seen_names:
                row.problem("name", f"指标名称在第 {seen_names[name]} 行已出现")
                continue
            if taken_names.get(name, code) != code:
                row.problem("name", f"指标名称已被指标 {taken_names[name]} 使用")
                continue
            if kind == Kind.RATE and rank_by == RankBy.YTD:
                row.problem("rank_by", "比率类指标不能按累计值排名")
                continue
            decimals, additive = _decimals(row, stored.get(code), rank_by, unit), _additive(row, stored.get(code), kind)
            if decimals is None or additive is None:
                continue
            seen_names[name] = row.number
            in_file[code] = (row, name)
            items[code] = {
                "name": name, "unit": unit, "kind": kind, "direction": direction, "frequency": frequency,
                "rank_by": rank_by, "category": row.get("category") or "", "department": department,
                "decimals": decimals, "additive": additive,
            }
        return items, plan_aliases(Indicator, in_file, "指标")

    def write(self, parsed: tuple[dict[str, dict], AliasPlan], report: ImportReport) -> None:
        items, aliases = parsed
        new, changed, unchanged = split_existing(Indicator, "code", items, INDICATOR_FIELDS)
        save_changes(Indicator, new, changed, INDICATOR_FIELDS, report)
        report.unchanged += unchanged
        aliases.write()


def _decimals(row: Row, stored: Indicator | None, rank_by: str, unit: str) -> int | None:
    """The published precision: the file's, else what is stored, else the default for the ranked figure."""
    text = row.get("decimals")
    if text is None:
        return stored.decimals if stored else default_decimals(rank_by, unit)
    if not text.isdigit() or int(text) > 6:
        row.problem("decimals", "发布精度应为 0 到 6 的整数（小数位数）")
        return None
    return int(text)


def _additive(row: Row, stored: Indicator | None, kind: str) -> bool | None:
    """Whether the indicator adds up across regions: the file's word, else what is stored, else by kind."""
    text = row.get("additive")
    if text is None:
        return stored.additive if stored else default_additive(kind)
    word = ADDITIVE_WORDS.get(text.strip().lower())
    if word is None:
        row.problem("additive", "应为 是/否（可跨区域相加）")
    return word
