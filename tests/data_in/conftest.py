"""A small catalogue for the data-in tests: 金华市 and its nine counties, three indicators
published in the wide sample, one stock, two departments and one user per role."""

from decimal import Decimal
import os
import tempfile
from pathlib import Path

import pytest
from django.contrib.auth.models import User

from duban.accounts.models import Profile, Role
from duban.catalogue.models import Department, Indicator, Region
from duban.core.periods import Period
from duban.observations.models import Observation, Status
from duban.observations.figures import ObservationInput
from duban.observations.writing import write_figures

JINHUA_COUNTIES = [
    ("330702", "婺城区"), ("330703", "金东区"), ("330723", "武义县"), ("330726", "浦江县"), ("330727", "磐安县"),
    ("330781", "兰溪市"), ("330782", "义乌市"), ("330783", "东阳市"), ("330784", "永康市"),
]


@pytest.fixture
def catalogue(db, settings):
    settings.HOME_REGION = "330784"
    province = Region.objects.create(code="330000", name="浙江省")
    prefecture = Region.objects.create(code="330700", name="金华市", parent=province)
    for code, name in JINHUA_COUNTIES:
        Region.objects.create(code=code, name=name, parent=prefecture)
    industry = Department.objects.create(name="经信局")
    commerce = Department.objects.create(name="商务局")
    Indicator.objects.create(code="gyzjz", name="规上工业增加值", unit="亿元", kind="flow", department=industry)
    Indicator.objects.create(code="gdzctz", name="固定资产投资", unit="亿元", kind="flow", department=industry)
    Indicator.objects.create(code="shxfpls", name="社会消费品零售总额", unit="亿元", kind="flow", department=commerce)
    Indicator.objects.create(code="gxjsqys", name="高新技术企业数", unit="家", kind="stock", department=industry,
                             rank_by="value", min_value=Decimal(0), max_value=Decimal(5000))
    return {"industry": industry, "commerce": commerce}


def _user(username, role=None, department=None, superuser=False):
    user = User.objects.create_user(username, password="pw-duban-test", is_superuser=superuser, is_staff=superuser)
    if role:
        Profile.objects.create(user=user, role=role, department=department)
    return user


@pytest.fixture
def users(catalogue):
    return {
        "admin": _user("admin", superuser=True),
        "office": _user("shuju", Role.DATA_OFFICE),
        "industry": _user("jingxin", Role.DEPARTMENT_REPORTER, catalogue["industry"]),
        "commerce": _user("shangwu", Role.DEPARTMENT_REPORTER, catalogue["commerce"]),
        "viewer": _user("kan", Role.VIEWER),
    }


@pytest.fixture
def store(catalogue):
    """Store figures directly: store("gyzjz", "330784", "2024-03", value, yoy, basis="ytd", status=...)."""

    def put(indicator, region, period, value=None, yoy=None, *, basis="ytd", status=Status.PUBLISHED) -> Observation:
        item = ObservationInput(
            Indicator.objects.get(code=indicator), Region.objects.get(code=region), Period.parse(period), basis,
            None if value is None else Decimal(str(value)), None if yoy is None else Decimal(str(yoy)),
        )
        write_figures([item], status=status, source="test", actor="test")
        return Observation.objects.get(indicator=item.indicator, region=item.region, period=period, basis=basis)

    return put


@pytest.fixture
def write_csv(tmp_path):
    def write(name: str, text: str) -> Path:
        path = tmp_path / name
        path.write_text(text.strip() + "\n", encoding="utf-8")
        return path

    return write



LAUNCH = {
    "executable_path": "/usr/bin/chromium",
    "args": ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"],
}
# DUBAN_SCREENSHOTS=docs/screenshots refreshes the documentation's pictures; otherwise a temp folder.
SCREENSHOTS = Path(os.environ.get("DUBAN_SCREENSHOTS") or tempfile.mkdtemp(prefix="duban-shots-"))


@pytest.fixture
def browser(live_server, monkeypatch):
    """``login(username)`` gives a 1440×900 Chromium page signed in; console errors are collected
    in ``errors`` and must stay empty."""
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # playwright's sync API runs an event loop
    from playwright.sync_api import sync_playwright

    class Session:
        errors: list[str] = []

        def login(self, username):
            page = self.chromium.new_page(viewport={"width": 1440, "height": 900})
            page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
            page.on("pageerror", lambda e: self.errors.append(str(e)))
            page.goto(f"{live_server.url}/login/")
            page.fill("input[name=username]", username)
            page.fill("input[name=password]", "pw-duban-test")
            page.click("form.login button, form.login [type=submit]")
            page.url_base = live_server.url
            return page

        def shot(self, page, name):
            SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(SCREENSHOTS / f"pages-{name}.png"), full_page=False)

    with sync_playwright() as pw:
        session = Session()
        session.errors = []
        session.chromium = pw.chromium.launch(headless=True, **LAUNCH)
        yield session
        session.chromium.close()
