"""The task pages and the inbox follow the language switch; Chinese stays the default."""

import pytest

# url, persona, Chinese heading, English heading
PAGES = [
    ("/tasks/?as_of=2024-04-05", "office", "<h1>任务清单 <small>截至 2024年4月5日", "<h1>Task list <small>as of 5 April 2024"),
    ("/tasks/board/?as_of=2024-04-05", "office", "<h1>督办台 <small>截至 2024年4月5日", "<h1>Supervision board <small>as of 5 April 2024"),
    ("/inbox/?as_of=2024-04-05", "jingxin", "<h1>收件箱 <small>截至 2024年4月5日", "<h1>Inbox <small>as of 5 April 2024"),
]


def _page(client, language, url):
    if language:
        client.cookies["django_language"] = language
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize(("url", "persona", "chinese", "english"), PAGES)
def test_headings_are_chinese_by_default(sample_tasks, users, client, url, persona, chinese, english):
    client.force_login(users[persona])
    page = _page(client, None, url)
    assert chinese in page and english not in page


@pytest.mark.parametrize(("url", "persona", "chinese", "english"), PAGES)
def test_headings_follow_the_english_switch(sample_tasks, users, client, url, persona, chinese, english):
    client.force_login(users[persona])
    page = _page(client, "en", url)
    assert english in page and chinese not in page


def test_the_inbox_table_and_nav_read_in_english(sample_tasks, users, client):
    client.force_login(users["jingxin"])
    page = _page(client, "en", "/inbox/?as_of=2024-04-05")
    assert "Supervision notices waiting for me (0)" in page and ">My tasks</a>" in page and ">Inbox" in page
    page = _page(client, "zh-hans", "/inbox/?as_of=2024-04-05")
    assert "待我办理的督办单（0）" in page and ">我的任务</a>" in page
