"""Writes the wide-layout examples, quirks included; figures are synthetic.

Run: .venv/bin/python examples/make_wide_example.py

examples/wide-ranking-2024年1-2月.xlsx, a bureau's table with one row per region: the period
only in the merged title (1-2月, the first YTD period of the year), a merged two-row header,
a value column in 万元 while the catalogue keeps 亿元 (converted on import), full-width
digits, a missing figure (-), the prefecture row with — as rank, a blank row and a footnote.

examples/county-indicators-2024年1-3月.xlsx, a county's own table with one row per indicator:
period and region in the title, a unit column (one row in 万元), the month alone (当月, "3月")
beside the year to date, 上年同期 (not read), two rank columns (the first, 金华位次, is read),
numbered rows under section headings (一、工业), a dash for a figure not published, a footnote.
"""

from pathlib import Path

from openpyxl import Workbook

ROWS = [
    ("金华市", "7.9", "—", "3012500", "4.6", "—"),
    ("婺城区", "8.8", "3", "520300", "5.0", "4"),
    ("金东区", "6.2", "7", "246800", "3.9", "8"),
    ("兰溪市", "５．９", "8", "231000", "4.4", "6"),
    ("东阳市", "9.1", "2", "455600", "5.6", "2"),
    ("义乌市", "10.4", "1", "948700", "6.1", "1"),
    ("永康市", "8.1", "4", "309900", "4.9", "5"),
    ("浦江县", "7.4", "5", "118200", "5.2", "3"),
    ("武义县", "－1.2", "9", "109400", "4.1", "7"),
    ("磐安县", "6.9", "6", "-", "-", None),
]


def build(path: Path) -> None:
    book = Workbook()
    sheet = book.active
    sheet.title = "主要指标"
    sheet.append(["2024年1-2月金华市各县（市、区）主要经济指标（示例数据）"])
    # 规上工业增加值 is published as growth only here; 社零 with value, growth and rank.
    sheet.append(["县（市、区）", "规上工业增加值", None, "社会消费品零售总额", None, None])
    sheet.append([None, "增速（%）", "位次", "累计（万元）", "增速（%）", "位次"])
    for region, growth, rank, retail, retail_growth, retail_rank in ROWS:
        sheet.append([region, growth, rank, retail, retail_growth, retail_rank])
    sheet.append([])
    sheet.append(["注：1.规上工业增加值仅公布增速。2.位次按增速排列。3.本表为示例数据。"])
    sheet.merge_cells("A1:F1")
    sheet.merge_cells("A2:A3")
    sheet.merge_cells("B2:C2")
    sheet.merge_cells("D2:F2")
    book.save(path)


COUNTY_ROWS = [
    ("一、工业", None, None, None, None, None, None, None),
    ("1.规上工业增加值", "亿元", "45.20", "123.45", "8.6", "3", "12", "113.67"),
    ("2.固定资产投资", "亿元", "-", "98.70", "６．１", "4", "20", "93.03"),
    ("二、消费", None, None, None, None, None, None, None),
    ("3.社会消费品零售总额", "万元", "310000", "875000", "5.9", "—", "—", "826300"),
]


def build_county(path: Path) -> None:
    book = Workbook()
    sheet = book.active
    sheet.title = "主要指标"
    sheet.append(["2024年1-3月永康市主要经济指标（示例数据）"])
    sheet.append(["指标名称", "单位", "3月", "1-3月累计", "同比增长（%）", "金华位次", "全省位次", "上年同期"])
    for row in COUNTY_ROWS:
        sheet.append(list(row))
    sheet.append(["注：位次按累计增速排列；“-”为当月未公布。本表为示例数据。"])
    sheet.merge_cells("A1:H1")
    book.save(path)


if __name__ == "__main__":
    for name, builder in (("wide-ranking-2024年1-2月.xlsx", build), ("county-indicators-2024年1-3月.xlsx", build_county)):
        target = Path(__file__).with_name(name)
        builder(target)
        print(target)
