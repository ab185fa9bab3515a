import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from duban.catalogue.models import Department

SEEDS = Path(__file__).resolve().parents[1] / "fixtures" / "seeds"
MEETINGS = Path(__file__).resolve().parents[1] / "fixtures" / "meetings"


@pytest.mark.django_db
def test_extract_proposes_directives_with_deadlines_and_leads(capsys):
    Department.objects.create(name="经信局")
    call_command("extract", SEEDS / "000_bd9b75ef619eb89a.txt", plan_year=2024, json=True)
    document = json.loads(capsys.readouterr().out)
    assert document["report_date"] == "2024-02-21"
    candidates = document["candidates"]
    assert len(candidates) >= 5
    first_quarter = [c for c in candidates if c["deadline_text"] == "首季"]
    assert first_quarter and first_quarter[0]["due"] == "2024-03-31"
    assert all("\n" not in c["text"] for c in candidates)  # print-column breaks are rejoined
    # The default keyword map: 政法 → 政法委; the whole city's work is the office's to assign.
    assert any(c["suggested_lead"] == "政法委" for c in candidates)
    assert candidates[0]["office_choice"] and candidates[0]["suggested_lead"] is None
    assert candidates[-1]["kind"] == "plan"


@pytest.mark.django_db
def test_a_report_without_a_year_needs_one(tmp_path):
    with pytest.raises(CommandError, match=r"没有年份.*--date"):
        call_command("extract", SEEDS / "000_bd9b75ef619eb89a.txt")


@pytest.mark.django_db
def test_the_report_dates_itself_when_it_can(capsys):
    # A masthead 2024年4月3日 and a dateline 4月2日: 6月底前 is June 2024, whatever the clock says.
    call_command("extract", MEETINGS / "01_changweihui.txt", json=True)
    document = json.loads(capsys.readouterr().out)
    assert document["report_date"] == "2024-04-02"
    assert {c["due"] for c in document["candidates"] if c["deadline_text"] == "6月底前"} == {"2024-06-30"}


@pytest.mark.django_db
def test_extract_reports_a_missing_file(tmp_path):
    with pytest.raises(CommandError, match="找不到文件"):
        call_command("extract", tmp_path / "none.txt")
