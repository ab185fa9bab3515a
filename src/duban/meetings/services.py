"""What the supervision office does with a meeting report: read it, then decide each candidate.

Every change checks the version the person saw (two people reviewing the same report
cannot overwrite each other), writes all or nothing, and leaves a Decision (who,
when, what). A candidate becomes a task only through ``accept``.
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from duban.accounts.permissions import is_supervision_office
from duban.catalogue.models import Department, Indicator
from duban.core.deadlines import Deadline, DeadlineError, find_deadline, resolve_deadline
from duban.core.extraction import CandidateTask, find_candidates, named_targets, rebuild_paragraphs, short_title
from duban.core.leads import LeadHints, suggest_lead
from duban.core.report_dates import date_of_report, dateline_text, meeting_name
from duban.core.task_matching import suggest_parent
from duban.meetings.models import Action, Candidate, Decision, LeadKeyword, Report, Source, Status
from duban.supervision import services as supervision
from duban.supervision.models import Task, TaskLevel

DENIED = "会议精神转化仅供督查室和系统管理员使用"


class ReportUndated(ValidationError):
    """The report names no year: the person must give its date."""

    def __init__(self, dateline: str | None):
        found = f"报道中只有“{dateline}”，没有年份" if dateline else "报道中找不到会议日期"
        super().__init__({"given_date": f"{found}：请填写会议日期（或见报日期），时限将据此推算"})


class Conflict(ValidationError):
    """Someone changed the candidate since the person loaded it."""


def check_office(user) -> None:
    if not is_supervision_office(user):
        raise PermissionDenied(DENIED)


def lead_hints() -> LeadHints:
    return LeadHints(
        keywords=dict(LeadKeyword.objects.values_list("keyword", "department_name")),
        departments=list(Department.objects.values_list("name", flat=True)),
        indicators=dict(Indicator.objects.filter(department__isnull=False).values_list("name", "department__name")),
    )


def parent_choices(plan_year: int):
    """Goals and tasks a new item may go under: the report's year and the next (a December meeting plans ahead)."""
    return Task.objects.filter(plan_year__in=(plan_year, plan_year + 1), level__in=(TaskLevel.GOAL, TaskLevel.TASK)) \
        .order_by("plan_year", "position")


# -- reading a report ------------------------------------------------------------------


@transaction.atomic
def create_report(user, *, text: str, title: str = "", given_date: date | None = None,
                  source: str = Source.PASTE, upload=None) -> Report:
    """Rebuild, date and read a report; its candidates wait for a person."""
    check_office(user)
    paragraphs = rebuild_paragraphs(text)
    if not paragraphs:
        raise ValidationError({"text": "报道内容为空"})
    found = date_of_report(paragraphs, given=given_date)
    if found is None:
        raise ReportUndated(dateline_text(paragraphs))
    report = Report.objects.create(
        title=(title or meeting_name(paragraphs, found.date))[:200], source=source, file=upload or "", text=text,
        paragraphs=paragraphs, meeting_date=found.date, date_source=found.source, plan_year=found.date.year,
        created_by=user, created_by_name=_name(user),
    )
    extracted = find_candidates(paragraphs, report_date=found.date, hints=lead_hints())
    departments = Department.objects.in_bulk(field_name="name")
    parents = [(t, f"{t.title} {t.measures}") for t in parent_choices(report.plan_year)]
    rows = Candidate.objects.bulk_create(
        [_extracted(report, found_candidate, position * 10, departments, parents)
         for position, found_candidate in enumerate(extracted, start=1)]
    )
    Candidate.cooperating.through.objects.bulk_create([
        Candidate.cooperating.through(candidate_id=row.pk, department_id=departments[name].pk)
        for row, found_candidate in zip(rows, extracted, strict=True)
        for name in found_candidate.lead.cooperating if name in departments
    ])
    _decide(user, report, None, Action.EXTRACTED,
            f"提取候选任务 {len(extracted)} 条；会议日期 {found.date:%Y-%m-%d}（{found.source}）")
    return report


