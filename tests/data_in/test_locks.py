"""Period locks: only once approved; imports refused naming the row; an admin revision with a reason; revert."""

import json
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.urls import reverse

from duban.core.periods import Period
from duban.observations.models import Observation, PeriodLock, Status
from duban.observations.workflow import CellEdit, WorkflowError, lock_period, revert, save_entries


def test_lock_needs_every_figure_approved(users, store):
    store("gyzjz", "330784", "2024-03", 75.3, 8.4, status=Status.SUBMITTED)
    with pytest.raises(WorkflowError, match="1 条数据未审核"):
        lock_period(users["office"], "2024-03")
    Observation.objects.update(status=Status.APPROVED)
    with pytest.raises(PermissionDenied):
        lock_period(users["industry"], "2024-03")
    assert lock_period(users["office"], "2024-03").locked_by == users["office"]


def test_import_into_locked_period_names_the_row(users, store, write_csv, capsys):
    store("gyzjz", "330784", "2024-03", 75.3, 8.4)
    PeriodLock.objects.create(period="2024-03", locked_by=users["office"])
    path = write_csv("late.csv", """
indicator,region,period,basis,value,yoy_pct
gyzjz,330784,2024-02,ytd,48.1,8.1
gyzjz,330784,2024-03,ytd,76.0,8.5
""")
    with pytest.raises(Exception):
        call_command("import", str(path), "--kind", "observations", "--json")
    report = json.loads(capsys.readouterr().out)
    [problem] = report["problems"]
    assert problem["row"] == 3 and "已锁定" in problem["reason"]
    assert Observation.objects.count() == 1 and Observation.objects.get().value == Decimal("75.3")


def _edit(row, value):
    return CellEdit(row.indicator, row.region, Period.parse(row.period), row.basis, Decimal(value), row.yoy_pct, row.version)


def test_change_in_locked_period_needs_admin_and_reason(users, store):
    row = store("gyzjz", "330784", "2024-03", 75.3, 8.4)
    PeriodLock.objects.create(period="2024-03")
    with pytest.raises(WorkflowError, match="已锁定"):
        save_entries(users["office"], [_edit(row, 76)], reason="统计局修订")
    with pytest.raises(WorkflowError, match="已锁定"):
        save_entries(users["admin"], [_edit(row, 76)])
    result = save_entries(users["admin"], [_edit(row, 76)], reason="统计局修订")
    assert result.ok
    last = row.revisions.order_by("id").last()
    assert (last.action, last.old_value, last.new_value, last.reason) == ("revision", Decimal("75.3"), 76, "统计局修订")


def test_revert_is_a_recorded_change(client, users, store):
    row = store("gyzjz", "330784", "2024-03", 75.3, 8.4)
    save_entries(users["office"], [_edit(row, 80)], reason="快报更正")  # a published figure: a correction
    change = row.revisions.get(action="correction")
    with pytest.raises(PermissionDenied):
        revert(users["industry"], change, reason="录错")
    client.force_login(users["office"])
    page = client.get(reverse("observations:history", args=[row.pk]))
    assert "恢复到此前的值" in page.content.decode()
    client.post(reverse("observations:revert", args=[row.pk, change.pk]), {"reason": "录错"})
    row.refresh_from_db()
    assert row.value == Decimal("75.3")
    last = row.revisions.order_by("id").last()
    assert last.action == "revert" and (last.old_value, last.new_value) == (80, Decimal("75.3")) and "录错" in last.reason
