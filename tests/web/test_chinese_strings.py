"""Issue 13, point 9: no English leaks into history, number errors or the admin."""

import re

from duban.core.numbers import NumberError, parse_number


def test_history_names_the_states(client, users, store):
    row = store("gyzjz", "330784", "2024-03", 75.3, 8.4)
    client.force_login(users["office"])
    page = client.get(f"/data/observation/{row.pk}/history/").content.decode()
    assert "— → 已发布" in page and "published" not in page


def test_a_typed_non_number_is_named_in_chinese_only():
    try:
        parse_number("47,9元")
    except NumberError as error:
        assert "not a number" not in str(error) and "无法识别的数字" in str(error)


def test_admin_names_every_app_and_model_in_chinese(admin_client):
    page = admin_client.get("/admin/").content.decode()
    captions = re.findall(r"<caption>\s*<a[^>]*>(.*?)</a>", page)
    models = [m.strip() for m in re.findall(r'<th scope="row"[^>]*>\s*(?:<a[^>]*>)?([^<]*)<', page, re.S)]
    assert "后台任务" in captions and "演示数据" in captions and "登录限制" in captions
    assert "任务结果" in models and "登录尝试" in models
    leaks = [name for name in captions + models if re.search(r"[A-Za-z]{3,}", name) and "API" not in name]
    assert leaks == []
