import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from duban.catalogue.models import Department

SEEDS = Path(__file__).resolve().parents[1] / "fixtures" / "seeds"


@pytest.mark.django_db
def test_extract_proposes_directives_with_deadlines_and_leads(capsys):
    Department.objects.create(name="经信局")
    call_command("extract", SEEDS / "000_bd9b75ef619eb89a.txt", plan_year=2024, json=True)
    document = json.loads(capsys.readouterr().out)
    candidates = document["candidates"]
    assert len(candidates) >= 5
    first_quarter = [c for c in candidates if c["deadline_text"] == "一季度"]
    assert first_quarter and first_quarter[0]["due"] == "2024-03-31"
    assert all("\n" not in c["text"] for c in candidates)  # print-column breaks are rejoined
    assert any(c["suggested_lead"] == "经信局" for c in candidates)


@pytest.mark.django_db
def test_extract_reports_a_missing_file(tmp_path):
    with pytest.raises(CommandError, match="找不到文件"):
        call_command("extract", tmp_path / "none.txt")