def _extracted(report: Report, found: CandidateTask, position: int, departments, parents) -> Candidate:
    spans = [[s.paragraph, s.start, s.end] for s in found.spans]
    match = suggest_parent(found.text, parents)
    candidate = Candidate(
        report=report, position=position, kind=found.kind, source_text=_source(report, spans), spans=spans,
        title=found.title[:200], text=found.text, targets=list(found.targets),
        lead=departments.get(found.lead.lead), parent=match.key if match else None,
        lead_hint={"lead": found.lead.lead, "cooperating": list(found.lead.cooperating),
                   "office_choice": found.lead.office_choice, "reasons": list(found.lead.reasons)},
        parent_hint={"task": match.key.pk, "label": str(match.key), "words": list(match.words)} if match else {},
    )
    _set_deadline(candidate, found.deadline)  # the leader stays empty: the lead's leader in charge by default
    return candidate


# -- deciding ---------------------------------------------------------------------------


@transaction.atomic
def edit(user, candidate: Candidate, *, version: int, **changes) -> Candidate:
    """Change what a person may change: title, text, lead, cooperating, leader, parent, deadline."""
    check_office(user)
    candidate = _locked(candidate, version)
    described = _apply(candidate, changes)
    if described:
        _bump(candidate)
        _decide(user, candidate.report, candidate, Action.EDITED, "；".join(described))
    return candidate


@transaction.atomic
def accept(user, candidate: Candidate, *, version: int, **changes) -> Task:
    """Apply the person's last edits and enter the candidate into the responsibility list."""
    check_office(user)
    candidate = _locked(candidate, version)
    described = _apply(candidate, changes)
    problems = {}
    if candidate.lead is None:
        problems["lead"] = "请指定牵头单位"
    if candidate.due is None and not candidate.recurrence:
        problems["deadline_text"] = "请填写完成时限"
    if problems:
        raise ValidationError(problems)
    report = candidate.report
    plan_year = candidate.parent.plan_year if candidate.parent else (candidate.due or report.meeting_date).year
    task = supervision.add_task(
        plan_year=plan_year, title=candidate.title, measures=candidate.text, parent=candidate.parent,
        lead=candidate.lead, cooperating=list(candidate.cooperating.all()), leader=candidate.leader,
        deadline_text=candidate.deadline_text, due=candidate.due, recurrence=candidate.recurrence,
        ongoing=candidate.ongoing, occurrences=_occurrences(candidate, plan_year), actor=user,
        origin=f"由会议报道《{report.title}》（{report.meeting_date:%Y-%m-%d}）确认转入，原文：“{candidate.source_text}”"
               f"（/meetings/{report.pk}/#c-{candidate.pk}）",
    )
    candidate.task, candidate.status = task, Status.ACCEPTED
    _bump(candidate)
    edits = f"（修改：{'；'.join(described)}）" if described else ""
    _decide(user, report, candidate, Action.ACCEPTED,
            f"转为{task.get_level_display()} {task.number}“{task.title}”，牵头 {task.lead}，"
            f"时限 {candidate.deadline_text or '—'}{edits}")
    return task


@transaction.atomic
def reject(user, candidate: Candidate, *, version: int, reason: str) -> Candidate:
    check_office(user)
    if not reason.strip():
        raise ValidationError({"reason": "请填写拒绝理由"})
    candidate = _locked(candidate, version)
    candidate.status, candidate.reason = Status.REJECTED, reason.strip()
    _bump(candidate)
    _decide(user, candidate.report, candidate, Action.REJECTED, f"拒绝“{candidate.title}”：{candidate.reason}")
    return candidate


