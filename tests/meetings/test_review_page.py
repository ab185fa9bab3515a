"""The review page's forms: edit, merge, split, reject, a stale form, a correction of the date."""

from datetime import date

import pytest

from duban.meetings import services
from duban.meetings.models import Candidate, Status

from .conftest import SEED_ONE

pytestmark = pytest.mark.django_db


@pytest.fixture
def report(users):
    return services.create_report(users["ducha"], text=SEED_ONE.read_text(encoding="utf-8"), given_date=date(2024, 2, 22))


def card(report, start):
    return report.candidates.get(text__startswith=start, status=Status.PENDING)


def fields(candidate, **changes):
    prefix = f"c{candidate.pk}"
    data = {f"{prefix}-version": candidate.version, f"{prefix}-title": candidate.title, f"{prefix}-text": candidate.text,
            f"{prefix}-deadline_text": candidate.deadline_text}
    data.update({f"{prefix}-{k}": v for k, v in changes.items()})
    return data


def test_the_page_marks_every_candidate_in_the_text(office, report):
    page = office.get(f"/meetings/{report.pk}/").content.decode()
    for candidate in report.candidates.all():
        assert f'id="src-{candidate.pk}"' in page and f'id="c-{candidate.pk}"' in page
    assert "全市性工作，建议由督查室指定" in page


def test_saving_edits_rereads_the_deadline_words(office, report):
    candidate = card(report, "服务要再优化")
    response = office.post(f"/meetings/{report.pk}/candidates/{candidate.pk}/edit/",
                           fields(candidate, title="优化惠企服务", deadline_text="6月底前"))
    assert response.status_code == 302 and response.url.endswith(f"#c-{candidate.pk}")
    candidate.refresh_from_db()
    assert (candidate.title, candidate.due) == ("优化惠企服务", date(2024, 6, 30))


def test_unreadable_deadline_words_are_shown_on_the_card(office, report):
    candidate = card(report, "服务要再优化")
    response = office.post(f"/meetings/{report.pk}/candidates/{candidate.pk}/edit/",
                           fields(candidate, deadline_text="等通知"))
    assert response.status_code == 400 and "无法识别的完成时限" in response.content.decode()


def test_a_stale_form_says_someone_else_changed_it(office, report, users):
    candidate = card(report, "服务要再优化")
    services.edit(users["admin"], candidate, version=candidate.version, title="管理员改过")
    response = office.post(f"/meetings/{report.pk}/candidates/{candidate.pk}/accept/", fields(candidate), follow=True)
    assert "已被他人修改" in response.content.decode()
    assert Candidate.objects.get(pk=candidate.pk).title == "管理员改过"


def test_merge_split_and_reject_from_the_page(office, report):
    a, b = card(report, "思想要再重视"), card(report, "重点要再聚焦")
    office.post(f"/meetings/{report.pk}/merge/", {"candidate": [a.pk, b.pk], f"version-{a.pk}": a.version,
                                                  f"version-{b.pk}": b.version})
    merged = report.candidates.get(merged_from=a)
    assert merged.text == a.text + b.text

    c = card(report, "调度要再强化")
    office.post(f"/meetings/{report.pk}/candidates/{c.pk}/split/",
                {f"s{c.pk}-version": c.version, f"s{c.pk}-parts": "调度要再强化，坚持“以日保周”，\n奋力夺取首季“开门红”。"})
    assert report.candidates.filter(split_from=c).count() == 2

    d = card(report, "服务要再优化")
    response = office.post(f"/meetings/{report.pk}/candidates/{d.pk}/reject/", {f"r{d.pk}-version": d.version, f"r{d.pk}-reason": ""})
    assert response.status_code == 400
    office.post(f"/meetings/{report.pk}/candidates/{d.pk}/reject/", {f"r{d.pk}-version": d.version, f"r{d.pk}-reason": "已有任务覆盖"})
    assert Candidate.objects.get(pk=d.pk).reason == "已有任务覆盖"


def test_merging_needs_exactly_two(office, report):
    a = card(report, "思想要再重视")
    response = office.post(f"/meetings/{report.pk}/merge/", {"candidate": [a.pk]}, follow=True)
    assert "恰好勾选两条" in response.content.decode()


def test_correcting_the_date_from_the_page(office, report):
    office.post(f"/meetings/{report.pk}/date/", {"meeting_date": "2025-02-21"})
    report.refresh_from_db()
    assert report.meeting_date == date(2025, 2, 21) and "更正" in report.date_source


def test_the_page_reads_its_lists_once_not_per_card(office, report, django_assert_max_num_queries):
    with django_assert_max_num_queries(20):
        response = office.get(f"/meetings/{report.pk}/")
    assert response.status_code == 200 and report.candidates.count() >= 10
