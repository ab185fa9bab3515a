"""The quarter's review: what moved, peers passed and passing, tasks; 下步措施 drafted, edited
on the page (a stale edit refused), kept with its history, and exported like a bulletin."""

from duban.bulletins.models import Document, Review

from .conftest import GROWTH, PASSWORD, observe


def test_review_edit_and_export(client, county, people, late_task):
    regions = county["regions"]
    for code in ("gyzjz", "ckze"):  # last quarter's end, for the comparison
        for region_code, yoy in GROWTH[code]["2024-02"].items():
            observe(county[code], regions[region_code], "2023-12", yoy=yoy)
    assert client.login(username="ducha", password=PASSWORD)
    page = client.get("/bulletins/review/2024Q1/", {"as_of": "2024-04-20"}).content.decode()
    assert "永康市2024年一季度复盘报告" in page
    # 规上工业增加值: 4th in 金华 at the end of 2023, tied 2nd now, passing 兰溪市
    assert "规上工业增加值：超越兰溪市（金华第4位→第2位）。" in page
    assert "出口总额：被兰溪市超越（金华第4位→第5位）。" in page
    drafted = "商务局：针对出口总额同比下降 2.0%，与增速目标方向相反"
    # the draft lists tasks overdue at the quarter's end (31 March: 6 days late)
    assert drafted in page and "经信局：加快推进“技改项目开工”（已逾期6天）" in page

    review = Review.objects.get()
    saved = client.post("/bulletins/review/2024Q1/?as_of=2024-04-20",
                        {"next_steps": "商务局：稳订单拓市场\n经信局：技改项目4月底前开工", "seen_version": review.version})
    assert saved.status_code == 302
    stale = client.post("/bulletins/review/2024Q1/?as_of=2024-04-20",
                        {"next_steps": "覆盖别人的修改", "seen_version": review.version})
    assert "已被他人修改" in stale.content.decode()
    review.refresh_from_db()
    assert review.next_steps.startswith("商务局：稳订单拓市场") and review.version == 2
    assert review.history.count() >= 2 and review.history.first().updated_by == people["ducha"]

    exported = client.post("/bulletins/review/2024Q1/?as_of=2024-04-20",
                           {"next_steps": review.next_steps, "seen_version": 2, "export": "1"})
    document = Document.objects.get(kind="review")
    assert exported.url == f"/bulletins/{document.pk}/"
    steps = next(s for s in document.content["sections"] if s["title"].endswith("下步措施"))
    assert [i["text"] for i in steps["blocks"][0]["items"]] == ["商务局：稳订单拓市场", "经信局：技改项目4月底前开工"]


def test_only_the_office_edits(client, county, people):
    assert client.login(username="jingxin", password=PASSWORD)
    assert client.get("/bulletins/review/2024Q1/").status_code == 200
    assert client.post("/bulletins/review/2024Q1/", {"next_steps": "x", "seen_version": 1}).status_code == 403
    assert client.get("/bulletins/review/2024-03/").status_code == 404
