from datetime import date, timedelta
from pathlib import Path

import pytest
from django.contrib.auth.models import User

from duban.accounts.models import Profile, Role
from duban.catalogue.models import Department, Indicator, Leader, TaskForce
from duban.imports.base import import_file

SAMPLES = Path(__file__).resolve().parents[2] / "examples"
SHEET = SAMPLES / "task-breakdown-sheet.xlsx"
DEPARTMENTS_CSV = Path(__file__).resolve().parents[1] / "fixtures" / "samples" / "departments.csv"
PASSWORD = "pw-for-tests-1"


@pytest.fixture(autouse=True)
def _immediate_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    # Ten users a test: the production hasher would spend seconds on each.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _no_channels_from_the_environment(settings):
    settings.DINGTALK_WEBHOOK = settings.DINGTALK_SECRET = settings.ZZD_ENDPOINT = ""
    settings.ZZD_DAILY_CAP = 20


@pytest.fixture
def departments(db):
    report = import_file(DEPARTMENTS_CSV, "departments")
    assert report.ok, report.problems
    return {d.name: d for d in Department.objects.all()}


@pytest.fixture
def indicators(departments):
    specs = [("gyzjz", "规上工业增加值"), ("gxjscyzjz", "高新技术产业增加值"), ("gdzctz", "固定资产投资"), ("ckze", "出口总额")]
    return [Indicator.objects.create(code=c, name=n, unit="亿元", kind="flow") for c, n in specs]


@pytest.fixture
def sample_tasks(departments, indicators):
    report = import_file(SHEET, "tasks", plan_year=2024)
    assert report.ok, [str(p) for p in report.problems]
    return report


@pytest.fixture
def write_csv(tmp_path):
    def write(name: str, text: str) -> Path:
        path = tmp_path / name
        path.write_text(text.strip() + "\n", encoding="utf-8")
        return path

    return write


def make_user(username, role, *, department=None, leader=None, task_force=None, email=""):
    user = User.objects.create_user(username, email=email, password=PASSWORD)
    Profile.objects.create(user=user, role=role, department=department, leader=leader, task_force=task_force)
    return user


@pytest.fixture
def users(departments):
    """One user per role; the reporters belong to 经信局 and 商务局."""
    force = TaskForce.objects.create(name="开放提升专班")
    force.departments.set([departments["商务局"]])
    return {
        "admin": User.objects.create_superuser("root", password=PASSWORD),
        "office": make_user("ducha", Role.SUPERVISION_OFFICE),
        "data_office": make_user("shuju", Role.DATA_OFFICE),
        "viewer": make_user("kan", Role.VIEWER),
        "jingxin": make_user("jingxin", Role.DEPARTMENT_REPORTER, department=departments["经信局"],
                             email="jingxin@example.test"),
        "shangwu": make_user("shangwu", Role.DEPARTMENT_REPORTER, department=departments["商务局"]),
        "fagai": make_user("fagai", Role.DEPARTMENT_REPORTER, department=departments["发改局"]),
        "wangming": make_user("wangming", Role.LEADER, leader=Leader.objects.get(name="王明")),
        "lihua": make_user("lihua", Role.LEADER, leader=Leader.objects.get(name="李华")),
        "task_force": make_user("zhuanban", Role.TASK_FORCE, task_force=force),
    }


def days(start: date, end: date):
    while start <= end:
        yield start
        start += timedelta(days=1)


class StandIn:
    """A loopback HTTP server standing in for DingTalk or 浙政钉: records every request."""

    def __init__(self):
        import json
        import threading
        from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

        self.requests: list[dict] = []
        self.failures_left = 0
        stand_in = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                length = int(self.headers.get("Content-Length", 0))
                stand_in.requests.append({"path": self.path, "body": json.loads(self.rfile.read(length))})
                failing = stand_in.failures_left > 0
                stand_in.failures_left -= failing
                self.send_response(500 if failing else 200)
                self.send_header("Content-Type", "application/json")
                self.end_headers()
                self.wfile.write(b'{"errcode": 0, "errmsg": "ok"}')

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self.thread.start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def stand_in():
    server = StandIn()
    yield server
    server.close()
