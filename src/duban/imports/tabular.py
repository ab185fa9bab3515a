"""Reading CSV and XLSX files into plain rows, and reporting problems by place.

Nothing here knows what the rows mean; the importers of each app do.
"""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException

MAX_FILE_BYTES = 50 * 1024 * 1024
CSV_ENCODINGS = ("utf-8-sig", "gb18030")  # WPS and older Excel save Chinese CSV as GBK


@dataclass(frozen=True)
class ImportProblem:
    """One rejected cell or row, named by its place in the file."""

    file: str
    reason: str
    sheet: str | None = None
    row: int | None = None
    column: str | None = None
    field: str | None = None
    value: str | None = None

    def place(self) -> str:
        parts = [self.file]
        if self.sheet:
            parts.append(f"工作表“{self.sheet}”")
        if self.row is not None:
            parts.append(f"第 {self.row} 行")
        if self.column:
            parts.append(f"{self.column} 列" + (f"（{self.field}）" if self.field else ""))
        elif self.field:
            parts.append(f"字段 {self.field}")
        return " ".join(parts)

    def __str__(self) -> str:
        shown = f"：“{self.value}”" if self.value not in (None, "") else ""
        return f"{self.place()}{shown} — {self.reason}"

    def as_dict(self) -> dict:
        return {
            "file": self.file,
            "sheet": self.sheet,
            "row": self.row,
            "column": self.column,
            "field": self.field,
            "value": self.value,
            "reason": self.reason,
        }


class ImportRejected(Exception):
    """The file cannot be imported; nothing was written."""

    def __init__(self, problems: list[ImportProblem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


@dataclass
class Sheet:
    name: str | None  # None for CSV
    rows: list[list[object]]
    merged: list[tuple[int, int, int, int]] = field(default_factory=list)  # (min_row, min_col, max_row, max_col), 1-based
    chart: bool = False  # a chart sheet, or a sheet that holds a chart: a picture of figures, not a table
    source: object = field(default=None, repr=False)  # the openpyxl worksheet: number formats, read when needed

    def column_label(self, index: int) -> str:
        """Spreadsheet letter for XLSX, 1-based number for CSV (0-based index in)."""
        return get_column_letter(index + 1) if self.name is not None else str(index + 1)


def cell_text(value: object) -> str | None:
    """A cell as text, None when empty. Numbers keep their exact decimal form."""
    if value.__class__ is str:  # CSV cells, the bulk case: no further tests
        return value.strip() or None
    if value is None:
        return None
    if isinstance(value, float):
        text = repr(value)
        return text[:-2] if text.endswith(".0") else text
    text = str(value).strip()
    return text or None


def read_sheets(path: Path, *, display_name: str | None = None) -> list[Sheet]:
    """Every sheet of an XLSX file, or the one table of a CSV file."""
    name = display_name or path.name
    if not path.exists():
        raise ImportRejected([ImportProblem(name, "文件不存在")])
    size = path.stat().st_size
    if size == 0:
        raise ImportRejected([ImportProblem(name, "文件是空的")])
    if size > MAX_FILE_BYTES:
        raise ImportRejected(
            [ImportProblem(name, f"文件过大（{size / 1024 / 1024:.0f} MB，上限 {MAX_FILE_BYTES // 1024 // 1024} MB）")]
        )
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        return _read_xlsx(path, name)
    if suffix in (".csv", ".txt"):
        return [_read_csv(path, name)]
    raise ImportRejected([ImportProblem(name, f"不支持的文件类型“{suffix or '无扩展名'}”：请提供 .xlsx 或 .csv 文件")])


def _read_xlsx(path: Path, name: str) -> list[Sheet]:
    try:
        # Not read-only: merged header cells are needed, and files are capped at 50 MB.
        book = load_workbook(path, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError) as error:
        raise ImportRejected([ImportProblem(name, f"不是有效的 Excel（.xlsx）文件：{error}")]) from None
    sheets = []
    for ws in book._sheets:  # worksheets and chart sheets, in the workbook's order
        if not hasattr(ws, "iter_rows"):
            sheets.append(Sheet(ws.title, [], chart=True))
            continue
        rows = [list(row) for row in ws.iter_rows(values_only=True)]
        merged = [(r.min_row, r.min_col, r.max_row, r.max_col) for r in ws.merged_cells.ranges]
        sheets.append(Sheet(ws.title, rows, merged, chart=bool(getattr(ws, "_charts", None)), source=ws))
    return sheets


def _read_csv(path: Path, name: str) -> Sheet:
    raw = path.read_bytes()
    if b"\x00" in raw[:4096]:
        raise ImportRejected([ImportProblem(name, "不是文本格式的 CSV 文件")])
    for encoding in CSV_ENCODINGS:
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise ImportRejected([ImportProblem(name, "无法识别文件编码：请另存为 UTF-8 或 GBK 编码的 CSV")])
    rows = list(csv.reader(io.StringIO(text)))  # the reader makes a fresh list per row already
    return Sheet(None, rows)


@dataclass(frozen=True)
class Column:
    """A column an import kind reads, with the header spellings people use."""

    name: str
    aliases: tuple[str, ...] = ()
    required: bool = True

    def matches(self, header: str) -> bool:
        folded = normalise_header(header)
        return folded == normalise_header(self.name) or folded in {normalise_header(a) for a in self.aliases}


def normalise_header(text: object) -> str:
    return "".join(str(text or "").split()).lower().replace("（", "(").replace("）", ")")


@dataclass
class HeaderMatch:
    header_row: int  # 0-based index into sheet.rows
    positions: dict[str, int]  # column name → 0-based index


def find_header(sheet: Sheet, columns: list[Column], *, search_rows: int = 10) -> HeaderMatch | None:
    """The first row (of the first few) that names every required column; a title row may sit above."""
    for index, row in enumerate(sheet.rows[:search_rows]):
        positions: dict[str, int] = {}
        for position, cell in enumerate(row):
            if cell is None:
                continue
            for column in columns:
                if column.name not in positions and column.matches(str(cell)):
                    positions[column.name] = position
                    break
        if all(c.name in positions for c in columns if c.required):
            return HeaderMatch(index, positions)
    return None
