"""The keyword map behind lead suggestions is data an administrator edits; sensible defaults come seeded."""

from datetime import date

import pytest

from duban.meetings import services
from duban.meetings.models import LeadKeyword

pytestmark = pytest.mark.django_db

TEXT = "本报讯 2024年3月1日，会议召开。要持续扩大消费，办好促消费活动。要深化平安建设。全市上下要加快项目建设。"


def candidates(users):
    report = services.create_report(users["ducha"], text=TEXT, given_date=date(2024, 3, 1))
    return {c.text[:4]: c for c in report.candidates.all()}


def test_defaults_are_seeded():
    defaults = dict(LeadKeyword.objects.values_list("keyword", "department_name"))
    assert {k: defaults[k] for k in ("公安", "政法", "项目", "消费")} == {
        "公安": "公安局", "政法": "政法委", "项目": "发改局", "消费": "商务局"}


def test_suggestions_follow_the_map_and_the_catalogue(users):
    found = candidates(users)
    assert found["要持续扩"].lead.name == "商务局"
    assert found["要深化平"].lead.name == "政法委"
    whole = found["全市上下"]  # the whole city: the supervision office chooses, no unit is guessed
    assert whole.lead is None and whole.lead_hint["office_choice"]


def test_an_administrator_changes_the_map_in_the_admin(client, users, catalogue):
    client.force_login(users["admin"])
    keyword = LeadKeyword.objects.get(keyword="消费")
    response = client.post(f"/admin/meetings/leadkeyword/{keyword.pk}/change/",
                           {"keyword": "消费", "department_name": "投促中心"})
    assert response.status_code == 302
    assert candidates(users)["要持续扩"].lead.name == "投促中心"
    listing = client.get("/admin/meetings/leadkeyword/?q=消费").content.decode()
    assert "投促中心" in listing and "在部门目录中" in listing


def test_a_suggested_unit_missing_from_the_catalogue_is_said_not_chosen(users):
    LeadKeyword.objects.create(keyword="扩大消费", department_name="消费促进中心")
    LeadKeyword.objects.filter(keyword="消费").delete()
    candidate = candidates(users)["要持续扩"]
    assert candidate.lead is None and candidate.lead_hint["lead"] == "消费促进中心"
