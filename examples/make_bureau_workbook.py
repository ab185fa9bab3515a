"""Writes a prefecture statistics bureau's monthly workbook (统计月报), quirks included; figures are
synthetic, indicator names those of the demo catalogue (or its aliases).

Run: .venv/bin/python examples/make_bureau_workbook.py

examples/bureau-monthly-workbook-2024年3月.xlsx: a contents page, two city-level tables by industry,
a chart, and county tables (24 here: 26 indicators), in the shapes bureaus use:

- one indicator per sheet, or several side by side (出口总额 | 进口总额, each with 绝对额/增速/排名
  under its name merged over them; the period under each name, or once in the title);
- the indicator in the title row (sometimes with the table number and 分县（市、区）), in a header
  cell, or only in the sheet name; the period in a header cell, with its year (2024年1-3月) or
  without (1-3月, 3月末: the year comes from the rest of the workbook);
- a lagged sheet (规上工业营业收入 for 1-2月 in the March workbook), growth-only sheets, a stock
  at 3月末 with 比年初增减数 (not read), quarterly indicators printed as 1-3月 (their 一季度);
- first column headed 地区, 地  区, 县市区 or a diagonal 指标/地区; short names (婺城, 义乌) and
  full names; a 全市 total first or a 合计 row last (stored for 金华市, never ranked);
- units in half- and full-width brackets (绝对额(万元), 绝对额（亿元）, 增速（%）, 增减(%));
- the month's own figures beside the year to date (``3月`` merged over 绝对额/增速, ``1-3月`` over
  绝对额/增速/排名); a table turned the other way (regions across the header row, indicators down
  the first column, one of them not in the catalogue);
- footnote marks on region names (义乌*, 东阳（1）, 永康①) and a functional zone's row (金华开发区)
  the catalogue does not hold;
- raw values with float noise (6.17000000000001) shown at one decimal, a tie that exists only at
  one decimal (6.64 and 6.55 both print 6.6 and share a rank), a stray unlabelled column, rows in
  another order, footnotes and blank rows after the data, a sheet name ending in a space.

The bureau's ranks (排名, 位次) are competition ranks of the figures as printed.
``build(path, regions=..., sheets=...)`` makes larger books (the benchmark's 40 sheets of 13 regions).
"""

from __future__ import annotations

import random
import sys
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from openpyxl import Workbook
from openpyxl.chart import LineChart, Reference

JINHUA = [("婺城区", "婺城"), ("金东区", "金东"), ("武义县", "武义"), ("浦江县", "浦江"), ("磐安县", "磐安"),
          ("兰溪市", "兰溪"), ("义乌市", "义乌"), ("东阳市", "东阳"), ("永康市", "永康")]
HANGZHOU = [("上城区", "上城"), ("拱墅区", "拱墅"), ("西湖区", "西湖"), ("滨江区", "滨江"), ("萧山区", "萧山"),
            ("余杭区", "余杭"), ("富阳区", "富阳"), ("临安区", "临安"), ("临平区", "临平"), ("钱塘区", "钱塘"),
            ("桐庐县", "桐庐"), ("淳安县", "淳安"), ("建德市", "建德")]

