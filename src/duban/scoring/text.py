"""The score sheet as plain text (``duban score`` without ``--json``)."""

from __future__ import annotations

from duban.scoring.services import ScoreSheet


def change_text(change: int | None) -> str:
    if change is None:
        return "—"
    return "持平" if change == 0 else (f"↑{change}" if change > 0 else f"↓{-change}")


def score_table(sheet: ScoreSheet) -> str:
    labels = [item.label for item in sheet.items]
    lines = [
        f"{sheet.scheme.name}（{sheet.scheme.code}） {sheet.period.code}  满分 {sheet.full_marks:.2f}",
        "\t".join(["位次", "对象", "得分", "变动", "加减分", *labels]),
    ]
    for row in sheet.rows:
        items = [("缺数" if i.missing else f"{i.points:.2f}") for i in row.result.items]
        lines.append("\t".join([
            str(row.result.rank), row.subject.name, f"{row.result.score:.2f}", change_text(row.result.change),
            f"{row.result.adjustments:+.2f}" if row.result.adjustments else "0", *items,
        ]))
    return "\n".join(lines) + "\n"
