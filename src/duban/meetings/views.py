"""Pages: the reports (paste or upload a new one), and one report under review.

Views check the request and render; the rules live in ``services``. Only the
supervision office and administrators come in: anyone else gets a Chinese 403 page.
"""

from __future__ import annotations

from collections import defaultdict
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from duban.accounts.models import role_of
from duban.accounts.permissions import is_supervision_office
from duban.meetings import services
from duban.meetings.forms import CandidateForm, RedateForm, RejectForm, ReportForm, SplitForm, choice_lists
from duban.meetings.models import LIVE, Candidate, Report, Status


def office_only(view):
    @login_required
    @wraps(view)
    def checked(request, *args, **kwargs):
        if not is_supervision_office(request.user):
            return render(request, "meetings/forbidden.html", {"role": role_of(request.user)}, status=403)
        return view(request, *args, **kwargs)

    return checked


@office_only
def reports(request):
    form = ReportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            report = services.create_report(
                request.user, text=data["text"], title=data["title"], given_date=data["given_date"],
                source=data["source"], upload=data.get("file"),
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, gettext("已提取 %(n)s 条候选任务，请逐条确认") % {"n": report.candidates.count()})
            return redirect("meetings:report", pk=report.pk)
    listed = Report.objects.annotate(
        pending=Count("candidates", filter=Q(candidates__status=Status.PENDING)),
        accepted=Count("candidates", filter=Q(candidates__status=Status.ACCEPTED)),
        rejected=Count("candidates", filter=Q(candidates__status=Status.REJECTED)),
    )
    return render(request, "meetings/reports.html", {"form": form, "reports": listed})


@office_only
def report(request, pk, bound: dict | None = None, status: int = 200):
    report = get_object_or_404(Report, pk=pk)
    live = list(
        report.candidates.filter(status__in=LIVE)
        .select_related("lead", "leader", "parent", "task", "report").prefetch_related("cooperating")
    )
    numbered = list(enumerate(live, start=1))
    bound = bound or {}
    choices = choice_lists(report.plan_year)
    cards = [
        {
            "number": number, "candidate": c,
            "form": bound.get(("edit", c.pk)) or CandidateForm(candidate=c, choices=choices),
            "reject": bound.get(("reject", c.pk)) or RejectForm(initial={"version": c.version}, prefix=f"r{c.pk}"),
            "split": bound.get(("split", c.pk)) or SplitForm(
                initial={"version": c.version, "parts": _sentences_per_line(c.text)}, prefix=f"s{c.pk}"),
        }
        for number, c in numbered
    ]
    counts = {s: sum(c.status == s for c in live) for s in (Status.PENDING, Status.ACCEPTED, Status.REJECTED)}
    return render(request, "meetings/report.html", {
        "report": report, "cards": cards, "paragraphs": _highlighted(report, numbered), "counts": counts,
        "decisions": report.decisions.select_related("candidate"),
        "redate": RedateForm(initial={"meeting_date": report.meeting_date}),
    }, status=status)


@office_only
@require_POST
def act(request, pk, candidate_pk, action):
    candidate = get_object_or_404(Candidate, pk=candidate_pk, report_id=pk)
    forms = {"accept": CandidateForm, "edit": CandidateForm, "reject": RejectForm, "split": SplitForm}
    if action not in forms:
        return redirect("meetings:report", pk=pk)
    if forms[action] is CandidateForm:
        form = CandidateForm(request.POST, candidate=candidate)
    else:
        form = forms[action](request.POST, prefix=f"{action[0]}{candidate.pk}")
    key = ("edit" if forms[action] is CandidateForm else action, candidate.pk)
    if not form.is_valid():
        return report(request, pk, bound={key: form}, status=400)
    version = form.cleaned_data["version"]
    try:
        if action == "accept":
            task = services.accept(request.user, candidate, version=version, **form.changes())
            messages.success(request, gettext("已转为%(level)s %(number)s：%(title)s") % {
                "level": task.get_level_display(), "number": task.number, "title": task.title})
        elif action == "edit":
            services.edit(request.user, candidate, version=version, **form.changes())
            messages.success(request, gettext("修改已保存"))
        elif action == "reject":
            services.reject(request.user, candidate, version=version, reason=form.cleaned_data["reason"])
            messages.success(request, gettext("已拒绝，理由已记录"))
        else:
            pieces = services.split(request.user, candidate, version=version, parts=form.part_list())
            messages.success(request, gettext("已拆分为 %(n)s 条") % {"n": len(pieces)})
            return redirect(f"{reverse('meetings:report', args=[pk])}#c-{pieces[0].pk}")
    except services.Conflict as error:
        messages.error(request, "；".join(error.messages))
    except ValidationError as error:
        _add_errors(form, error)
        return report(request, pk, bound={key: form}, status=400)
    return redirect(f"{reverse('meetings:report', args=[pk])}#c-{candidate.pk}")


@office_only
@require_POST
def merge(request, pk):
    chosen = request.POST.getlist("candidate")
    if len(chosen) != 2:
        messages.error(request, gettext("合并需要恰好勾选两条候选任务"))
        return redirect("meetings:report", pk=pk)
    first, second = (get_object_or_404(Candidate, pk=c, report_id=pk) for c in chosen)
    try:
        merged = services.merge(request.user, first, int(request.POST.get(f"version-{first.pk}", 0)),
                                second, int(request.POST.get(f"version-{second.pk}", 0)))
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
        return redirect("meetings:report", pk=pk)
    messages.success(request, gettext("已合并为一条"))
    return redirect(f"{reverse('meetings:report', args=[pk])}#c-{merged.pk}")


@office_only
@require_POST
def redate(request, pk):
    report = get_object_or_404(Report, pk=pk)
    form = RedateForm(request.POST)
    if form.is_valid():
        services.redate(request.user, report, form.cleaned_data["meeting_date"])
        messages.success(request, gettext("会议日期已更正，待确认条目的时限已重新推算"))
    else:
        messages.error(request, gettext("请填写有效的会议日期"))
    return redirect("meetings:report", pk=pk)


def _add_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, problems in error.message_dict.items():
            form.add_error(field if field in form.fields else None, problems)
    else:
        form.add_error(None, error.messages)


def _sentences_per_line(text: str) -> str:
    from duban.core.extraction import split_sentences

    return "\n".join(split_sentences(text))


def _highlighted(report: Report, numbered: list[tuple[int, Candidate]]) -> list[list[tuple]]:
    """Each paragraph as pieces (text, candidate or None, number): candidates marked where they stand."""
    marks = defaultdict(list)
    for number, candidate in numbered:
        for paragraph, start, end in candidate.spans:
            marks[paragraph].append((start, end, candidate, number))
    result = []
    for index, text in enumerate(report.paragraphs):
        pieces, at = [], 0
        for start, end, candidate, number in sorted(marks[index], key=lambda m: (m[0], m[1])):
            start = max(start, at)
            if start >= end:
                continue
            if start > at:
                pieces.append((text[at:start], None, None))
            pieces.append((text[start:end], candidate, number))
            at = end
        if at < len(text):
            pieces.append((text[at:], None, None))
        result.append(pieces)
    return result
