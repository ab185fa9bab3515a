"""Issue 11.1: names such as =HYPERLINK("http://…","点击") were accepted by the importers and
written by `duban export` and /data/export.xlsx as live formulas. Importers now refuse a name
beginning with = + - @, a tab or a CR, at its cell; every export writes such a text as text."""

from decimal import Decimal
from io import BytesIO

import pytest
from django.test import Client
from openpyxl import load_workbook

from duban.catalogue.models import Department, Indicator, Region
from duban.imports.base import import_file
from duban.observations.export import Selection, export_xlsx
from duban.observations.models import Observation
from duban.supervision.models import Task

LINK = '=HYPERLINK("http://example.invalid","点击")'


def _csv(tmp_path, text):
    path = tmp_path / "names.csv"
    path.write_text(text.strip() + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("kind,text,place,model", [
    ("regions", f"code,name\n330784,永康市\n330782,\"{LINK.replace(chr(34), chr(34) * 2)}\"", (3, "2", "name"), Region),
    ("regions", "code,name,aliases\n330784,永康市,永康、+1+1", (2, "3", "aliases"), Region),
    ("departments", "name,leader\n经信局,王明\n@SUM(A1),", (3, "1", "name"), Department),
    ("departments", "name,leader\n经信局,-2+3", (2, "2", "leader"), Department),
    ("indicators", "code,name,unit,kind,frequency\ngyzjz,=1+1,亿元,flow,month", (2, "2", "name"), Indicator),
])
def test_catalogue_importers_refuse_formula_names_at_their_cell(db, tmp_path, kind, text, place, model):
    report = import_file(_csv(tmp_path, text), kind)
    assert not report.ok and model.objects.count() == 0
    assert [(p.row, p.column, p.field) for p in report.problems] == [place]
    assert "公式" in report.problems[0].reason


def test_task_sheet_refuses_a_formula_title(db, tmp_path):
    Department.objects.create(name="经信局")
    path = _csv(tmp_path, "序号,重点任务,牵头单位,完成时限\n1,=cmd|' /C calc'!A0,经信局,2024年6月底前")
    report = import_file(path, "tasks")
    assert [(p.row, p.field) for p in report.problems] == [(2, "task")] and Task.objects.count() == 0


@pytest.fixture
def formula_named(db):
    """A name that reached the catalogue some other way (the admin): exports still write text."""
    department = Department.objects.create(name="+经信局")
    region = Region.objects.create(code="330784", name=LINK)
    indicator = Indicator.objects.create(code="gyzjz", name="-规上工业增加值", unit="@亿元", kind="flow",
                                         department=department)
    Observation.objects.create(indicator=indicator, region=region, period="2024-03", period_kind="month",
                               period_end="2024-03-31", basis="ytd", value=Decimal("-12.5"), status="published",
                               source="=1+1")


def _texts(content: bytes):
    sheet = load_workbook(BytesIO(content)).active
    cells = [cell for row in sheet.iter_rows(min_row=2) for cell in row if cell.value is not None]
    return {cell.value: cell.data_type for cell in cells}


def test_export_writes_formula_like_names_as_text(formula_named):
    cells = _texts(export_xlsx(Selection()))
    for text in (LINK, "-规上工业增加值", "@亿元", "=1+1"):
        assert cells[text] == "s", text  # text; a formula cell would have data type "f"
    assert cells[-12.5] == "n"  # numbers stay numbers


def test_export_page_writes_formula_like_names_as_text(formula_named, django_user_model):
    client = Client()
    client.force_login(django_user_model.objects.create_superuser("admin", password="x-duban-test"))
    answer = client.get("/data/export.xlsx")
    assert answer.status_code == 200 and _texts(answer.content)[LINK] == "s"
