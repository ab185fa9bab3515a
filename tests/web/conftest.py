import pytest

from data_in.conftest import LAUNCH, browser, catalogue, store, users  # noqa: F401  figures and the data-in logins
from hardening.conftest import PASSWORD, personas  # noqa: F401  the six demo logins

__all__ = ["LAUNCH", "PASSWORD", "personas"]


@pytest.fixture
def home(db, settings):
    from duban.catalogue.models import PeerGroup, Region

    region = Region.objects.create(code=settings.HOME_REGION, name="永康市")
    PeerGroup.objects.create(code="jinhua", name="金华各县（市、区）", short_name="金华").members.add(region)
    return region
