from pathlib import Path

import pytest
from django.contrib.auth.models import User

from duban.accounts.models import Profile, Role
from duban.catalogue.models import Department, Indicator, Leader
from duban.demo import catalogue_data as cat
from duban.imports.base import import_file

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
SEED_ONE = FIXTURES / "seeds" / "000_bd9b75ef619eb89a.txt"
MEETINGS = FIXTURES / "meetings"
SHEET = FIXTURES / "samples" / "task-breakdown-sheet.xlsx"
PASSWORD = "pw-for-tests-1"


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def catalogue(db):
    """The demo's leaders, departments and a few indicators with their owners."""
    leaders = {name: Leader.objects.create(name=name, title=title) for name, title in cat.LEADERS.items()}
    departments = {
        name: Department.objects.create(name=name, leader=leaders[leader]) for name, leader in cat.DEPARTMENTS
    }
    for code, name, unit, kind, *_, department, _level, _growth in cat.INDICATORS:
        Indicator.objects.create(code=code, name=name, unit=unit, kind=kind, department=departments[department])
    return departments


@pytest.fixture
def task_list(catalogue):
    """The sample 2024 breakdown sheet: goals 一/二/三 and tasks 1–5."""
    report = import_file(SHEET, "tasks", plan_year=2024)
    assert report.ok, [str(p) for p in report.problems]


def make_user(username, role, **profile):
    user = User.objects.create_user(username, password=PASSWORD, first_name=username)
    Profile.objects.create(user=user, role=role, **profile)
    return user


@pytest.fixture
def users(catalogue):
    """One user per demo login."""
    return {
        "admin": User.objects.create_superuser("admin", password=PASSWORD),
        "ducha": make_user("ducha", Role.SUPERVISION_OFFICE),
        "shuju": make_user("shuju", Role.DATA_OFFICE),
        "jingxin": make_user("jingxin", Role.DEPARTMENT_REPORTER, department=catalogue["经信局"]),
        "shangwu": make_user("shangwu", Role.DEPARTMENT_REPORTER, department=catalogue["商务局"]),
        "wangming": make_user("wangming", Role.LEADER, leader=Leader.objects.get(name="王明")),
    }


@pytest.fixture
def office(client, users):
    client.force_login(users["ducha"])
    return client
