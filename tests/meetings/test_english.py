"""The meeting follow-up pages read in English through the language switch; the report stays as entered."""

from datetime import date

import pytest

from duban.meetings import services

from .conftest import SEED_ONE

pytestmark = pytest.mark.django_db


def test_report_pages_in_english(office, users):
    report = services.create_report(users["ducha"], text=SEED_ONE.read_text(encoding="utf-8"), given_date=date(2024, 2, 22))
    office.cookies["django_language"] = "en"
    listing = office.get("/meetings/").content.decode()
    assert "Extract candidate tasks" in listing and "Paste the report&#x27;s text" in listing
    page = office.get(f"/meetings/{report.pk}/").content.decode()
    assert "Accept as a task" in page and "City-wide work: the supervision office should assign it" in page
    assert ">Reject<" in page and "21 February 2024" in page
    assert report.candidates.first().source_text in page  # the report's words are data