# sheet name, title, code in the demo catalogue, period header, measures, shape quirks
# measures: v = value (with the header), g = growth, r = rank; rank on "g" or "v"
SHEETS = [
    ("表3 规上工业 ", "规模以上工业增加值", "2024年1-3月", "g r", "g", {"header": "地  区", "noise": True, "tie": True}),
    ("表4 高新", "高新技术产业增加值", "1-3月", "v(亿元) g r", "g", {}),
    ("营收(2)", "规上工业营业收入", "1-2月", "v(亿元) g r", "g", {"lagged": True, "shuffle": True}),
    ("表6 技改", "工业技改投资", "1-3月", "g 位次", "g", {"header": "县市区"}),
    ("表7", None, "2024年1-3月", "v(件) g r", "g", {"indicator_in_header": "发明专利授权量"}),
    ("制造业投资", "", "1-3月", "g r", "g", {"title": "表8 分县（市、区）制造业投资增速"}),
    ("表9投资", "固定资产投资", "1-3月", "g r", "g", {"aggregate": "合计"}),
    ("财政收入", "地方一般公共预算收入", "1-3月", "v(万元) g（%） r", "g", {"stray": True}),
    ("税收", "税收收入", "2024年1-3月", "v（亿元） g（%） r", "g", {"full_names": True}),
    ("民间投资", "民间投资", "1-3月", "g r", "g", {"header": "指标/地区"}),
    ("重大项目", "重大项目完成投资", "1-3月", "v(亿元) g r", "v", {}),
    ("工业用电", "工业用电量", "1-3月", "v(万千瓦时) g r", "g", {"marks": True}),
    ("出口", "出口总额", "1-3月", "v(亿元) g r", "g", {"noise": True}),
    ("进口", "进口总额", "1-3月", "v(亿元) 增减(%) r", "g", {}),
    ("外资", "外商直接投资", "1-3月", "v(万美元)", None, {}),
    ("社零1", "社会消费品零售总额", "1-3月", "v(万元) g r", "g", {"month": "3月"}),
    ("跨境电商", "跨境电商进出口额", "1-3月", "v(亿元) g r", "g", {}),
    ("引进内资", "引进内资", "1-3月", "v(亿元) g r", "g", {}),
    ("高企", "高新技术企业数", "3月末", "v(家) r", "v", {}),
    ("科小", "科技型中小企业数", "3月末", "v(家) r", "v", {}),
    ("贷款", "金融机构人民币贷款余额", "3月末", "v(亿元) 比年初增减数", None, {}),
    ("外贸企业", "外贸实绩企业数", "3月末", "v(家) r", "v", {}),
    ("数字经济", "数字经济核心产业增加值", "1-3月", "v(亿元) g r", "g", {}),
    ("城镇收入", "城镇居民人均可支配收入", "2024年1-3月", "v(元) 增减(%) r", "g", {}),
    ("农村收入", "农村居民人均可支配收入", "1-3月", "v(元) g r", "g", {}),
    ("旅游", "旅游总收入", "1-3月", "v(亿元) g r", "g", {}),
]

MARKS = {"义乌": "义乌*", "东阳": "东阳（1）", "永康": "永康①", "萧山": "萧山▲"}  # footnote marks, as printed
ZONES = {"婺城区": "金华开发区", "上城区": "杭州高新区"}  # by the city's first region: a zone beside its counties

# Sheets of several indicators side by side (the specs above by their names, no longer sheets of
# their own): sheet name, title, members, whether the period is in the title (else under each name).
SIDE_BY_SIDE = [
    ("表13 进出口", "表13 分县（市、区）进出口", ["出口", "进口"], False),
    ("科技企业", "2024年3月末分县（市、区）科技企业", ["高企", "科小"], True),
]

QUARTERLY = {"数字经济核心产业增加值", "城镇居民人均可支配收入", "农村居民人均可支配收入", "旅游总收入"}


def printed(x: float, places: int) -> Decimal:
    return Decimal(repr(x)).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def competition(figures: list[Decimal]) -> list[int]:
    return [1 + sum(other > f for other in figures) for f in figures]


def county_columns(spec, regions, rng: random.Random):
    """One indicator's measure headers, each region's cells (value, number format) in the regions'
    order, and its total's cells."""
    _, title, period, measures, rank_on, quirks = spec
    measures = measures.split()
    headers = [{"r": "排名"}.get(m, m.replace("v", "绝对额", 1) if m.startswith("v") else
                                  m.replace("g", "增速", 1) + ("(%)" if m == "g" else "") if m.startswith("g") else m)
               for m in measures]
    n = len(regions)
    growth = [round(rng.uniform(-3, 14), 2) for _ in range(n)]
    if quirks.get("tie"):
        growth[0], growth[1] = 6.64, 6.55  # both print 6.6: one rank
    if quirks.get("noise"):
        growth = [g + 1e-14 if i % 2 else g for i, g in enumerate(growth)]
        growth[2] = 6.17000000000001
    unit = next((m[2:-1] for m in measures if m.startswith("v")), "")
    low, high, places = {"元": (12000, 32000, 0), "家": (80, 900, 0), "件": (60, 700, 0), "万元": (40000, 900000, 2),
                         "万美元": (100, 900, 1)}.get(unit, (20, 900, 4))
    scale = quirks.get("scale", 1)  # February's year to date, below March's
    values = [round(rng.uniform(low, high) * scale, places) if places else int(rng.uniform(low, high) * scale)
              for _ in range(n)]
    ranked = [printed(g, 1) for g in growth] if rank_on == "g" else [printed(v, 2) for v in values]
    ranks = competition(ranked)
    rows = []
    for i in range(n):
        cells = []
        for m in measures:
            if m.startswith("v"):
                cells.append((values[i], "0" if isinstance(values[i], int) else "0.00"))
            elif m.startswith(("g", "增减")):
                cells.append((growth[i], "0.0"))
            elif m in ("r", "位次"):
                cells.append((ranks[i], "0"))
            else:
                cells.append((round(rng.uniform(1, 50), 2), "0.00"))
        rows.append(cells)
    city = round(sum(values) / n if unit == "元" else sum(values), 4)  # per head: the city's own, not a sum
    total = [(city, "0.00") if m.startswith("v") else (round(sum(growth) / n, 4), "General")
             if m.startswith(("g", "增减")) else (None, "General") for m in measures]
    return headers, rows, total


