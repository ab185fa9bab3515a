"""Small hand-made catalogues: five counties in one peer group, figures written directly."""

from datetime import date
from decimal import Decimal

import pytest

from duban.catalogue.models import Indicator, PeerGroup, Region
from duban.core.periods import Period
from duban.observations.models import Observation
from duban.targets.models import RankTarget, Target

AS_OF = date(2024, 12, 31)
CODES = ["330781", "330782", "330783", "330784", "330785"]


@pytest.fixture
def world(db, settings):
    settings.HOME_REGION = "330784"
    regions = [Region.objects.create(code=c, name=f"县{i}") for i, c in enumerate(CODES, 1)]
    group = PeerGroup.objects.create(code="g5", name="五县", short_name="五县")
    group.members.set(regions)
    return {"regions": regions, "group": group, "home": regions[3]}


def indicator(code, **fields) -> Indicator:
    defaults = {"name": code, "unit": "亿元", "kind": "flow", "frequency": "month", "rank_by": "yoy_pct"}
    return Indicator.objects.create(code=code, **{**defaults, **fields})


def obs(ind, region, period, basis="ytd", value=None, yoy=None, status="published") -> Observation:
    p = Period.parse(period)
    return Observation.objects.create(
        indicator=ind, region=region, period=p.code, period_kind=str(p.kind), period_end=p.end, basis=basis,
        value=None if value is None else Decimal(str(value)), yoy_pct=None if yoy is None else Decimal(str(yoy)),
        status=status,
    )


def target(ind, region, period, value=None, growth=None) -> Target:
    return Target.objects.create(
        indicator=ind, region=region, period=period,
        value=None if value is None else Decimal(str(value)), growth_pct=None if growth is None else Decimal(str(growth)),
    )


def rank_target(ind, region, group, rank_max, period="2024") -> RankTarget:
    return RankTarget.objects.create(indicator=ind, region=region, group=group, period=period, rank_max=rank_max)
