"""Every malformed file gets a clear error and writes nothing."""

import json

import pytest
from django.core.management import call_command
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from duban.imports.tabular import Sheet
from duban.observations.importers import ObservationImporter
from duban.observations.models import Observation, ObservationRevision, PeriodLock

HEADER = ["indicator", "region", "period", "basis", "value", "yoy_pct"]


def _run(path, capsys):
    with pytest.raises(Exception) as failure:
        call_command("import", str(path), "--kind", "observations", "--json")
    assert getattr(failure.value, "returncode", 1) == 1
    report = json.loads(capsys.readouterr().out)
    assert not report["ok"] and Observation.objects.count() == 0
    return report["problems"]


def _xlsx(path, rows, title="Sheet1", merged=()):
    book = Workbook()
    sheet = book.active
    sheet.title = title
    for row in rows:
        sheet.append(row)
    for cells in merged:
        sheet.merge_cells(cells)
    book.save(path)
    return path


def test_wrong_sheet(catalogue, tmp_path, capsys):
    path = _xlsx(tmp_path / "wrong.xlsx", [["姓名", "电话"], ["张三", "123"]], title="通讯录")
    [problem] = _run(path, capsys)
    assert "通讯录" in problem["reason"] and "长表" in problem["reason"] and "宽表" in problem["reason"]


def test_wide_table_without_period_in_title(catalogue, tmp_path, capsys):
    rows = [["金华市各县（市、区）主要经济指标"], ["县（市、区）", "规上工业增加值", None], [None, "增速（%）", "位次"],
            ["永康市", "8.4", "4"]]
    path = _xlsx(tmp_path / "notitle.xlsx", rows, merged=["B2:C2"])
    [problem] = _run(path, capsys)
    assert "找不到期间" in problem["reason"]


def test_duplicate_rows(catalogue, write_csv, capsys):
    path = write_csv("dup.csv", """
indicator,region,period,basis,value,yoy_pct
gyzjz,330784,2024-03,ytd,75.3,8.4
规上工业增加值,永康市,2024年1-3月,ytd,75.3,8.4
""")
    [problem] = _run(path, capsys)
    assert problem["row"] == 3 and "与第 2 行重复" in problem["reason"]


def test_unknown_region_and_indicator_with_hints(catalogue, write_csv, capsys):
    path = write_csv("unknown.csv", """
indicator,region,period,basis,value,yoy_pct
规上工业增加,永康,2024-03,ytd,75.3,8.4
""")
    problems = {p["field"]: p["reason"] for p in _run(path, capsys)}
    assert "未知的指标“规上工业增加”" in problems["indicator"] and "规上工业增加值" in problems["indicator"]
    assert "未知的区域“永康”" in problems["region"]


def test_text_in_number_cell(catalogue, write_csv, capsys):
    path = write_csv("text.csv", """
indicator,region,period,basis,value,yoy_pct
gyzjz,330784,2024-03,ytd,七十五,8.4
""")
    [problem] = _run(path, capsys)
    assert problem["field"] == "value" and problem["column"] == "5"


def test_period_in_the_future(catalogue, write_csv, capsys):
    path = write_csv("future.csv", """
indicator,region,period,basis,value,yoy_pct
gyzjz,330784,2099-03,ytd,75.3,8.4
""")
    [problem] = _run(path, capsys)
    assert "尚未结束" in problem["reason"]


def test_locked_period(catalogue, write_csv, capsys):
    PeriodLock.objects.create(period="2024-03")
    path = write_csv("locked.csv", "indicator,region,period,basis,value,yoy_pct\ngyzjz,330784,2024-03,ytd,75.3,8.4")
    [problem] = _run(path, capsys)
    assert problem["row"] == 2 and "已锁定" in problem["reason"]


@pytest.mark.parametrize("name,content,reason", [
    ("table.xlsx", b"this is not a zip file at all", "不是有效的 Excel"),
    ("report.pdf", b"%PDF-1.4", "不支持的文件类型"),
    ("empty.csv", b"", "文件是空的"),
    ("binary.csv", b"\x00\x01\x02" * 100, "不是文本格式"),
])
def test_not_a_spreadsheet(catalogue, tmp_path, capsys, name, content, reason):
    path = tmp_path / name
    path.write_bytes(content)
    [problem] = _run(path, capsys)
    assert reason in problem["reason"]


def test_file_over_50_mb(catalogue, tmp_path, capsys):
    path = tmp_path / "huge.csv"
    with path.open("wb") as handle:
        handle.truncate(51 * 1024 * 1024)  # sparse: no 51 MB written to disk
    [problem] = _run(path, capsys)
    assert "文件过大" in problem["reason"]


GOOD_ROWS = st.lists(
    st.tuples(st.sampled_from(["gyzjz", "规上工业增加值", "shxfpls"]), st.sampled_from(["330784", "义乌市", "东阳市"]),
              st.sampled_from(["2024-02", "2024-03", "2024年1-3月"]),
              st.decimals(min_value=1, max_value=10**6, places=2), st.decimals(min_value=-50, max_value=50, places=1)),
    min_size=1, max_size=8,
)
BAD_CELLS = st.sampled_from([
    ("value", "十二点三"), ("value", "12.3.4"), ("yoy_pct", "abc%"), ("period", "2024年13月"), ("period", "2099-01"),
    ("period", ""), ("region", "火星市"), ("indicator", "不存在的指标"), ("basis", "monthly"),
])


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=GOOD_ROWS, bad=BAD_CELLS, where=st.integers(min_value=0, max_value=7))
def test_generated_malformed_tables_write_nothing(catalogue, rows, bad, where):
    before = (Observation.objects.count(), ObservationRevision.objects.count())
    table = [HEADER] + [[i, r, p, "ytd", str(v), str(y)] for i, r, p, v, y in rows]
    target = 1 + where % len(rows)
    column, text = bad
    table[target][HEADER.index(column)] = text
    importer = ObservationImporter(file_name="generated.csv", actor="test")
    report = importer.run([Sheet(None, table)])
    assert not report.ok
    assert any(p.row == target + 1 for p in report.problems)  # the bad cell's row is named
    assert (Observation.objects.count(), ObservationRevision.objects.count()) == before
