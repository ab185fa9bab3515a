"""A project's page reads in English through the language switch: its milestones and buttons too."""

from .conftest import PASSWORD


def test_project_page_names_milestones_and_actions_in_english(client, demo_projects):
    assert client.login(username="shuju", password=PASSWORD)
    client.cookies["django_language"] = "en"
    page = client.get("/projects/YK2024-001/?period=2024-06").content.decode()
    assert "<b>Contract signed</b>" in page and "<b>In production</b>" in page
    assert "<b>签约</b>" not in page
    client.cookies["django_language"] = "zh-hans"
    assert "<b>签约</b>" in client.get("/projects/YK2024-001/?period=2024-06").content.decode()
