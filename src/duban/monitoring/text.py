"""Readable Chinese tables for the commands (CJK characters count two columns wide)."""

from __future__ import annotations

import unicodedata

LEVEL_ZH = {"red": "红灯", "yellow": "黄灯", "green": "绿灯", "pending": "待报", "none": "—"}


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
    header = ["指标", "单位", "当期", "累计", "同比%", "完成率%", "序时%", "快慢(点)", "增速差(点)", "位次", "预警", "原因"]
    rows = []
    for i in doc["indicators"]:
        ranks = " ".join(f"{r['group']}:{_cell(r['rank'])}/{r['of']}{_change(r['change'])}" for r in i["ranks"])
        rows.append(
            [i["name"], i["unit"], _cell(i["value"]), _cell(i["ytd"]), _cell(i["yoy_pct"], 1),
             _cell(i["completion_pct"], 1), _cell(i["time_progress_pct"], 1), _cell(i["pace_gap_pp"], 1),
             _cell(i["growth_gap_pp"], 1), ranks, LEVEL_ZH[i["warning"]["level"]], "；".join(i["warning"]["reasons"])]
        )
    title = f"{doc['region']['name']}（{doc['region']['code']}） {doc['period']}"
    return f"{title}\n{table(header, rows)}\n" if rows else f"{title}\n（该期间没有此频度的指标）\n"


def rank_table(doc: dict) -> str:
    header = ["位次", "区域", "代码", "排名依据值", "位次变化", "份额%"]
    rows = [
        [_cell(r["rank"]), r["name"], r["region"], _cell(r["figure"]), _change(r["change"]), _cell(r["share_pct"])]
        for r in doc["rows"]
    ]
    return f"{doc['indicator']} {doc['period']} {doc['group']}（按 {doc['by']}）\n{table(header, rows)}\n"