@transaction.atomic
def merge(user, first: Candidate, first_version: int, second: Candidate, second_version: int) -> Candidate:
    """Two candidates of one report become one; both originals stay, marked merged."""
    check_office(user)
    if first.pk == second.pk or first.report_id != second.report_id:
        raise ValidationError("请选择同一篇报道中的两条不同的候选任务")
    a, b = sorted([_locked(first, first_version), _locked(second, second_version)], key=lambda c: (c.position, c.pk))
    merged = Candidate.objects.create(
        report=a.report, position=a.position, kind=a.kind, source_text=a.source_text + b.source_text,
        spans=a.spans + b.spans, title=a.title, text=a.text + b.text, targets=list(dict.fromkeys(a.targets + b.targets)),
        lead=a.lead or b.lead, leader=a.leader or b.leader, parent=a.parent or b.parent,
        lead_hint=a.lead_hint, parent_hint=a.parent_hint or b.parent_hint,
        **_deadline_fields(a if (a.due or a.recurrence) else b),
    )
    merged.cooperating.set({*a.cooperating.all(), *b.cooperating.all()} - {merged.lead})
    for original in (a, b):
        original.status, original.merged_into = Status.MERGED, merged
        _bump(original)
    _decide(user, a.report, merged, Action.MERGED, f"合并“{a.title}”与“{b.title}”")
    return merged


@transaction.atomic
def split(user, candidate: Candidate, *, version: int, parts: list[str]) -> list[Candidate]:
    """One candidate becomes several, one per part; each part's own deadline and lead are read again."""
    check_office(user)
    parts = [p.strip() for p in parts if p.strip()]
    if len(parts) < 2:
        raise ValidationError({"parts": "拆分至少需要两段，每行一段"})
    candidate = _locked(candidate, version)
    report, hints = candidate.report, lead_hints()
    departments = Department.objects.in_bulk(field_name="name")
    pieces = []
    for offset, part in enumerate(parts, start=1):
        suggestion = suggest_lead(part, hints)
        deadline = find_deadline(part, on=report.meeting_date)
        piece = Candidate.objects.create(
            report=report, position=candidate.position + offset, kind=candidate.kind, source_text=part,
            spans=_narrowed(candidate, part), title=short_title(part)[:200], text=part,
            targets=list(named_targets(part)), lead=departments.get(suggestion.lead) or candidate.lead,
            leader=candidate.leader, parent=candidate.parent, lead_hint=candidate.lead_hint,
            parent_hint=candidate.parent_hint, split_from=candidate,
            **(_deadline_fields_of(deadline) if deadline else _deadline_fields(candidate)),
        )
        piece.cooperating.set(candidate.cooperating.exclude(pk=piece.lead_id))
        pieces.append(piece)
    candidate.status = Status.SPLIT
    _bump(candidate)
    _decide(user, report, candidate, Action.SPLIT, f"将“{candidate.title}”拆分为 {len(pieces)} 条")
    return pieces


@transaction.atomic
def redate(user, report: Report, meeting_date: date) -> Report:
    """Correct the meeting's date; pending candidates' deadlines are read again from their words."""
    check_office(user)
    report = Report.objects.select_for_update().get(pk=report.pk)
    old = report.meeting_date
    report.meeting_date, report.plan_year = meeting_date, meeting_date.year
    report.date_source = f"由{_name(user)}更正"
    report.save()
    for candidate in report.candidates.filter(status=Status.PENDING).exclude(deadline_text=""):
        try:
            _set_deadline(candidate, resolve_deadline(candidate.deadline_text, on=meeting_date))
        except DeadlineError:
            continue  # a date a person typed stays as typed
        _bump(candidate)
    _decide(user, report, None, Action.REDATED, f"会议日期由 {old:%Y-%m-%d} 更正为 {meeting_date:%Y-%m-%d}")
    return report


# -- helpers ------------------------------------------------------------------------------


def _locked(candidate: Candidate, version: int) -> Candidate:
    current = Candidate.objects.select_for_update().select_related("report").get(pk=candidate.pk)
    if current.version != version:
        raise Conflict(f"“{current.title}”已被他人修改（{current.get_status_display()}），请刷新页面后再操作")
    if current.status != Status.PENDING:
        raise Conflict(f"“{current.title}”{current.get_status_display()}，不能再操作")
    return current


def _bump(candidate: Candidate) -> None:
    candidate.version += 1
    candidate.save()


_FIELD_LABELS = {"title": "任务名称", "text": "具体内容", "lead": "牵头单位", "leader": "责任领导", "parent": "归入"}


