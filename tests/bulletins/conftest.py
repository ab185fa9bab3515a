"""A small county system with hand-set growth rates whose ranks are worked out by hand.

Eight counties: five of 金华 (the 金华 group) and three of 杭州; all eight make the 全省 group.
规上工业增加值 in 2024年1-3月: 义乌 9.2, 东阳 8.8, 永康 8.8, 兰溪 7.5, 婺城 6.0; 上城 10.1, 西湖 8.9,
滨江 5.0 — so 永康 is 并列第2 in 金华 (4th in February: 前移2) and 并列第4 in 全省 (6th: 前移2).
出口总额 falls 2.0 % in 永康: last in both groups (金华 5th from 4th, 全省 8th from 6th).
The province's own rows (全省 growth 7.6 % and 3.0 %) are what the sentences compare with.
"""

from datetime import date
from decimal import Decimal

import pytest
from django.contrib.auth.models import User

from duban.bulletins.defaults import ensure_schedules
from duban.bulletins.models import Schedule, Subscription
from duban.accounts.models import Profile, Role
from duban.catalogue.models import Department, Indicator, Leader, PeerGroup, Region
from duban.core.periods import Period
from duban.observations.models import Observation
from duban.supervision.models import Task
from duban.targets.models import RankTarget, Target

PASSWORD = "pw-for-tests-1"
AS_OF = date(2024, 4, 20)
JINHUA = {"330702": "婺城区", "330781": "兰溪市", "330782": "义乌市", "330783": "东阳市", "330784": "永康市"}
HANGZHOU = {"330102": "上城区", "330106": "西湖区", "330108": "滨江区"}
# indicator → period → region → growth %
GROWTH = {
    "gyzjz": {
        "2024-02": {"330702": 6.5, "330781": 8.0, "330782": 9.0, "330783": 7.5, "330784": 7.0,
                    "330102": 10.0, "330106": 7.2, "330108": 4.0, "330000": 7.1},
        "2024-03": {"330702": 6.0, "330781": 7.5, "330782": 9.2, "330783": 8.8, "330784": 8.8,
                    "330102": 10.1, "330106": 8.9, "330108": 5.0, "330000": 7.6},
    },
    "ckze": {
        "2024-02": {"330702": 2.0, "330781": 0.5, "330782": 5.0, "330783": 3.0, "330784": 1.0,
                    "330102": 6.0, "330106": 4.0, "330108": -1.0, "330000": 2.5},
        "2024-03": {"330702": 0.5, "330781": 1.0, "330782": 5.0, "330783": 3.0, "330784": -2.0,
                    "330102": 6.0, "330106": 4.0, "330108": 2.0, "330000": 3.0},
    },
}


def observe(indicator, region, period, *, value=None, yoy=None, basis="ytd", status="published"):
    p = Period.parse(period)
    return Observation.objects.create(
        indicator=indicator, region=region, period=p.code, period_kind=str(p.kind), period_end=p.end, basis=basis,
        value=None if value is None else Decimal(str(value)), yoy_pct=None if yoy is None else Decimal(str(yoy)),
        status=status,
    )


def make_user(username, role, *, department=None, leader=None, email="", superuser=False):
    user = User.objects.create_user(username, email=email, password=PASSWORD, is_superuser=superuser,
                                    is_staff=superuser, first_name=username)
    Profile.objects.create(user=user, role=role, department=department, leader=leader)
    return user


@pytest.fixture(autouse=True)
def _quick(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.DINGTALK_WEBHOOK = settings.DINGTALK_SECRET = settings.ZZD_ENDPOINT = ""
    settings.HOME_REGION = "330784"


@pytest.fixture
def county(db):
    # A transactional test elsewhere flushes the tables, migration-seeded schedules included.
    ensure_schedules(Schedule, Subscription)
    province = Region.objects.create(code="330000", name="浙江省")
    jinhua = Region.objects.create(code="330700", name="金华市", parent=province)
    hangzhou = Region.objects.create(code="330100", name="杭州市", parent=province)
    regions = {code: Region.objects.create(code=code, name=name, parent=jinhua) for code, name in JINHUA.items()}
    regions |= {code: Region.objects.create(code=code, name=name, parent=hangzhou) for code, name in HANGZHOU.items()}
    regions["330000"] = province
    jh = PeerGroup.objects.create(code="jinhua", name="金华5县市区", short_name="金华")
    jh.members.set([regions[c] for c in JINHUA])
    zj = PeerGroup.objects.create(code="zhejiang", name="全省8县市区", short_name="全省")
    zj.members.set([regions[c] for c in (*JINHUA, *HANGZHOU)])
    wang, li = Leader.objects.create(name="王明"), Leader.objects.create(name="李华")
    jingxin = Department.objects.create(name="经信局", leader=wang)
    shangwu = Department.objects.create(name="商务局", leader=li)
    gyzjz = Indicator.objects.create(code="gyzjz", name="规上工业增加值", unit="亿元", kind="flow", category="工业",
                                     department=jingxin, leader=wang)
    ckze = Indicator.objects.create(code="ckze", name="出口总额", unit="亿元", kind="flow", category="开放",
                                    department=shangwu, leader=li)
    for code, by_period in GROWTH.items():
        indicator = gyzjz if code == "gyzjz" else ckze
        for period, growth in by_period.items():
            for region_code, yoy in growth.items():
                observe(indicator, regions[region_code], period, yoy=yoy)
    home = regions["330784"]
    Target.objects.create(indicator=gyzjz, region=home, period="2024", growth_pct=Decimal("8"))
    Target.objects.create(indicator=ckze, region=home, period="2024", growth_pct=Decimal("5"))
    RankTarget.objects.create(indicator=gyzjz, region=home, period="2024", group=jh, rank_max=3)
    return {"home": home, "regions": regions, "jinhua": jh, "zhejiang": zj, "gyzjz": gyzjz, "ckze": ckze,
            "jingxin": jingxin, "shangwu": shangwu, "wang": wang, "li": li}


@pytest.fixture
def people(county):
    return {
        "admin": make_user("admin", Role.ADMIN, superuser=True),
        "ducha": make_user("ducha", Role.SUPERVISION_OFFICE, email="ducha@example.test"),
        "shuju": make_user("shuju", Role.DATA_OFFICE),
        "jingxin": make_user("jingxin", Role.DEPARTMENT_REPORTER, department=county["jingxin"],
                             email="jingxin@example.test"),
        "shangwu": make_user("shangwu", Role.DEPARTMENT_REPORTER, department=county["shangwu"],
                             email="shangwu@example.test"),
        "wangming": make_user("wangming", Role.LEADER, leader=county["wang"], email="wangming@example.test"),
    }


@pytest.fixture
def late_task(county):
    """A task due 25 March, 26 days late on 20 April: listed (通报) that day, with its notice."""
    from duban.supervision.escalation import escalate_tasks

    task = Task.objects.create(plan_year=2024, level="task", number="1", outline="1", title="技改项目开工",
                               lead=county["jingxin"], leader=county["wang"], deadline_text="2024年3月25日",
                               due=date(2024, 3, 25))
    escalate_tasks(AS_OF)
    return task
