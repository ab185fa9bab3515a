"""The permission matrix: the six demo personas and an anonymous visitor try every action on
every kind of object, through the pages and the API. Each attempt is either permitted (it
succeeds and does what it says) or refused (401/403/404 or the login page) with nothing
changed. One table: a lane adding an object type (projects, bulletins, meeting reports,
scoring) adds its rows to ROWS.

Attempts run on the demo data, each in a transaction rolled back afterwards, so every persona
meets the same state.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

import pytest
from django.apps import apps
from django.db import transaction
from django.db.models import Sum
from django.test import Client

ROLES = ["admin", "shuju", "ducha", "jingxin", "shangwu", "wangming", "anonymous"]
EVERYONE = set(ROLES) - {"anonymous"}
OFFICE = {"admin", "shuju"}  # data office: figures
SUPERVISION = {"admin", "ducha"}  # supervision office: tasks and notices


@dataclass
class Row:
    object: str  # the kind of object, as users name it
    action: str
    via: str  # "page" or "api"
    method: str
    url: Callable[[dict], str]
    allowed: set[str]
    data: Callable[[dict], dict] | None = None
    done: Callable[[dict], bool] | None = None  # the permitted action really happened

    def __str__(self):
        return f"{self.object}/{self.action}/{self.via}"


def _obs(objects, key):
    from duban.observations.models import Observation

    return Observation.objects.get(pk=objects[key])


def _notice_state(objects, key):
    from duban.supervision.models import Notice

    return Notice.objects.get(pk=objects[key]).state


ROWS: list[Row] = [
    # 指标数据 (figures)
    Row("figure", "open entry", "page", "get", lambda o: "/data/entry/", OFFICE | {"jingxin", "shangwu"}),
    Row("figure", "view own grid", "page", "get", lambda o: f"/data/entry/{o['industry']}/2025-01/",
        OFFICE | {"jingxin"}),
    Row("figure", "save draft", "page", "post", lambda o: f"/data/entry/{o['industry']}/2025-01/", OFFICE | {"jingxin"},
        data=lambda o: {f"value-{o['indicator']}": "99.9", f"version-{o['indicator']}": _obs(o, "draft").version,
                        "action": "save"},
        done=lambda o: str(_obs(o, "draft").value) == "99.9000"),
    Row("figure", "review list", "page", "get", lambda o: "/data/review/2025-01/", OFFICE),
    Row("figure", "approve", "page", "post", lambda o: "/data/review/2025-01/", OFFICE,
        data=lambda o: {"ids": [o["submitted"]], "action": "approve"},
        done=lambda o: _obs(o, "submitted").status == "approved"),
    Row("period", "lock", "page", "post", lambda o: "/data/review/2024-06/", OFFICE,
        data=lambda o: {"action": "lock"},
        done=lambda o: apps.get_model("observations", "PeriodLock").objects.filter(period="2024-06").exists()),
    Row("figure", "history", "page", "get", lambda o: f"/data/observation/{o['draft']}/history/", OFFICE | {"jingxin"}),
    Row("figure", "revert", "page", "post", lambda o: f"/data/observation/{o['published']}/revert/{o['revision']}/",
        OFFICE, data=lambda o: {"reason": "核对原表"}, done=lambda o: _obs(o, "published").version > o["published_version"]),
    Row("figure", "export", "page", "get",
        lambda o: "/data/export.xlsx?indicators=gyzjz&regions=330784&periods=2024-06", EVERYONE - {"jingxin", "shangwu"}),
    Row("figure", "list", "api", "get", lambda o: "/api/observations/?limit=5", EVERYONE),
    Row("figure", "write", "api", "put", lambda o: "/api/observations/", OFFICE | {"jingxin"},
        data=lambda o: {"indicator": o["indicator_code"], "region": "330784", "period": "2025-02", "value": "12.5"},
        done=lambda o: apps.get_model("observations", "Observation").objects.filter(period="2025-02").exists()),
    Row("figure", "submit", "api", "post", lambda o: f"/api/observations/{o['draft']}/transition", OFFICE | {"jingxin"},
        data=lambda o: {"action": "submit"}, done=lambda o: _obs(o, "draft").status == "submitted"),
    Row("figure", "approve", "api", "post", lambda o: f"/api/observations/{o['submitted']}/transition", OFFICE,
        data=lambda o: {"action": "approve"}, done=lambda o: _obs(o, "submitted").status == "approved"),
    Row("figure", "remove", "api", "post", lambda o: f"/api/observations/{o['published']}/remove", OFFICE,
        data=lambda o: {"reason": "重复录入"},
        done=lambda o: not apps.get_model("observations", "Observation").objects.filter(pk=o["published"]).exists()),
    Row("figure", "draft history", "api", "get", lambda o: f"/api/observations/{o['draft']}/revisions",
        OFFICE | {"jingxin"}),
    # 任务 (tasks) and 督办单 (supervision notices)
    Row("task", "my tasks", "page", "get", lambda o: "/tasks/mine/", {"jingxin", "shangwu"}),
    Row("task", "board", "page", "get", lambda o: "/tasks/board/", SUPERVISION | {"shuju"}),
    Row("task", "urge", "page", "post", lambda o: "/tasks/board/escalate/?as_of=2024-06-30", SUPERVISION,
        data=lambda o: {"task": [o["task"]], "step": "urge", "reason": "进度滞后"}),
    Row("task", "leader view", "page", "get", lambda o: "/tasks/leader/", {"wangming"}),
    Row("task", "view", "page", "get", lambda o: f"/tasks/{o['task']}/", SUPERVISION | {"shuju", "jingxin", "wangming"}),
    Row("task", "report progress", "page", "post", lambda o: f"/tasks/{o['task']}/report/", {"jingxin"},
        data=lambda o: {"text": "已完成设备采购", "percent": "60"},
        done=lambda o: apps.get_model("supervision", "ProgressReport").objects.filter(text="已完成设备采购").exists()),
    Row("task", "comment", "page", "post", lambda o: f"/tasks/{o['task']}/comment/", SUPERVISION | {"jingxin"},
        data=lambda o: {"text": "请加快进度"},
        done=lambda o: apps.get_model("supervision", "Comment").objects.filter(text="请加快进度").exists()),
    Row("notice", "sign", "page", "post", lambda o: f"/tasks/notices/{o['notice_issued']}/sign/", {"jingxin"},
        done=lambda o: _notice_state(o, "notice_issued") == "signed"),
    Row("notice", "verify", "page", "post", lambda o: f"/tasks/notices/{o['notice_reported']}/verify/", SUPERVISION,
        data=lambda o: {"feedback": "属实"}, done=lambda o: _notice_state(o, "notice_reported") == "verified"),
    # issue 13 point 8: the task list, and the office's editing pages
    Row("task", "task list", "page", "get", lambda o: "/tasks/", EVERYONE),
    Row("task", "add form", "page", "get", lambda o: "/tasks/add/", SUPERVISION),
    Row("task", "edit form", "page", "get", lambda o: f"/tasks/{o['task']}/edit/", SUPERVISION),
    Row("milestone", "add", "page", "post", lambda o: f"/tasks/{o['task']}/milestones/", SUPERVISION,
        data=lambda o: {"due": "2024-12-30"},
        done=lambda o: apps.get_model("supervision", "Milestone").objects.filter(due="2024-12-30").exists()),
    Row("task", "list", "api", "get", lambda o: "/api/tasks?as_of=2024-06-30", EVERYONE),
    Row("task", "view", "api", "get", lambda o: f"/api/tasks/{o['task']}?as_of=2024-06-30",
        SUPERVISION | {"shuju", "jingxin", "wangming"}),
    Row("task", "report progress", "api", "post", lambda o: f"/api/tasks/{o['task']}/progress", {"jingxin"},
        data=lambda o: {"text": "已开工", "percent": 40},
        done=lambda o: apps.get_model("supervision", "ProgressReport").objects.filter(text="已开工").exists()),
    # 驾驶舱 (monitoring) and messages
    Row("cockpit", "view", "page", "get", lambda o: "/cockpit/?period=2024-06", EVERYONE),
    Row("cockpit", "status", "api", "get", lambda o: "/api/monitoring/status?region=330784&period=2024-06", EVERYONE),
    Row("notification", "list", "page", "get", lambda o: "/notifications/", SUPERVISION),
    # 综合考核 (scoring): everyone reads the 红黑榜; the supervision office enters bonus and deduction points
    Row("score", "board", "page", "get", lambda o: "/scoring/jinhua9/?period=2024-06", EVERYONE),
    Row("score", "subject", "page", "get", lambda o: f"/scoring/jinhua9/subject/{o['home']}/?period=2024-06", EVERYONE),
    Row("score", "export", "page", "get", lambda o: "/scoring/jinhua9/export.xlsx?period=2024-06", EVERYONE),
    Row("score adjustment", "enter", "page", "post", lambda o: "/scoring/jinhua9/adjustments/", SUPERVISION,
        data=lambda o: {"subject": o["home"], "period": "2024-06", "points": "-0.5", "reason": "矩阵测试扣分"},
        done=lambda o: apps.get_model("scoring", "ScoreAdjustment").objects.filter(reason="矩阵测试扣分").exists()),
    Row("score", "view", "api", "get", lambda o: "/api/scoring/score?scheme=jinhua9&period=2024-06", EVERYONE),
    # 目录与系统 (catalogue, accounts, tokens) through the admin
    Row("admin", "open", "page", "get", lambda o: "/admin/", {"admin"}),
    Row("region", "add", "page", "post", lambda o: "/admin/catalogue/region/add/", {"admin"},
        data=lambda o: {"code": "330785", "name": "测试县", "parent": o["prefecture"],
                        "aliases-TOTAL_FORMS": "0", "aliases-INITIAL_FORMS": "0"},
        done=lambda o: apps.get_model("catalogue", "Region").objects.filter(code="330785").exists()),
    Row("api token", "issue", "page", "post", lambda o: "/admin/accounts/apitoken/add/", {"admin"},
        data=lambda o: {"user": o["jingxin_user"], "name": "脚本", "expires_at_0": "2099-01-01", "expires_at_1": "00:00:00"},
        done=lambda o: apps.get_model("accounts", "ApiToken").objects.filter(name="脚本").exists()),
    Row("user", "add", "page", "post", lambda o: "/admin/auth/user/add/", {"admin"},
        data=lambda o: {"username": "xinren", "password1": "Xr-9f2k-pass", "password2": "Xr-9f2k-pass",
                        "usable_password": "true", "profile-TOTAL_FORMS": "0", "profile-INITIAL_FORMS": "0"},
        done=lambda o: apps.get_model("auth", "User").objects.filter(username="xinren").exists()),
]

# 重大项目 (projects, issue 14): YK2024-001 is led by 经信局; its 2025-02 report waits for approval.
ROWS += [
    Row("project", "board", "page", "get", lambda o: "/projects/?period=2024-06", EVERYONE),
    Row("project", "view", "page", "get", lambda o: "/projects/YK2024-001/?period=2024-06", EVERYONE),
    Row("project", "open entry", "page", "get", lambda o: "/projects/YK2024-001/entry/2025-01/", OFFICE | {"jingxin"}),
    Row("project", "save month", "page", "post", lambda o: "/projects/YK2024-001/entry/2025-01/", OFFICE | {"jingxin"},
        data=lambda o: {"completed_ytd": "100", "version": "", "action": "save"},
        done=lambda o: _project_month("2025-01") is not None),
    Row("project", "approve month", "page", "post", lambda o: "/projects/YK2024-001/months/2025-02/approve/", OFFICE,
        done=lambda o: _project_month("2025-02").status == "approved"),
    Row("project", "list", "api", "get", lambda o: "/api/projects/", EVERYONE),
    Row("project", "status", "api", "get", lambda o: "/api/projects/status?period=2024-06", EVERYONE),
    Row("project", "write month", "api", "put", lambda o: "/api/projects/YK2024-001/months/2025-01", OFFICE | {"jingxin"},
        data=lambda o: {"completed_ytd": "100"}, done=lambda o: _project_month("2025-01") is not None),
    Row("project", "approve month", "api", "post", lambda o: "/api/projects/YK2024-001/months/2025-02/transition",
        OFFICE, data=lambda o: {"action": "approve"}, done=lambda o: _project_month("2025-02").status == "approved"),
    Row("project", "plan milestone", "api", "put", lambda o: "/api/projects/YK2024-001/milestones/竣工", OFFICE,
        data=lambda o: {"planned_date": "2026-06-30"},
        done=lambda o: str(apps.get_model("projects", "Milestone").objects.get(
            project__code="YK2024-001", kind="竣工").planned_date) == "2026-06-30"),
]


def _project_month(period):
    return apps.get_model("projects", "ProjectMonth").objects.filter(project__code="YK2024-001", period=period).first()

WATCHED = [("observations", "Observation"), ("observations", "ObservationRevision"), ("observations", "PeriodLock"),
           ("supervision", "ProgressReport"), ("supervision", "Comment"), ("supervision", "Notice"),
           ("supervision", "EscalationStep"), ("supervision", "TaskEvent"), ("catalogue", "Region"),
           ("accounts", "ApiToken"), ("auth", "User"), ("notifications", "Notification"),
           ("scoring", "ScoreAdjustment"), ("supervision", "Milestone"), ("supervision", "Task")]
WATCHED += [("projects", "ProjectMonth"), ("projects", "ProjectRevision"), ("projects", "Milestone")]


def fingerprint() -> dict:
    """What a refused attempt must leave as it was."""
    state = {f"{a}.{m}": apps.get_model(a, m).objects.count() for a, m in WATCHED}
    state["figure versions"] = apps.get_model("observations", "Observation").objects.aggregate(v=Sum("version"))["v"]
    state["notice states"] = list(apps.get_model("supervision", "Notice").objects.order_by("pk").values_list("state"))
    return state


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    from django.contrib.auth.models import User

    from duban.catalogue.models import Indicator, Region
    from duban.core.periods import Period
    from duban.demo.services import load_demo
    from duban.observations.models import Observation, ObservationRevision
    from duban.supervision.escalation import escalate_tasks
    from duban.supervision.models import Notice, Task

    with django_db_blocker.unblock(), transaction.atomic():
        load_demo()
        escalate_tasks(date(2024, 6, 30))
        indicator = Indicator.objects.filter(department__name="经信局", frequency="month").order_by("code").first()
        home = Region.objects.get(code="330784")

        def figure(period, status):
            p = Period.parse(period)
            return Observation.objects.create(indicator=indicator, region=home, period=p.code, period_kind="month",
                                              period_end=p.end, basis="ytd", value=10, status=status)

        draft = figure("2025-01", "draft")
        submitted = Observation.objects.create(indicator=Indicator.objects.filter(department__name="经信局").exclude(
            pk=indicator.pk).order_by("code").first(), region=home, period="2025-01", period_kind="month",
            period_end=draft.period_end, basis="ytd", value=20, status="submitted")
        published = Observation.objects.filter(indicator=indicator, region=home, status="published").first()
        revision = ObservationRevision.objects.create(observation=published, action="update", old_value=1,
                                                      new_value=published.value, old_status="published",
                                                      new_status="published", reason="测试")
        ObservationRevision.objects.create(observation=draft, action="entry", new_value=10, new_status="draft")
        task = Task.objects.filter(lead__name="经信局", leader__name="王明", notices__isnull=False).first()
        issued = task.notices.first()
        reported = Notice.objects.exclude(task=task).filter(task__leader__name="王明").first()
        Notice.objects.filter(pk=reported.pk).update(state="reported_back")
        apps.get_model("projects", "ProjectMonth").objects.create(
            project=apps.get_model("projects", "Project").objects.get(code="YK2024-001"), period="2025-02",
            completed_ytd=500, status="submitted")
        yield {
            "industry": indicator.department_id, "indicator": indicator.pk, "indicator_code": indicator.code,
            "draft": draft.pk, "submitted": submitted.pk, "published": published.pk,
            "published_version": published.version, "revision": revision.pk, "task": task.pk,
            "notice_issued": issued.pk, "notice_reported": reported.pk,
            "home": home.pk,
            "prefecture": Region.objects.get(code="330700").pk, "jingxin_user": User.objects.get(username="jingxin").pk,
            "users": {u.username: u for u in User.objects.filter(username__in=ROLES)},
        }
        transaction.set_rollback(True)


def _refused(response) -> bool:
    if response.status_code in (401, 403, 404):
        return True
    return response.status_code == 302 and "login/" in response["Location"]


def _attempt(row: Row, role: str, objects: dict):
    client = Client()
    if role != "anonymous":
        client.force_login(objects["users"][role])
    body = row.data(objects) if row.data else {}
    if row.via == "api":
        if row.method == "get":
            return client.get(row.url(objects))
        return getattr(client, row.method)(row.url(objects), json.dumps(body), content_type="application/json")
    return getattr(client, row.method)(row.url(objects), body)


@pytest.mark.django_db
@pytest.mark.parametrize("row", ROWS, ids=str)
def test_each_persona_is_permitted_or_refused_with_nothing_changed(demo, row):
    wrong = []
    for role in ROLES:
        with transaction.atomic():
            before = fingerprint()
            response = _attempt(row, role, demo)
            if role in row.allowed:
                if _refused(response) or response.status_code >= 400:
                    wrong.append(f"{role}: refused ({response.status_code}) but should be permitted")
                elif row.done and not row.done(demo):
                    wrong.append(f"{role}: answered {response.status_code} but the action did not happen")
            elif not _refused(response):
                wrong.append(f"{role}: permitted ({response.status_code}) but should be refused")
            elif fingerprint() != before:
                wrong.append(f"{role}: refused, yet something changed")
            transaction.set_rollback(True)
    assert wrong == []
