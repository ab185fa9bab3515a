"""Issue 13 point 4: every user has an inbox (notices to sign for, urges, returned figures,
deadlines) with a badge in the navigation; each step reaches the department's people."""

import pytest
from django.core.management import call_command

from duban.notifications.models import Channel, Notification
from duban.supervision.models import Task


@pytest.fixture
def tasks(sample_tasks):
    return {t.number: t for t in Task.objects.all()}


def badge(client):
    page = client.get("/tasks/").content.decode()
    start = page.index('id="inbox-link"')
    return page[start:page.index("</a>", start)]


def test_an_urge_from_the_board_lands_in_the_departments_inbox(tasks, users, client):
    client.force_login(users["office"])
    client.post("/tasks/board/escalate/?as_of=2024-04-05",
                {"task": [tasks["1.1"].pk], "step": "notice", "reason": "开工滞后"})
    client.force_login(users["jingxin"])
    assert ">2<" in badge(client)  # the message, and the notice waiting to be signed
    page = client.get("/inbox/?as_of=2024-04-05")
    assert [n.number for n in page.context["waiting"]] == ["督办〔2024〕第1号"]
    message = page.context["inbox_messages"][0]
    assert message.subject.startswith("【督办】督办〔2024〕第1号") and "开工滞后" in message.body
    opened = client.get(f"/inbox/{message.pk}/")
    assert opened["Location"] == f"/tasks/{tasks['1.1'].pk}/"
    assert ">1<" in badge(client)
    client.force_login(users["shangwu"])
    assert client.get("/inbox/").context["inbox_messages"].count() == 0
    assert client.get(f"/inbox/{message.pk}/").status_code == 404  # someone else's message


def test_the_daily_tick_reaches_the_inbox_too(tasks, users, client):
    call_command("tick", as_of="2024-03-28")  # 1.1 (due 3-31) is reminded
    reminded = Notification.objects.filter(channel=Channel.INBOX, user=users["jingxin"])
    assert [n.subject for n in reminded] == [f"【提醒】{tasks['1.1'].title}"]


def test_deadlines_and_read_all(tasks, users, client):
    call_command("tick", as_of="2024-03-28")
    client.force_login(users["jingxin"])
    page = client.get("/inbox/?as_of=2024-03-28")
    assert [row["title"] for row in page.context["deadlines"]] == [tasks["1.1"].title]
    client.post("/inbox/read/")
    assert "badge" not in badge(client)


def test_every_persona_has_an_inbox(users, client):
    for user in users.values():
        client.force_login(user)
        assert client.get("/inbox/").status_code == 200


def test_returned_figures_wait_in_the_departments_inbox(users, departments, indicators, client):
    from datetime import date

    from duban.catalogue.models import Region
    from duban.observations.models import Observation
    from duban.observations.workflow import transition

    home = Region.objects.create(code="330784", name="永康市")
    indicator = indicators[0]
    indicator.department = departments["经信局"]
    indicator.save()
    figure = Observation.objects.create(indicator=indicator, region=home, period="2024-06", period_kind="month",
                                        period_end=date(2024, 6, 30), basis="ytd", value=479, status="submitted")
    transition(users["data_office"], [figure], "reject", reason="疑似小数点错位")
    client.force_login(users["jingxin"])
    returned = client.get("/inbox/").context["returned"]
    assert returned == [{"period": "2024-06", "count": 1, "reason": "疑似小数点错位",
                         "link": f"/data/entry/{departments['经信局'].pk}/2024-06/"}]
    client.force_login(users["shangwu"])
    assert client.get("/inbox/").context["returned"] == []
