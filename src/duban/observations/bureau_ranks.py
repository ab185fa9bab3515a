"""The bureau's own ranks in a sheet, held against duban's: the competition ranks of the
figures as published (the indicator's ``decimals``, rounded half up)."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from duban.core.numbers import NumberError, parse_number
from duban.core.ranking import rank_published
from duban.observations.wide import convert_header_unit

if TYPE_CHECKING:
    from duban.observations.bureau_sheets import Measure, SheetReading


def compare_ranks(reading: SheetReading, rank: Measure | None) -> None:
    """Where the bureau's rank differs from the competition rank of the figures as published
    (the indicator's ``decimals``), a note naming the cell: the bureau's is stored as it is."""
    indicator = reading.indicator
    by = "yoy_pct" if indicator.rank_by == "yoy_pct" else "value"
    if rank is None:
        return
    figures: dict[int, Decimal | None] = {}
    printed: dict[int, int] = {}
    for position, record in enumerate(reading.records):
        if "rank" not in record.positions:
            continue
        try:
            figure = parse_number(record.cells.get(by))
            exponent = convert_header_unit(record.cells.get("value_unit"), indicator.unit)[0] if by == "value" else 0
            figures[position] = figure.scaleb(exponent) if figure is not None else None  # in the indicator's unit
            number = parse_number(record.cells.get("rank"))
        except NumberError:
            return  # the parse reports the bad cell
        if number is not None:
            printed[position] = int(number)
    if not printed:
        return
    mine = rank_published(figures, indicator.direction, indicator.decimals)
    for position, bureau in printed.items():
        ours = mine[position].rank
        if ours != bureau:
            record = reading.records[position]
            place = f"{reading.sheet.column_label(rank.column)}{record.number}"
            reading.notes.append(
                f"警告：{place} 单元格公布位次为 {bureau}，按公布精度（{indicator.decimals} 位小数）计算为"
                f"{'无位次' if ours is None else f'第 {ours} 位'}（导入公布位次）"
            )
