"""What the database still guarantees about figures after the write path was made set-wise.

- The ledger keeps its rows when a figure goes (no cascade, no constraint to the figure).
- A figure's indicator and region exist, and a catalogue row with figures cannot be deleted:
  SQLite by foreign-key constraints, PostgreSQL by triggers that check once per statement
  (migration 0004) and take the same row locks a foreign-key check takes, so neither order
  of an import and a concurrent delete can leave a figure without its catalogue row.
"""

import threading
import time
from decimal import Decimal

import pytest
from django.db import IntegrityError, connection, transaction
from django.db.models import ProtectedError

from duban.catalogue.models import Indicator, Region
from duban.observations.models import Observation, ObservationRevision

postgres_only = pytest.mark.skipif("connection.vendor != 'postgresql'", reason="PostgreSQL triggers")
sqlite_only = pytest.mark.skipif("connection.vendor != 'sqlite'", reason="SQLite foreign keys")


def _observation(**fields) -> Observation:
    defaults = dict(period="2024-03", period_kind="month", period_end="2024-03-31", basis="ytd", value=Decimal(1))
    return Observation.objects.create(**(defaults | fields))


def test_the_ledger_outlives_its_figure(store):
    row = store("gyzjz", "330784", "2024-03", 10, 1.0)
    store("gyzjz", "330784", "2024-03", 11, 1.0)
    assert list(row.revisions.values_list("action", flat=True)) == ["create", "update"]
    pk = row.pk
    row.delete()
    assert list(ObservationRevision.objects.filter(observation_id=pk).values_list("action", flat=True)) == [
        "create", "update"]


def test_a_catalogue_row_with_figures_is_protected(store):
    row = store("gyzjz", "330784", "2024-03", 10, 1.0)
    with pytest.raises(ProtectedError):
        row.indicator.delete()
    with pytest.raises(ProtectedError):
        row.region.delete()
    Indicator.objects.create(code="kong", name="无数据指标", unit="亿元", kind="flow").delete()  # no figures: fine


@postgres_only
def test_postgres_checks_the_keys_by_trigger_not_constraint(catalogue):
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, Observation._meta.db_table)
    keys = {tuple(c["columns"]) for c in constraints.values() if c["foreign_key"]}
    assert ("indicator_id",) not in keys and ("region_id",) not in keys
    region = Region.objects.get(code="330784")
    for bad in (dict(indicator_id=999_999, region=region), dict(indicator=Indicator.objects.first(), region_id=999_999)):
        with pytest.raises(IntegrityError, match="violates the key"), transaction.atomic():
            _observation(**bad)
    row = _observation(indicator=Indicator.objects.first(), region=region)
    with pytest.raises(IntegrityError, match="violates the key"), transaction.atomic():
        Observation.objects.filter(pk=row.pk).update(region_id=999_999)
    with pytest.raises(IntegrityError, match="violates the key"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM catalogue_region WHERE id = %s", [region.pk])  # behind Django's back
    with pytest.raises(IntegrityError, match="violates the key"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE catalogue_indicator SET id = 999999 WHERE id = %s", [row.indicator_id])


@sqlite_only
def test_sqlite_keeps_the_foreign_keys(catalogue):
    with connection.cursor() as cursor:
        cursor.execute(f"PRAGMA foreign_key_list({Observation._meta.db_table})")
        targets = {(row[3], row[2]) for row in cursor.fetchall()}
    assert {("indicator_id", "catalogue_indicator"), ("region_id", "catalogue_region")} <= targets


def _other_connection():
    """A second session of the test database (raw psycopg, autocommit)."""
    raw = connection.get_new_connection(connection.get_connection_params())
    raw.autocommit = True
    return raw


def _waits_for_lock(pid: int) -> bool:
    with connection.cursor() as cursor:
        for _ in range(100):
            cursor.execute("SELECT wait_event_type FROM pg_stat_activity WHERE pid = %s", [pid])
            if cursor.fetchone()[0] == "Lock":
                return True
            time.sleep(0.05)
    return False


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_a_delete_waits_for_an_uncommitted_import_then_fails(catalogue):
    """Django's PROTECT looks before the import commits and sees no figure; the delete then
    waits for the import's lock on the row and, once it commits, finds its figures."""
    indicator, region = Indicator.objects.get(code="gyzjz"), Region.objects.get(code="330784")
    other = _other_connection()
    outcome = {}

    def delete():
        try:
            other.execute("DELETE FROM catalogue_indicator WHERE id = %s", [indicator.pk])
            outcome["deleted"] = True
        except Exception as error:  # noqa: BLE001 - the test looks at it
            outcome["error"] = error

    try:
        with transaction.atomic():
            _observation(indicator=indicator, region=region)
            deleting = threading.Thread(target=delete)
            deleting.start()
            assert _waits_for_lock(other.info.backend_pid)
        deleting.join(10)
    finally:
        other.close()
    assert "violates the key" in str(outcome.get("error")) and "deleted" not in outcome
    assert Indicator.objects.filter(pk=indicator.pk).exists()


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_an_import_waits_for_an_uncommitted_delete_then_fails(catalogue):
    indicator, region = Indicator.objects.get(code="gdzctz"), Region.objects.get(code="330784")
    other = _other_connection()
    other.execute("BEGIN")
    other.execute("DELETE FROM catalogue_indicator WHERE id = %s", [indicator.pk])  # no figures yet: allowed
    committer = threading.Timer(0.5, other.execute, ["COMMIT"])
    committer.start()
    try:
        with pytest.raises(IntegrityError, match="violates the key"), transaction.atomic():
            _observation(indicator=indicator, region=region)
    finally:
        committer.join()
        other.close()
    assert not Observation.objects.exists()
