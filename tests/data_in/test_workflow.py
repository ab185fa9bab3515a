"""draft → submitted → approved → published by role; reject with a reason; only published reaches rankings."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from duban.observations.models import Observation, Status
from duban.observations.workflow import WorkflowError, transition


def test_full_path_by_role_with_ledger(users, store):
    row = store("gyzjz", "330784", "2024-03", 75.3, 8.4, status=Status.DRAFT)
    with pytest.raises(PermissionDenied):
        transition(users["commerce"], [row], "submit")  # another department's indicator
    transition(users["industry"], [row], "submit")
    with pytest.raises(PermissionDenied):
        transition(users["industry"], [row], "approve")  # a reporter does not approve own figures
    transition(users["office"], [row], "approve")
    assert not Observation.objects.filter(pk=row.pk, status=Status.PUBLISHED).exists()
    transition(users["office"], [row], "publish")
    assert Observation.objects.filter(pk=row.pk, status=Status.PUBLISHED).exists()
    steps = list(row.revisions.values_list("action", "old_status", "new_status"))
    assert steps[1:] == [("submit", "draft", "submitted"), ("approve", "submitted", "approved"),
                         ("publish", "approved", "published")]


def test_reject_needs_a_reason_and_returns_to_draft(users, store):
    row = store("gyzjz", "330784", "2024-03", 75.3, 8.4, status=Status.SUBMITTED)
    with pytest.raises(WorkflowError, match="原因"):
        transition(users["office"], [row], "reject")
    transition(users["office"], [row], "reject", reason="增速与快报不符")
    assert row.status == Status.DRAFT and row.revisions.last().reason == "增速与快报不符"


def test_wrong_state_is_refused(users, store):
    row = store("gyzjz", "330784", "2024-03", 75.3, 8.4, status=Status.DRAFT)
    with pytest.raises(WorkflowError, match="不能发布"):
        transition(users["office"], [row], "publish")


def test_review_page_approves_selected(client, users, store):
    row = store("gyzjz", "330784", "2024-03", 75.3, 8.4, status=Status.SUBMITTED)
    client.force_login(users["industry"])
    assert client.get(reverse("observations:review", args=["2024-03"])).status_code == 403
    client.force_login(users["office"])
    client.post(reverse("observations:review", args=["2024-03"]), {"ids": [row.pk], "action": "approve"})
    row.refresh_from_db()
    assert row.status == Status.APPROVED
