"""Two people save the same NEW figure at the same moment: one is saved, the other gets the
same conflict answer as a stale edit (409 in the API, the refusal on the entry page), never a 500.

On PostgreSQL there is no row to lock yet, so both pass the version check and the second
insert meets the unique key; on SQLite the writers queue. Both must answer alike.
"""

import json
import threading

import pytest
from django.db import connection, connections
from django.test import Client
from django.urls import reverse

from duban.catalogue.models import Indicator
from duban.observations import workflow
from duban.observations.models import Observation, ObservationRevision

pytestmark = pytest.mark.django_db(transaction=True)


def _both_checked_before_either_writes(monkeypatch):
    """Hold each save after it has read the current rows until the other has read them too.

    Only on PostgreSQL: SQLite's writers take the database lock at the start of the
    transaction, so the second cannot get this far before the first commits.
    """
    if connection.vendor != "postgresql":
        return
    barrier = threading.Barrier(2, timeout=10)
    original = workflow.check_inputs

    def check_then_wait(inputs):
        findings = original(inputs)
        barrier.wait()
        return findings

    monkeypatch.setattr(workflow, "check_inputs", check_then_wait)


def _at_once(*calls):
    """Run the calls in two threads; on SQLite one after the other, as its writers queue anyway
    (and the in-memory test database refuses a second writer instead of waiting)."""
    if connection.vendor != "postgresql":
        return [call() for call in calls]
    answers = [None] * len(calls)

    def run(index, call):
        try:
            answers[index] = call()
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    return answers


def test_api_two_new_saves_at_once_give_200_and_409(users, monkeypatch):
    _both_checked_before_either_writes(monkeypatch)

    def put(user, value):
        def call():
            client = Client(raise_request_exception=False)
            client.force_login(user)
            body = {"indicator": "gyzjz", "region": "330784", "period": "2024-03", "value": value, "yoy_pct": "8.4"}
            return client.put("/api/observations/", json.dumps(body), content_type="application/json")
        return call

    first, second = _at_once(put(users["industry"], "76"), put(users["office"], "77"))
    assert sorted([first.status_code, second.status_code]) == [200, 409]
    loser = first if first.status_code == 409 else second
    winner = second if loser is first else first
    assert loser.json()["theirs"]["value"] == winner.json()["value"]
    row = Observation.objects.get(indicator__code="gyzjz", region__code="330784", period="2024-03")
    assert str(row.value) == winner.json()["value"]
    assert ObservationRevision.objects.filter(observation=row).count() == 1


def test_entry_page_two_new_saves_at_once_show_the_refusal(users, catalogue, monkeypatch):
    _both_checked_before_either_writes(monkeypatch)
    indicator = Indicator.objects.get(code="gyzjz")
    url = reverse("observations:entry", args=[catalogue["industry"].pk, "2024-03"])

    def post(user, value):
        def call():
            client = Client(raise_request_exception=False)
            client.force_login(user)
            return client.post(url, {f"value-{indicator.pk}": value, f"yoy-{indicator.pk}": "8.4",
                                     f"version-{indicator.pk}": "", "action": "save"})
        return call

    answers = _at_once(post(users["industry"], "76"), post(users["office"], "77"))
    assert sorted(a.status_code for a in answers) == [200, 302]
    refused = next(a for a in answers if a.status_code == 200)
    assert "保存被拒绝" in refused.content.decode()
    assert Observation.objects.filter(indicator=indicator, period="2024-03").count() == 1
