"""Readable Chinese tables for the commands (CJK characters count two columns wide)."""

from __future__ import annotations

import unicodedata

from duban.monitoring.models import WarningLevel

STRENGTH_ZH = {"strong": "优势", "weak": "弱势"}  # the middle third is not named


def rank_text(entry: dict) -> str:
    """第3/9位, or 待公布（已公布 k/n） while too few of the group have published, or — without a figure."""
    if entry["rank"] is None:
        return f"待公布（已公布 {entry['of']}/{entry['members']}）" if entry["awaiting"] else "—"
    return f"第{entry['rank']}/{entry['of']}位"


def no_indicators_note(frequency_label: str, period_code: str) -> str:
    return f"没有按{frequency_label}报送的指标，{period_code} 没有结果。"


def _level(level: str) -> str:
    return "—" if level == WarningLevel.NONE else str(WarningLevel(level).label)


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _cell(value, places: int = 2) -> str:
    if value is None:
        return "—"
    if isinstance(value, float):
        return f"{value:.{places}f}"
    return str(value)


def table(header: list[str], rows: list[list[str]]) -> str:
    widths = [max(_width(r[c]) for r in [header, *rows]) for c in range(len(header))]

    def line(cells):
        return "  ".join(cell + " " * (w - _width(cell)) for cell, w in zip(cells, widths)).rstrip()

    return "\n".join([line(header), line(["-" * w for w in widths]), *map(line, rows)])


def _change(change) -> str:
    if change is None:
        return ""
    return f"↑{change}" if change > 0 else (f"↓{-change}" if change < 0 else "→")


def status_table(doc: dict) -> str:
    header = ["指标", "单位", "当期", "累计", "同比%", "完成率%", "序时%", "快慢(点)", "增速差(点)", "阶段目标", "位次", "预警",
              "原因"]
    rows = []
    for i in doc["indicators"]:
        ranks = " ".join(
            f"{r['group']}:{r['text']}{_change(r['change'])}{STRENGTH_ZH.get(r['strength'], '')}" for r in i["ranks"]
        )
        rows.append(
            [i["name"], i["unit"], _cell(i["value"]), _cell(i["ytd"]), _cell(i["yoy_pct"], 1),
             _cell(i["completion_pct"], 1), _cell(i["time_progress_pct"], 1), _cell(i["pace_gap_pp"], 1),
             _cell(i["growth_gap_pp"], 1), _stage(i), ranks, _level(i["warning"]["level"]),
             "；".join(i["warning"]["reasons"] + ([i["note"]] if i["note"] else []) + _projection(i["projection"]))]
        )
    title = f"{doc['region']['name']}（{doc['region']['code']}） {doc['period']}"
    return f"{title}\n{table(header, rows)}\n" if rows else f"{title}\n{doc['note']}\n"


def _stage(i: dict) -> str:
    """The staged target's progress, named: 2024Q1 90.0%/-10.0点."""
    if i["stage"] is None:
        return "—"
    return f"{i['stage']} {_cell(i['stage_completion_pct'], 1)}%/{_cell(i['stage_gap_pp'], 1)}点"


def _projection(p: dict | None) -> list[str]:
    if not p:
        return []
    if p["final"]:
        return [f"全年实绩 {_cell(p['point'])}，{'完成' if p['met'] else '未完成'}目标 {_cell(p['target'])}"]
    return [f"预测全年 {_cell(p['point'])}（{_cell(p['low'])}～{_cell(p['high'])}）{'，有风险' if p['at_risk'] else ''}"]


def rank_table(doc: dict) -> str:
    header = ["位次", "区域", "代码", "排名依据值", "位次变化", "份额%", "公布位次"]
    rows = [
        [_cell(r["rank"]), r["name"], r["region"], _cell(r["figure"], doc["decimals"]), _change(r["change"]),
         _cell(r["share_pct"]), _cell(r.get("bureau_rank"))]
        for r in doc["rows"]
    ]
    if not rows and doc.get("note"):
        return f"{doc['indicator']} {doc['period']} {doc['group']}\n{doc['note']}\n"
    return f"{doc['indicator']} {doc['period']} {doc['group']}（按 {doc['by']}）\n{table(header, rows)}\n"
