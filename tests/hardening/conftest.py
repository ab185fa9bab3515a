"""Personas as in the demo (admin, shuju, ducha, jingxin, shangwu, wangming) on a small catalogue."""

import pytest
from django.contrib.auth.models import User

from duban.accounts.models import Profile, Role
from duban.catalogue.models import Department, Leader

PASSWORD = "pw-duban-test"


@pytest.fixture
def password():
    return PASSWORD


@pytest.fixture
def personas(db, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # six logins, not six seconds
    industry = Department.objects.create(name="经信局")
    commerce = Department.objects.create(name="商务局")
    leader = Leader.objects.create(name="王明")

    def make(username, role=None, **profile):
        user = User.objects.create_user(username, password=PASSWORD, is_superuser=role is None,
                                        is_staff=role is None)
        if role:
            Profile.objects.create(user=user, role=role, **profile)
        return user

    return {
        "admin": make("admin"),
        "shuju": make("shuju", Role.DATA_OFFICE),
        "ducha": make("ducha", Role.SUPERVISION_OFFICE),
        "jingxin": make("jingxin", Role.DEPARTMENT_REPORTER, department=industry),
        "shangwu": make("shangwu", Role.DEPARTMENT_REPORTER, department=commerce),
        "wangming": make("wangming", Role.LEADER, leader=leader),
    }


@pytest.fixture(scope="session")
def scratch_databases(tmp_path_factory):
    """Real databases for `duban` run in other processes (see scratch.py)."""
    from .scratch import ScratchFactory

    factory = ScratchFactory(tmp_path_factory.mktemp("scratch"))
    yield factory
    factory.drop_all()
