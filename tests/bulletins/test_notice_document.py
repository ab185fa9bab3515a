"""The supervision notice (督办单) as Word, and the register that lists every notice."""

from duban.supervision.models import Notice

from .conftest import PASSWORD
from .formats import docx_text


def test_notice_as_word_and_the_register(client, county, people, late_task):
    notice = Notice.objects.get()
    assert client.login(username="jingxin", password=PASSWORD)
    register = client.get("/bulletins/notices/", {"as_of": "2024-04-20"}).content.decode()
    assert "督办〔2024〕第1号" in register and "技改项目开工" in register and "<td class=\"num\">26</td>" in register
    assert f"/bulletins/notices/{notice.pk}/docx/" in client.get(f"/tasks/{late_task.pk}/").content.decode()

    response = client.get(f"/bulletins/notices/{notice.pk}/docx/")
    paragraphs, tables = docx_text(response.content)
    assert paragraphs[0] == "督　办　单" and paragraphs[1] == "督办〔2024〕第1号"
    rows = dict(row.split("|", 1) for row in tables[0])
    assert rows["督办事项"] == "技改项目开工" and rows["牵头单位"] == "经信局" and rows["责任领导"] == "王明"
    assert rows["完成时限"] == "2024年3月25日（2024年3月25日）"
    assert rows["逾期情况"].startswith("截至2024年4月20日，已逾期26天")
    assert rows["反馈时限"] == "请于2024年4月25日前反馈办理情况。"
    assert "督办事由" not in rows  # issued by the daily tick: no reason written by hand
    assert "永康市督查室" in paragraphs and "2024年4月20日" in paragraphs

    assert client.login(username="shangwu", password=PASSWORD)  # 商务局 neither leads nor cooperates
    assert client.get(f"/bulletins/notices/{notice.pk}/docx/").status_code == 404
    assert "督办〔2024〕第1号" not in client.get("/bulletins/notices/").content.decode()