def write_rows(sheet, rows, stray_rng: random.Random | None = None) -> None:
    """Region rows (label, cells with their number formats), then a footnote after a blank row."""
    for label, cells in rows:
        sheet.append([label, *(value for value, _ in cells)] + ([round(stray_rng.uniform(100, 3000), 6)] if stray_rng else []))
        for column, (_, number_format) in enumerate(cells, start=2):
            sheet.cell(sheet.max_row, column).number_format = number_format
    sheet.append([])
    sheet.append(["注：增速按可比价计算；本表数据为示例数据。"])
    sheet.append([])


def county_sheet(book, spec, regions, rng: random.Random) -> None:
    name, title, period, measures, _, quirks = spec
    if quirks.get("month"):
        return month_and_ytd_sheet(book, spec, regions, rng)
    sheet = book.create_sheet(name)
    width = len(measures.split())
    sheet.append([quirks.get("title", title) or ""])
    sheet.append([quirks.get("header", "地区"), quirks.get("indicator_in_header", period)] + [None] * (width - 1))
    if quirks.get("indicator_in_header"):
        sheet.append([None, period] + [None] * (width - 1))
    headers, cells, total = county_columns(spec, regions, rng)
    sheet.append([None, *headers])
    rows = [(full if quirks.get("full_names") else short, row) for (full, short), row in zip(regions, cells)]
    if quirks.get("marks"):
        rows = [(MARKS.get(label, label), row) for label, row in rows] + [(ZONES[regions[0][0]], cells[0])]
    if quirks.get("shuffle"):
        rng.shuffle(rows)
    aggregate = quirks.get("aggregate", "全市")
    if aggregate == "全市":
        rows.insert(0, (aggregate, total))
    else:
        rows.append((aggregate, total))
    write_rows(sheet, rows, rng if quirks.get("stray") else None)


def month_and_ytd_sheet(book, spec, regions, rng: random.Random) -> None:
    """The month's own value and growth beside the year to date's: each period merged over its
    measure columns (the year-to-date block keeps the rank)."""
    name, title, period, *_, quirks = spec
    sheet = book.create_sheet(name)
    headers, cells, total = county_columns(spec, regions, rng)
    month = [[(round(v * 0.34, 2) if isinstance(v, float) else v, f) for v, f in row[:2]] for row in cells]
    sheet.append([title])
    sheet.append(["地  区", quirks["month"], None, period] + [None] * (len(headers) - 1))
    sheet.append([None, *headers[:2], *headers])
    sheet.merge_cells(start_row=2, start_column=2, end_row=2, end_column=3)
    sheet.merge_cells(start_row=2, start_column=4, end_row=2, end_column=3 + len(headers))
    month_total = [(round(total[0][0] * 0.34, 2), "0.00"), total[1]]
    rows = [("全市", month_total + total)] + [(short, m + row) for (_, short), m, row in zip(regions, month, cells)]
    write_rows(sheet, rows)


def transposed_sheet(book, regions, rng: random.Random) -> None:
    """Regions across the header row, indicators down the first column (a value row and its
    growth row, and one indicator the catalogue does not hold)."""
    sheet = book.create_sheet("环境质量")
    sheet.append(["2024年1-3月各县（市、区）环境质量"])
    sheet.append(["指标", "全市", *(short for _, short in regions)])
    pm = [round(rng.uniform(18, 40), 1) for _ in regions]
    sheet.append(["PM2.5平均浓度(微克/立方米)", round(sum(pm) / len(pm), 1), *pm])
    sheet.append(["PM2.5平均浓度同比(%)", *(round(rng.uniform(-12, 6), 1) for _ in range(len(regions) + 1))])
    sheet.append(["空气质量优良天数比例(%)", *(round(rng.uniform(85, 99), 1) for _ in range(len(regions) + 1))])
    sheet.append([])
    sheet.append(["注：本表数据为示例数据。"])


