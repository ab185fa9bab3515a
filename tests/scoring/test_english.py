"""The department board reads in English through the language switch; Chinese stays the default."""

import pytest
from django.contrib.auth.models import User

from duban.accounts.models import Profile
from duban.catalogue.models import Department
from duban.scoring.models import Scheme, SchemeItem


@pytest.fixture
def department_scheme(db):
    for name in ("经信局", "商务局"):
        Department.objects.create(name=name)
    scheme = Scheme.objects.create(code="bumen", name="部门考核", subjects="departments", frequency="month")
    SchemeItem.objects.create(scheme=scheme, position=1, measure="report_timeliness_pct", weight=50, method="rank", step=5)
    SchemeItem.objects.create(scheme=scheme, position=2, measure="red_lights", weight=50, method="rank", step=5)
    return scheme


@pytest.mark.parametrize("language, words", [
    ("en", ["On-time reporting rate", "Red-light indicators"]),
    ("zh-hans", ["填报及时率", "红灯指标数"]),
])
def test_department_board_names_its_measures_in_the_chosen_language(client, department_scheme, language, words):
    user = User.objects.create_user("viewer", password="pw-for-test-1")
    Profile.objects.create(user=user, role="viewer")
    client.force_login(user)
    client.cookies["django_language"] = language
    page = client.get("/scoring/bumen/?period=2024-12").content.decode()
    for word in words:
        assert word in page
