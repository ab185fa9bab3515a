"""A small world for the project tests: 永康市 and two towns, two departments, one user per role."""

import pytest
from django.contrib.auth.models import User

from duban.accounts.models import Profile, Role
from duban.catalogue.models import Department, Leader, Region, TaskForce

PASSWORD = "pw-duban-test"


def user(username, role, department=None):
    account = User.objects.create_user(username, password=PASSWORD, is_superuser=role == Role.ADMIN,
                                       is_staff=role == Role.ADMIN)
    Profile.objects.create(user=account, role=role, department=department)
    return account


@pytest.fixture
def world(db, settings):
    settings.HOME_REGION = "330784"
    county = Region.objects.create(code="330784", name="永康市")
    for code, name in (("330784001", "东城街道"), ("330784003", "江南街道"), ("330784110", "芝英镇")):
        Region.objects.create(code=code, name=name, parent=county)
    wang, zhang = Leader.objects.create(name="王明"), Leader.objects.create(name="张伟")
    industry = Department.objects.create(name="经信局", leader=wang)
    commerce = Department.objects.create(name="商务局", leader=wang)
    Department.objects.create(name="文广旅体局", leader=zhang)
    TaskForce.objects.create(name="创新深化专班", leader=wang)
    TaskForce.objects.create(name="开放提升专班", leader=wang)
    return {
        "industry": industry, "commerce": commerce,
        "admin": user("admin", Role.ADMIN), "shuju": user("shuju", Role.DATA_OFFICE),
        "jingxin": user("jingxin", Role.DEPARTMENT_REPORTER, industry),
        "shangwu": user("shangwu", Role.DEPARTMENT_REPORTER, commerce),
        "ducha": user("ducha", Role.SUPERVISION_OFFICE),
    }