def _apply(candidate: Candidate, changes: dict) -> list[str]:
    """Set the changed fields; say what changed, in words."""
    described = []
    for name, label in _FIELD_LABELS.items():
        if name in changes and changes[name] != getattr(candidate, name):
            if name in ("title", "text") and not (changes[name] or "").strip():
                raise ValidationError({name: f"{label}不能为空"})
            described.append(f"{label}：{getattr(candidate, name) or '—'} → {changes[name] or '—'}")
            setattr(candidate, name, changes[name])
    if candidate.parent is not None and candidate.parent.level == TaskLevel.MEASURE:
        raise ValidationError({"parent": "只能归入目标或重点任务"})
    if "cooperating" in changes:
        wanted = set(changes["cooperating"]) - {candidate.lead}
        current = set(candidate.cooperating.all()) if candidate.pk else set()
        if wanted != current:
            described.append(f"配合单位：{_names(current)} → {_names(wanted)}")
            candidate.cooperating.set(wanted)
    before = candidate.deadline_text, candidate.due
    _change_deadline(candidate, changes.get("deadline_text"), changes.get("due"))
    if (candidate.deadline_text, candidate.due) != before:
        due = f"（{candidate.due:%Y-%m-%d}）" if candidate.due else ""
        described.append(f"完成时限：{before[0] or '—'} → {candidate.deadline_text or '—'}{due}")
    return described


def _change_deadline(candidate: Candidate, text: str | None, due: date | None) -> None:
    """A date the person picked wins; else changed words are read against the meeting's date."""
    if due is not None and due != candidate.due:
        _set_deadline(candidate, Deadline(text=(text or "").strip() or f"{due.year}年{due.month}月{due.day}日前", due=due))
        return
    if text is None or text.strip() == candidate.deadline_text:
        return
    if not text.strip():
        _set_deadline(candidate, None)
        return
    try:
        _set_deadline(candidate, resolve_deadline(text, on=candidate.report.meeting_date))
    except DeadlineError as error:
        raise ValidationError({"deadline_text": str(error)}) from None


def _set_deadline(candidate: Candidate, deadline: Deadline | None) -> None:
    for name, value in (_deadline_fields_of(deadline) if deadline else _NO_DEADLINE).items():
        setattr(candidate, name, value)


_NO_DEADLINE = {"deadline_text": "", "due": None, "recurrence": "", "monthly_day": None, "ongoing": False}


def _deadline_fields_of(deadline: Deadline) -> dict:
    return {"deadline_text": deadline.text[:64], "due": deadline.due, "recurrence": deadline.recurrence or "",
            "monthly_day": deadline.monthly_day if deadline.recurrence == "monthly" else None,
            "ongoing": deadline.ongoing}


def _deadline_fields(candidate: Candidate) -> dict:
    return {name: getattr(candidate, name) for name in _NO_DEADLINE}


def _occurrences(candidate: Candidate, plan_year: int) -> list[date]:
    if not candidate.recurrence:
        return []
    deadline = Deadline(text=candidate.deadline_text, recurrence=candidate.recurrence, ongoing=candidate.ongoing,
                        monthly_day=candidate.monthly_day or 28)
    start = max(candidate.report.meeting_date, date(plan_year, 1, 1))
    return deadline.occurrences(start, date(plan_year, 12, 31))


def _narrowed(candidate: Candidate, part: str) -> list:
    """The part's own place in the report, when it is a piece of a one-span source."""
    if len(candidate.spans) == 1 and (offset := candidate.source_text.find(part)) >= 0:
        paragraph, start, _ = candidate.spans[0]
        return [[paragraph, start + offset, start + offset + len(part)]]
    return candidate.spans


def _source(report: Report, spans: list) -> str:
    return "".join(report.paragraphs[p][start:end] for p, start, end in spans)


def _names(departments) -> str:
    return "、".join(sorted(d.name for d in departments)) or "—"


def _name(user) -> str:
    return (user.get_full_name() or user.get_username()) if user is not None else ""


def _decide(user, report: Report, candidate: Candidate | None, action: str, detail: str) -> Decision:
    return Decision.objects.create(report=report, candidate=candidate, action=action, actor=user,
                                   actor_name=_name(user), detail=detail)
