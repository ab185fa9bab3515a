"""The Excel bulletin opened again: a sheet per section, frozen headers, numbers as numbers with
their formats, warning colours, and text that looks like a formula kept as text."""

from datetime import date

from duban.bulletins.content import build_bulletin
from duban.bulletins.render import render
from duban.core.periods import Period
from duban.supervision.models import Task

from .conftest import AS_OF
from .formats import workbook


def test_excel_bulletin(county, late_task):
    Task.objects.create(plan_year=2024, level="task", number="2", outline="2", title='=HYPERLINK("http://x","点我")',
                        lead=county["shangwu"], deadline_text="2024年4月1日", due=date(2024, 4, 1))
    wb = workbook(render(build_bulletin(county["home"], Period.parse("2024-03"), as_of=AS_OF), "xlsx"))
    assert wb.sheetnames == ["总体情况", "指标晾晒", "优势弱势", "预警指标", "落后部门", "任务督办", "指标完成情况表"]
    assert wb["总体情况"]["A1"].value == "永康市主要指标完成情况通报（2024年1-3月）"

    table = wb["指标完成情况表"]
    assert table.freeze_panes == "A3"
    header = [c.value for c in table[2]]
    assert header[:6] == ["指标", "单位", "年度目标", "当期值", "累计值", "同比%"]
    rows = {r[0].value: r for r in table.iter_rows(min_row=3) if r[0].value}
    gyzjz = rows["规上工业增加值"]
    growth, rank, moved, level = gyzjz[5], gyzjz[9], gyzjz[10], gyzjz[13]
    assert growth.value == 8.8 and growth.number_format == "0.0" and growth.data_type == "n"
    assert rank.value == 2 and rank.number_format == '"并列"0"/5"'
    assert moved.value == 2 and moved.number_format == '"↑"0;"↓"0;"持平"'
    assert gyzjz[3].value is None  # no value published: empty, never 0
    assert level.value == "绿灯" and level.fill.fgColor.rgb.endswith("DCEFD8")
    assert rows["出口总额"][13].fill.fgColor.rgb.endswith("F6D5D5")

    sentences = wb["指标晾晒"]
    texts = [c.value for c in sentences["C"] if c.value]
    assert "出口总额下降2.0%，低于全省5.0个百分点，居金华第5位、全省第8位，较上月金华后移1位、全省后移2位。" in texts

    tasks = wb["任务督办"]
    cell = next(c for row in tasks.iter_rows() for c in row if isinstance(c.value, str) and "HYPERLINK" in c.value)
    assert cell.data_type == "s" and cell.value.startswith("=HYPERLINK")  # text, not a formula
