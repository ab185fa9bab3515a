"""Importer fuzzing (issue 11, suite 3): for every import kind, files of random cells around
the kind's columns, as CSV and XLSX. Whatever the file: no exception escapes, every rejected
cell is named by its row (a whole-file problem needs none), and a rejected file writes nothing.
Bounded: a fixed number of examples a kind, derandomised, so the suite runs in well under a minute."""

from __future__ import annotations

import csv
import io

import pytest
from django.apps import apps
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from duban.catalogue.models import Department, Indicator, Leader, PeerGroup, Region
from duban.imports.base import import_file
from duban.imports.registry import KINDS, importer_for

EXAMPLES = 40
WATCHED = [("catalogue", "Region"), ("catalogue", "PeerGroup"), ("catalogue", "Department"), ("catalogue", "Leader"),
           ("catalogue", "Indicator"), ("catalogue", "RegionAlias"), ("catalogue", "IndicatorAlias"), ("observations", "Observation"),
           ("observations", "ObservationRevision"), ("targets", "Target"), ("targets", "RankTarget"),
           ("supervision", "Task")]

# Cells people (and bad files) put in these columns: valid names, near misses, numbers of every
# size and shape, periods, deadlines, formulas, markers, control characters.
LIKELY = ["330784", "永康市", "330782", "义乌市", "金华", "gyzjz", "规上工业增加值", "gxjsqys", "经信局", "商务局", "王明",
          "2024-02", "2024年1-2月", "2024年一季度", "2024", "2099-01", "ytd", "period", "累计", "flow", "stock", "month",
          "亿元", "%", "1", "1.1", "一", "（一）", "1.1.1", "6月底前", "一季度", "每月", "长期坚持", "jh9", "金华九县",
          "12.5", "-3.2", "0", "1e5", "1,234.5", "１２", "—", "/", "无", "N/A", "9999999999999999", "0.00001",
          "1234567890123.4567", "32768", "=1+1", "+1", "@A1", "-", "\t", "\r", "'", "\"", "true", "是", "否", "3"]
CELL = st.one_of(st.none(), st.sampled_from(LIKELY), st.text(max_size=12),
                 st.decimals(allow_nan=False, allow_infinity=False).map(str), st.integers().map(str))


def _header(kind: str) -> list[str]:
    return [column.name for column in importer_for(kind).columns]


@st.composite
def tables(draw, kind: str):
    header = _header(kind)
    if draw(st.booleans()):  # sometimes a column missing, repeated or renamed
        header = draw(st.lists(st.sampled_from(header + ["备注", "指标", ""]), min_size=1, max_size=len(header) + 1))
    rows = draw(st.lists(st.lists(CELL, min_size=len(header), max_size=len(header)), max_size=6))
    return header, rows


@pytest.fixture
def catalogue(db):
    province = Region.objects.create(code="330000", name="浙江省")
    city = Region.objects.create(code="330700", name="金华市", parent=province)
    home = Region.objects.create(code="330784", name="永康市", parent=city)
    Region.objects.create(code="330782", name="义乌市", parent=city)
    leader = Leader.objects.create(name="王明")
    industry = Department.objects.create(name="经信局", leader=leader)
    Department.objects.create(name="商务局")
    Indicator.objects.create(code="gyzjz", name="规上工业增加值", unit="亿元", kind="flow", department=industry)
    Indicator.objects.create(code="gxjsqys", name="高新技术企业数", unit="家", kind="stock", rank_by="value",
                             department=industry)
    PeerGroup.objects.create(code="jh9", name="金华九县").members.add(home)


def _fingerprint() -> dict:
    return {f"{a}.{m}": apps.get_model(a, m).objects.count() for a, m in WATCHED}


def _write(tmp_path, fmt: str, header, rows):
    path = tmp_path / f"fuzz.{fmt}"
    if fmt == "csv":
        text = io.StringIO()
        csv.writer(text).writerows([header, *rows])
        path.write_text(text.getvalue(), encoding="utf-8")
    else:
        book = Workbook()
        for row in [header, *rows]:
            book.active.append([_xlsx_safe(cell) for cell in row])
        book.save(path)
    return path


def _xlsx_safe(cell):
    """XML cannot carry most control characters; a real workbook cannot hold them either."""
    if cell is None:
        return None
    return "".join(ch for ch in cell if ch in "\t\n\r" or ord(ch) >= 32)


@pytest.mark.parametrize("kind", list(KINDS))
def test_any_file_is_imported_whole_or_rejected_by_place_with_nothing_written(catalogue, tmp_path, kind):
    @settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
    @given(table=tables(kind), fmt=st.sampled_from(["csv", "xlsx"]))
    def check(table, fmt):
        header, rows = table
        path = _write(tmp_path, fmt, header, rows)
        with transaction.atomic():
            before = _fingerprint()
            report = import_file(path, kind, plan_year=2024) if kind == "tasks" else import_file(path, kind)
            if not report.ok:
                assert _fingerprint() == before, report.problems
                for problem in report.problems:
                    assert problem.file == path.name and problem.reason
                    assert problem.row is not None or problem.field is None or problem.column is None, problem
            transaction.set_rollback(True)

    check()
