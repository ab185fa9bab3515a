"""Monthly entry and approval: the figures' path, the ledger, optimistic locking, permissions."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client

from duban.core.periods import Period
from duban.imports.base import import_file
from duban.projects.models import Milestone, ProjectMonth, ProjectRevision
from duban.projects.services import project_lines
from duban.projects.workflow import MonthEntry, WorkflowError, save_month, transition
from .conftest import PASSWORD
from .test_import import EXAMPLES

JULY = Period.parse("2024-07")


@pytest.fixture
def projects(world):
    assert import_file(EXAMPLES / "projects-2024.csv", "projects").ok
    assert import_file(EXAMPLES / "project-progress-2024-06.csv", "project_progress").ok
    from duban.projects.models import Project

    return {p.code: p for p in Project.objects.all()}


def test_draft_submit_approve_with_ledger(world, projects):
    s01 = projects["YK2024-S01"]  # led by 经信局
    result = save_month(world["jingxin"], MonthEntry(s01, JULY, Decimal(21000), None, {"竣工": None}))
    month = result.month
    assert (month.status, month.version) == ("draft", 1)
    # A draft does not count: July is judged on June's approved 17500 (not 21000).
    line = project_lines(JULY)[0]
    assert line.status.reported_month == 6 and line.pending == month
    transition(world["jingxin"], [month], "submit")
    with pytest.raises(PermissionDenied):
        transition(world["jingxin"], [month], "approve")
    transition(world["shuju"], [month], "approve")
    line = next(line for line in project_lines(JULY) if line.project == s01)
    assert (line.status.reported_month, line.completed_ytd) == (7, Decimal(21000))
    actions = list(ProjectRevision.objects.filter(month=month).values_list("action", "old_value", "new_value"))
    assert actions == [("entry", "", "21000"), ("submit", "draft", "submitted"), ("approve", "submitted", "approved")]


def test_other_department_refused(world, projects):
    with pytest.raises(PermissionDenied):
        save_month(world["shangwu"], MonthEntry(projects["YK2024-S01"], JULY, Decimal(1), None))


def test_stale_version_is_a_conflict_and_writes_nothing(world, projects):
    s01 = projects["YK2024-S01"]
    first = save_month(world["jingxin"], MonthEntry(s01, JULY, Decimal(20000), None)).month
    save_month(world["shuju"], MonthEntry(s01, JULY, Decimal(20500), 1))
    late = save_month(world["jingxin"], MonthEntry(s01, JULY, Decimal(19000), 1))
    assert not late.ok and late.conflict.completed_ytd == Decimal(20500)
    first.refresh_from_db()
    assert (first.completed_ytd, first.version) == (Decimal(20500), 2)


def test_approved_month_needs_rejection_before_a_department_edits(world, projects):
    s02 = projects["YK2024-S02"]  # 商务局; June imported as approved
    june = ProjectMonth.objects.get(project=s02, period="2024-06")
    with pytest.raises(WorkflowError, match="需数据办退回"):
        save_month(world["shangwu"], MonthEntry(s02, Period.parse("2024-06"), Decimal(3500), june.version))
    with pytest.raises(WorkflowError, match="退回必须说明原因"):
        transition(world["shuju"], [june], "reject")
    transition(world["shuju"], [june], "reject", reason="与统计台账不符")
    june.refresh_from_db()
    assert save_month(world["shangwu"], MonthEntry(s02, Period.parse("2024-06"), Decimal(3500), june.version)).ok


def test_milestone_dates_kept_in_the_ledger(world, projects):
    s03 = projects["YK2024-S03"]  # 文广旅体局: only the office enters for it here
    save_month(world["shuju"], MonthEntry(s03, JULY, Decimal(800), None, {"开工": date(2024, 7, 8)}))
    assert Milestone.objects.get(project=s03, kind="开工").actual_date == date(2024, 7, 8)
    row = ProjectRevision.objects.get(project=s03, field="开工")
    assert (row.old_value, row.new_value, row.actor) == ("", "2024-07-08", "shuju")


def test_pages_render_and_entry_saves(world, projects):
    client = Client()
    client.login(username="jingxin", password=PASSWORD)
    board = client.get("/projects/?period=2024-06&colour=yellow")
    assert board.status_code == 200
    text = board.content.decode()
    assert "五金城物流配送中心项目" in text and "永康智能装备产业园项目" not in text
    assert client.get("/projects/YK2024-S01/?period=2024-06").status_code == 200
    response = client.post("/projects/YK2024-S01/entry/2024-07/", {"completed_ytd": "20000", "version": "",
                                                                   "action": "submit"})
    assert response.status_code == 302
    assert ProjectMonth.objects.get(project__code="YK2024-S01", period="2024-07").status == "submitted"
    assert client.get("/projects/YK2024-S02/entry/2024-07/").status_code == 403
    assert client.post("/projects/YK2024-S01/months/2024-07/approve/").status_code == 403


def test_board_sorts_and_filters(world, projects):
    client = Client()
    client.login(username="ducha", password=PASSWORD)
    text = client.get("/projects/?period=2024-06&sort=plan&desc=on").content.decode()
    assert text.index("YK2024-S01") < text.index("YK2024-S02") < text.index("YK2024-S03")
    text = client.get(f"/projects/?period=2024-06&department={world['commerce'].pk}").content.decode()
    assert "YK2024-S02" in text and "YK2024-S01" not in text
