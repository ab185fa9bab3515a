"""The ledger keeps who made each change even after that person's account is deleted."""

from decimal import Decimal

from django.contrib.auth.models import User
from django.urls import reverse

from duban.observations.models import ObservationRevision, Status
from duban.observations.workflow import transition


def test_author_outlives_the_account(client, users, store):
    row = store("gyzjz", "330784", "2024-03", 75.3, 8.4, status=Status.DRAFT)
    reporter = users["industry"]
    transition(reporter, [row], "submit")
    name = reporter.get_username()
    User.objects.filter(pk=reporter.pk).delete()

    submitted = ObservationRevision.objects.get(observation=row, action="submit")
    assert submitted.changed_by is None and submitted.actor == name
    client.force_login(users["office"])
    page = client.get(reverse("observations:history", args=[row.pk])).content.decode()
    assert name in page


def test_an_upload_by_a_person_is_recorded_under_their_name(users, write_csv):
    from duban.imports.base import import_file

    path = write_csv("figures.csv", "indicator,region,period,value,yoy_pct\ngyzjz,330784,2024-03,75.3,8.4")
    import_file(path, "observations", user=users["office"])
    revision = ObservationRevision.objects.get()
    assert (revision.changed_by, revision.actor, revision.new_value) == (users["office"], users["office"].get_username(),
                                                                         Decimal("75.3000"))
