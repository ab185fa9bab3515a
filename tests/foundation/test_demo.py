import pytest
from django.contrib.auth import authenticate
from django.db import transaction

from duban.catalogue.models import Indicator, PeerGroup, Region
from duban.demo.services import DEMO_PASSWORD, is_demo_loaded, load_demo
from duban.observations.models import Observation, ObservationRevision
from duban.targets.models import RankTarget, Target


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    # One load for the module, rolled back afterwards: a flush would also wipe the rows that
    # data migrations seed (the warning rules) for every later test.
    with django_db_blocker.unblock(), transaction.atomic():
        first = load_demo()
        second = load_demo()
        yield first, second
        transaction.set_rollback(True)


@pytest.mark.django_db
def test_demo_catalogue_matches_the_county_system(demo):
    assert Region.objects.get(code="330784").name == "永康市"
    jinhua = PeerGroup.objects.get(code="jinhua9")
    assert jinhua.members.count() == 9 and jinhua.short_name == "金华"
    assert PeerGroup.objects.get(code="zhejiang90").members.count() == 90
    assert Indicator.objects.count() >= 30
    assert set(Indicator.objects.values_list("category", flat=True)) == {"创新深化", "改革攻坚", "开放提升"}
    assert Indicator.objects.filter(frequency="dekad", name="全社会用电量").exists()


@pytest.mark.django_db
def test_demo_figures_start_with_a_joint_january_february(demo):
    periods = set(Observation.objects.filter(indicator__code="gyzjz", region__code="330784").values_list("period", flat=True))
    assert "2024-02" in periods and "2024-01" not in periods and "2024-12" in periods
    assert Observation.objects.filter(period="2023-02", basis="ytd").exists()
    assert Target.objects.filter(period="2024Q1").exists()
    assert RankTarget.objects.filter(group__code="jinhua9", rank_max=3).exists()


@pytest.mark.django_db
def test_loading_twice_changes_nothing(demo):
    _, second = demo
    assert all(r.created == 0 and r.updated == 0 for r in second.reports)
    assert ObservationRevision.objects.count() == Observation.objects.count()
    assert is_demo_loaded()


@pytest.mark.django_db
def test_demo_logins_work_with_roles(demo):
    user = authenticate(username="jingxin", password=DEMO_PASSWORD)
    assert user.profile.role == "department_reporter" and user.profile.department.name == "经信局"
    assert authenticate(username="admin", password=DEMO_PASSWORD).is_superuser


@pytest.mark.django_db
def test_demo_reports_are_dated_around_their_deadlines(demo):
    """The department scores' 填报及时率 reads the ledger: the demo's figures were not all 'entered late'."""
    from datetime import date

    from duban.catalogue.models import Department
    from duban.core.periods import Period
    from duban.scoring.measures import report_timeliness_pct

    departments = list(Department.objects.filter(indicators__isnull=False).distinct().values_list("pk", flat=True))
    shares = report_timeliness_pct(departments, Period.parse("2024-12"), date(2025, 1, 31))
    known = [share for share in shares.values() if share is not None]
    assert known and all(0 <= share <= 100 for share in known)
    assert 50 < sum(known) / len(known) < 100  # mostly on time, some late
