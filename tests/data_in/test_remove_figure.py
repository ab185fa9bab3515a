"""Removing a figure is its own action, with a reason kept in the ledger (issue 9.7): the data
office (API) or the operator (``duban remove_figure``); never a blank cell of a file."""

import json
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from duban.observations.models import Observation, ObservationRevision, PeriodLock


def _post(user, pk, body):
    client = Client()
    client.force_login(user)
    return client.post(f"/api/observations/{pk}/remove", json.dumps(body), content_type="application/json")


def test_office_removes_a_figure_and_the_ledger_keeps_what_and_why(users, store):
    row = store("gyzjz", "330784", "2024-03", 120.5, 5.0)
    answer = _post(users["office"], row.pk, {"reason": "重复录入"})
    assert answer.status_code == 200 and answer.json() == {"removed": "figure", "observation": None}
    assert not Observation.objects.filter(pk=row.pk).exists()
    entry = ObservationRevision.objects.get(observation_id=row.pk, action="remove")
    assert (entry.old_value, entry.new_value, entry.old_yoy_pct, entry.actor) == (
        Decimal("120.5000"), None, Decimal("5.0000"), "shuju")
    assert "规上工业增加值 永康市 2024-03" in entry.reason and entry.reason.endswith("重复录入")


def test_removing_only_the_value_keeps_the_growth(users, store):
    row = store("gyzjz", "330784", "2024-03", 120.5, 5.0)
    answer = _post(users["admin"], row.pk, {"reason": "口径不符", "fields": ["value"]})
    assert answer.status_code == 200 and answer.json()["observation"]["yoy_pct"] == "5.0000"
    row.refresh_from_db()
    assert (row.value, row.yoy_pct, row.version) == (None, Decimal("5.0000"), 2)


@pytest.mark.parametrize("who", ["industry", "commerce", "viewer"])
def test_others_are_refused_and_nothing_changes(users, store, who):
    row = store("gyzjz", "330784", "2024-03", 120.5, 5.0)
    assert _post(users[who], row.pk, {"reason": "x"}).status_code in (403, 404)
    assert Observation.objects.filter(pk=row.pk, value=Decimal("120.5")).exists()
    assert not ObservationRevision.objects.filter(action="remove").exists()


def test_a_reason_is_required_and_a_locked_period_needs_an_administrator(users, store):
    row = store("gyzjz", "330784", "2024-03", 120.5, 5.0)
    assert _post(users["office"], row.pk, {"reason": "  "}).status_code == 422
    PeriodLock.objects.create(period="2024-03")
    assert _post(users["office"], row.pk, {"reason": "错了"}).status_code == 422
    assert Observation.objects.filter(pk=row.pk).exists()
    assert _post(users["admin"], row.pk, {"reason": "错了"}).status_code == 200


def test_command_removes_with_a_reason(catalogue, store, capsys):
    row = store("gyzjz", "330784", "2024-03", 120.5, 5.0)
    call_command("remove_figure", "--indicator", "规上工业增加值", "--region", "永康市", "--period", "2024年1-3月",
                 "--only", "yoy_pct", "--reason", "增速待核")
    row.refresh_from_db()
    assert (row.value, row.yoy_pct) == (Decimal("120.5000"), None)
    entry = ObservationRevision.objects.get(observation=row, action="remove")
    assert entry.actor.startswith("cli:") and entry.reason.endswith("增速待核")
    with pytest.raises(CommandError, match="没有这项数据"):
        call_command("remove_figure", "--indicator", "gyzjz", "--region", "330784", "--period", "2024-04",
                     "--basis", "ytd", "--reason", "x")
