"""The pages in headless Chromium under the Content-Security-Policy: nothing is refused, and
what used to be inline script still works (period picker, charts, live cell check, Enter in the
grid, the admin, the API documentation)."""

from decimal import Decimal

import pytest
from django.contrib.auth.models import User

from duban.accounts.models import Profile, Role
from duban.catalogue.models import Department, Indicator, PeerGroup, Region
from duban.core.periods import Period
from duban.observations.models import Observation

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LAUNCH = {
    "executable_path": "/usr/bin/chromium",
    "args": ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"],
}
PASSWORD = "pw-csp-test-1"


@pytest.fixture
def site(settings):
    settings.HOME_REGION = "330784"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    regions = [Region.objects.create(code=c, name=n) for c, n in
               [("330782", "义乌市"), ("330783", "东阳市"), ("330784", "永康市")]]
    group = PeerGroup.objects.create(code="jh", name="金华", short_name="金华")
    group.members.set(regions)
    department = Department.objects.create(name="经信局")
    indicator = Indicator.objects.create(code="gy", name="规上工业增加值", unit="亿元", kind="flow", frequency="month",
                                         rank_by="yoy_pct", department=department)
    for region, growth in zip(regions, [9, 8, 7]):
        for year in (2023, 2024):
            for month in (2, 3):
                period = Period.parse(f"{year}-{month:02d}")
                Observation.objects.create(indicator=indicator, region=region, period=period.code,
                                           period_kind="month", period_end=period.end, basis="ytd",
                                           value=Decimal(10 * month + growth), yoy_pct=Decimal(growth), status="published")
    reporter = User.objects.create_user("jingxin", password=PASSWORD)
    Profile.objects.create(user=reporter, role=Role.DEPARTMENT_REPORTER, department=department)
    User.objects.create_superuser("admin", password=PASSWORD)
    return department


def _login(page, url, username):
    page.goto(f"{url}/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("form.login button")
    page.wait_for_url(lambda u: "/login/" not in u)


def test_pages_work_with_nothing_refused(live_server, site, monkeypatch):
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    url = live_server.url
    with sync_playwright() as pw:
        browser = pw.chromium.launch(headless=True, **LAUNCH)
        page = browser.new_page()
        problems = []
        # Refusals appear as console errors ("Refused to execute inline script …"); failed loads are
        # caught by the response handler (Chromium's own /favicon.ico probe on /api/docs is not ours).
        page.on("console", lambda m: problems.append(m.text)
                if m.type == "error" and not m.text.startswith("Failed to load resource") else None)
        page.on("pageerror", lambda e: problems.append(str(e)))
        page.on("response", lambda r: problems.append(f"{r.status} {r.url}") if r.status >= 400 else None)

        _login(page, url, "jingxin")
        page.goto(f"{url}/cockpit/?period=2024-03")
        assert "规上工业增加值" in page.content()
        with page.expect_navigation():
            page.select_option("select[name=period]", "2024-02")  # data-submit-on-change
        assert "period=2024-02" in page.url
        page.goto(f"{url}/cockpit/indicator/gy/?period=2024-03")
        page.wait_for_selector("#chart-peers canvas")

        page.goto(f"{url}/data/entry/{site.pk}/2024-03/")
        cells = page.locator("input.cell")
        cells.nth(0).press_sequentially("12.5")
        page.wait_for_selector(".cell-msg:not(:empty)")  # htmx asked the server
        cells.nth(0).press("Enter")  # the nonce'd script moves to the next cell
        assert page.evaluate("document.activeElement.name") == cells.nth(1).get_attribute("name")

        page.context.clear_cookies()
        _login(page, url, "admin")
        page.goto(f"{url}/admin/accounts/apitoken/add/")
        page.wait_for_selector("select[name=user]")
        page.goto(f"{url}/api/docs")
        page.wait_for_selector(".swagger-ui .opblock", timeout=20000)
        browser.close()
    assert problems == []
