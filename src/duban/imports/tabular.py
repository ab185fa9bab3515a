"""Reading CSV and XLSX files into plain rows, and reporting problems by place.

Nothing here knows what the rows mean; the importers of each app do.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from dataclasses import dataclass, field
from functools import cached_property
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


class ProblemList(list):
    """Problems as they are found: the first ``LIMIT`` kept, the rest counted (``total``). A file
    bad in every row would otherwise hold and print millions (216 MB of errors for one file)."""

    LIMIT = 200

    def __init__(self, problems=()):
        super().__init__()
        self.total = 0
        self.extend(problems)

    def append(self, problem: ImportProblem) -> None:
        self.total += 1
        if len(self) < self.LIMIT:
            super().append(problem)

    def extend(self, problems) -> None:
        for problem in problems:
            self.append(problem)
        self.total += getattr(problems, "omitted", 0)

    def __bool__(self) -> bool:
        return self.total > 0

    @property
    def omitted(self) -> int:
        return self.total - len(self)


class ImportRejected(Exception):
    """The file cannot be imported; nothing was written."""

    def __init__(self, problems: list[ImportProblem]):
        self.problems = ProblemList(problems)
        super().__init__("\n".join(str(p) for p in problems))


@dataclass
class Sheet:
    name: str | None  # None for CSV
    rows: list[list[object]]
    merged: list[tuple[int, int, int, int]] = field(default_factory=list)  # (min_row, min_col, max_row, max_col), 1-based
    chart: bool = False  # a chart sheet, or a sheet that holds a chart: a picture of figures, not a table
    formats: object = field(default=None, repr=False)  # XLSX: (row, column), 1-based → the cell's number format

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
    """Every sheet of an XLSX or XLS file, or the one table of a CSV file."""
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
    if suffix == ".xls":
        from duban.imports.xls import read_xls

        return read_xls(path, name)
    if suffix in (".csv", ".txt"):
        return [_read_csv(path, name)]
    raise ImportRejected([ImportProblem(name, f"不支持的文件类型“{suffix or '无扩展名'}”：请提供 .xlsx、.xls 或 .csv 文件")])


def _read_xlsx(path: Path, name: str) -> list[Sheet]:
    from duban.imports.xlsx import read_worksheet, sheets_with_charts

    try:
        # Read-only: a Cell object for every cell costs more than a bureau workbook's whole import;
        # ``read_worksheet`` gets the merged header cells and number formats in the same pass.
        book = load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError) as error:
        raise ImportRejected([ImportProblem(name, f"不是有效的 Excel（.xlsx）文件：{error}")]) from None
    sheets = []
    try:
        charts = sheets_with_charts(path, book)
        for ws in book._sheets:  # worksheets and chart sheets, in the workbook's order
            if not hasattr(ws, "iter_rows"):
                sheets.append(Sheet(ws.title, [], chart=True))
                continue
            rows, merged, formats = read_worksheet(book, ws)
            sheets.append(Sheet(ws.title, rows, merged, chart=ws.title in charts, formats=formats))
    finally:
        book.close()
    _refuse_uncached_formulas(path, name, sheets)
    return sheets


FORMULA_ELEMENT = re.compile(rb"<(?:\w+:)?f[ >/]")


def _refuse_uncached_formulas(path: Path, name: str, sheets: list[Sheet]) -> None:
    """A formula the file keeps no result for (written by a program, never opened in Excel or WPS)
    reads as a blank cell: it would silently be "no data". Refused, naming each such cell."""
    with zipfile.ZipFile(path) as archive:
        parts = [n for n in archive.namelist() if n.startswith("xl/worksheets/") and n.endswith(".xml")]
        if not any(FORMULA_ELEMENT.search(archive.read(part)) for part in parts):
            return  # the common case: no formula at all, or none to look at
    values = {sheet.name: sheet.rows for sheet in sheets}
    formulas = load_workbook(path, read_only=True, data_only=False)
    problems = ProblemList()
    try:
        for ws in formulas.worksheets:
            rows = values.get(ws.title, [])
            for r, row in enumerate(ws.iter_rows(values_only=True)):
                for c, cell in enumerate(row):
                    if isinstance(cell, str) and cell.startswith("=") and (
                            r >= len(rows) or c >= len(rows[r]) or rows[r][c] is None):
                        problems.append(ImportProblem(
                            name, "单元格是公式，文件中没有保存它的计算结果：请在 Excel 或 WPS 中打开并保存后再导入",
                            sheet=ws.title, row=r + 1, column=get_column_letter(c + 1), value=cell))
    finally:
        formulas.close()
    if problems:
        raise ImportRejected(problems)


def _read_csv(path: Path, name: str) -> Sheet:
    raw = path.read_bytes()
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")) or _looks_utf16(raw[:4096]):
        raise ImportRejected([ImportProblem(
            name, "文件是 UTF-16 编码（Excel 的“Unicode 文本”）：请另存为“CSV UTF-8（逗号分隔）”或 GBK 编码的 CSV")])
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
    reader = csv.reader(io.StringIO(text))
    try:
        rows = list(reader)  # the reader makes a fresh list per row already
    except csv.Error as error:  # a cell over the reader's limit (131,072 characters) or a stray NUL
        too_long = "field larger than field limit" in str(error)
        reason = f"有单元格超过 {csv.field_size_limit()} 个字符，不是数据表的内容" if too_long else f"CSV 格式错误：{error}"
        raise ImportRejected([ImportProblem(name, reason, row=reader.line_num)]) from None
    return Sheet(None, rows)


def _looks_utf16(head: bytes) -> bool:
    """UTF-16 without a byte-order mark: ASCII text with a NUL byte beside every character."""
    return len(head) >= 8 and (head[1::2].count(0) > len(head) // 4 or head[0::2].count(0) > len(head) // 4)


@dataclass(frozen=True)
class Column:
    """A column an import kind reads, with the header spellings people use."""

    name: str
    aliases: tuple[str, ...] = ()
    required: bool = True

    @cached_property  # header rows are matched against every column: the spellings are folded once
    def spellings(self) -> frozenset[str]:
        return frozenset(normalise_header(text) for text in (self.name, *self.aliases))

    def matches(self, header: str) -> bool:
        return normalise_header(header) in self.spellings


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
            header = normalise_header(str(cell))  # once a cell, not once a column: a workbook has forty sheets to look at
            for column in columns:
                if column.name not in positions and header in column.spellings:
                    positions[column.name] = position
                    break
        if all(c.name in positions for c in columns if c.required):
            return HeaderMatch(index, positions)
    return None