def side_by_side_sheet(book, name, title, specs, regions, rngs, *, period_in_title: bool) -> None:
    """Several indicators side by side, each under its name merged over its measure columns; the
    period under each name (merged too), or once in the title."""
    sheet = book.create_sheet(name)
    columns = [county_columns(spec, regions, rng) for spec, rng in zip(specs, rngs)]
    sheet.append([title])
    names, periods, headers, spans = ["地  区"], [None], [None], []
    for spec, (measure_headers, _, _) in zip(specs, columns):
        spans.append((len(headers) + 1, len(headers) + len(measure_headers)))  # 1-based first and last column
        names += [spec[1]] + [None] * (len(measure_headers) - 1)
        periods += [spec[2]] + [None] * (len(measure_headers) - 1)
        headers += measure_headers
    sheet.append(names)
    if not period_in_title:
        sheet.append(periods)
    sheet.append(headers)
    for first, last in spans:
        for row in (2,) if period_in_title else (2, 3):
            sheet.merge_cells(start_row=row, start_column=first, end_row=row, end_column=last)
    rows = [("全市", [cell for _, _, total in columns for cell in total])]
    rows += [(short, [cell for _, cells, _ in columns for cell in cells[i]]) for i, (_, short) in enumerate(regions)]
    write_rows(sheet, rows)


def build(path: Path, *, regions=JINHUA, sheets: int | None = None, seed: int = 20240415) -> Path:
    rng = random.Random(seed)
    book = Workbook()
    contents = book.active
    contents.title = "目录"
    contents.append(["目    录"])
    contents.append(["2024年3月统计月报"])
    contents.append(["一、全市主要经济指标…………………………", 2])
    contents.append(["二、分县（市、区）主要经济指标…………………………", 5])
    industry = book.create_sheet("表1 全市主要指标")
    industry.append(["全市主要经济指标"])
    industry.append(["指  标", "2024年1-3月", None])
    industry.append([None, "绝对额(亿元)", "增速(%)"])
    for label in ("地区生产总值", "  农、林、牧、渔业", "  工业", "  建筑业", "  批发和零售业"):
        industry.append([label, round(rng.uniform(40, 1400), 1), round(rng.uniform(-2, 9), 1)])
    trade = book.create_sheet("表2 分行业工业")
    trade.append(["分行业规模以上工业增加值"])
    trade.append(["行业", "1-3月", None])
    trade.append([None, "增速(%)", "比重(%)"])
    for label in ("纺织业", "通用设备制造业", "电气机械和器材制造业", "汽车制造业"):
        trade.append([label, round(rng.uniform(-5, 15), 1), round(rng.uniform(2, 20), 1)])
    chart_sheet = book.create_sheet("图1 工业增加值走势")
    chart_sheet.append(["月份", "增速"])
    for month, value in (("1-2月", 6.1), ("1-3月", 6.6)):
        chart_sheet.append([month, value])
    chart = LineChart()
    chart.add_data(Reference(chart_sheet, min_col=2, min_row=1, max_row=3), titles_from_data=True)
    chart_sheet.add_chart(chart, "D2")
    specs = list(SHEETS[: sheets or len(SHEETS)])
    groups = {members[0]: (name, title, by_title) for name, title, members, by_title in SIDE_BY_SIDE}
    merged_away = sum(len(members) - 1 for *_, members, _ in SIDE_BY_SIDE if all(m in [s[0] for s in specs] for m in members))
    # More sheets than indicators: the monthly ones again, for February (as a bureau's back pages).
    monthly = [s for s in SHEETS if s[2] in ("1-3月", "2024年1-3月", "3月末") and s[1] not in QUARTERLY]
    for spec in monthly[: max(0, (sheets or 0) - len(specs) + merged_away)]:
        name, title, period, *rest = spec
        *measures, quirks = rest
        specs.append((f"{name.strip()}(2月)", title, "2024年2月末" if "末" in period else "2024年1-2月", *measures,
                      {**quirks, "scale": 0.6, **({"month": "2月"} if "month" in quirks else {})}))
    def draws(spec):  # the same for an indicator's March and February sheets: February's YTD is below March's
        return random.Random(f"{seed}:{spec[1] or spec[5].get('indicator_in_header') or spec[0]}")

    by_name = {spec[0]: spec for spec in specs}
    in_groups = {member for *_, members, _ in SIDE_BY_SIDE for member in members}
    for spec in specs:
        if spec[0] in groups:
            name, title, by_title = groups[spec[0]]
            members = [by_name[m] for *_, ms, _ in SIDE_BY_SIDE if ms[0] == spec[0] for m in ms]
            side_by_side_sheet(book, name, title, members, regions, [draws(m) for m in members], period_in_title=by_title)
        elif spec[0] not in in_groups:
            county_sheet(book, spec, regions, draws(spec))
    transposed_sheet(book, regions, random.Random(f"{seed}:环境质量"))
    book.save(path)
    return path


if __name__ == "__main__":
    here = Path(__file__).parent
    out = build(here / "bureau-monthly-workbook-2024年3月.xlsx")
    print(out)
    if "--large" in sys.argv:
        print(build(here / "bureau-40-sheets.xlsx", regions=HANGZHOU, sheets=40))
