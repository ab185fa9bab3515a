"""Changing figures one by one: data entry, the approval workflow, period locks and reverts.

Every function checks the user's right to act (``permissions``), never trusts the caller,
and writes one ledger row (``ledger.revision``) per changed figure. Imports write theirs
set-wise (``writing``), through the same ``ledger``.

    draft ──submit──▶ submitted ──approve──▶ approved ──publish──▶ published
      ▲                   │                      │                       │
      └──────reject (with a reason)──────────────┴───────────────────────┘
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from duban.catalogue.models import Indicator, Region
from duban.core.checks import ERROR, CheckResult
from duban.core.numbers import DigitsError
from duban.core.periods import Period
from duban.observations import ledger
from duban.observations.checking import check_inputs
from duban.observations.figures import ObservationInput, held, quantize
from duban.observations.models import Observation, ObservationRevision, PeriodLock, Status
from duban.observations.permissions import can_edit_indicator, is_admin, is_office


class WorkflowError(Exception):
    """The change is not allowed in the figure's present state; the message is for the user."""


# action → (states it starts from, state it leads to, who may do it)
TRANSITIONS = {
    "submit": ({Status.DRAFT}, Status.SUBMITTED, "reporter"),
    "approve": ({Status.SUBMITTED}, Status.APPROVED, "office"),
    "publish": ({Status.APPROVED}, Status.PUBLISHED, "office"),
    # a published figure found wrong goes back to its department the same way (it leaves rankings)
    "reject": ({Status.SUBMITTED, Status.APPROVED, Status.PUBLISHED}, Status.DRAFT, "office"),
}
ACTION_NAMES = {
    "create": "新建", "update": "修改", "entry": "填报", "submit": "报送", "approve": "审核通过",
    "publish": "发布", "reject": "退回", "revision": "锁定后修订", "revert": "撤销", "remove": "删除",
    "correction": "更正",
}


def is_locked(period_code: str) -> bool:
    return PeriodLock.objects.filter(period=period_code).exists()


# -- data entry ---------------------------------------------------------------------


@dataclass
class CellEdit:
    """One figure as a person typed it, with the version of the row they loaded (None: a new figure)."""

    indicator: Indicator
    region: Region
    period: Period
    basis: str
    value: Decimal | None
    yoy_pct: Decimal | None
    version: int | None


@dataclass
class Conflict:
    """Someone saved the figure after the editor loaded it: both versions, nothing written."""

    edit: CellEdit
    current: Observation


@dataclass
class EntryResult:
    saved: list[Observation] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)
    errors: list[tuple[CellEdit, CheckResult]] = field(default_factory=list)
    warnings: list[tuple[CellEdit, CheckResult]] = field(default_factory=list)
    written: bool = False  # False when anything above refused the save

    @property
    def ok(self) -> bool:
        return self.written


def _once_more_on_a_race(save):
    """Two people creating the same new figure at once both pass the version check on
    PostgreSQL (there is no row yet to lock) and the second insert meets the unique key.
    Saving again reads the first person's row, so the second gets the conflict they would
    have had a moment later, as on SQLite, where writers queue."""

    @functools.wraps(save)
    def save_or_conflict(*args, **kwargs):
        try:
            return save(*args, **kwargs)
        except IntegrityError:
            return save(*args, **kwargs)

    return save_or_conflict


@_once_more_on_a_race
def save_entries(user, edits: list[CellEdit], *, reason: str = "", accept_warnings: bool = False) -> EntryResult:
    """Save typed figures as drafts, all or nothing.

    Refused (nothing written): a figure of another department's indicator (PermissionDenied),
    a stale version (conflicts), a failed check (errors), an unaccepted warning or a warning
    accepted without a reason, a locked period without an administrator and a reason.
    """
    result = EntryResult()
    edits = [e for e in edits if e.value is not None or e.yoy_pct is not None or e.version is not None]
    for edit in edits:
        if not can_edit_indicator(user, edit.indicator):
            raise PermissionDenied(f"无权填报指标“{edit.indicator.name}”")
    locked = set(PeriodLock.objects.filter(period__in={e.period.code for e in edits}).values_list("period", flat=True))
    if locked and not (is_admin(user) and reason):
        raise WorkflowError(f"期间 {'、'.join(sorted(locked))} 已锁定：只有管理员可以修改，并须说明原因")
    with transaction.atomic():
        current = _current_rows(edits)
        for edit in edits:
            row = current.get((edit.indicator.pk, edit.region.pk, edit.period.code, edit.basis))
            if (row.version if row else None) != edit.version:
                result.conflicts.append(Conflict(edit, row))
            elif row is not None and row.status != Status.DRAFT and not is_office(user):
                raise WorkflowError(f"“{edit.indicator.name}”当前为{row.get_status_display()}，需数据办退回后才能修改")
            elif row is not None and row.status != Status.DRAFT and not reason:
                # the office changes a figure past draft only as an explicit correction, never silently
                raise WorkflowError(f"“{edit.indicator.name}”当前为{row.get_status_display()}：更正须填写修改原因"
                                    "（记入修改记录），或在数据审核中退回部门修改")
        if result.conflicts:
            return result
        result.errors = _beyond_digits(edits)
        if result.errors:
            return result
        inputs = [ObservationInput(e.indicator, e.region, e.period, e.basis, e.value, e.yoy_pct) for e in edits]
        for finding in check_inputs(inputs):
            target = result.errors if finding.result.is_error else result.warnings
            target.append((edits[finding.index], finding.result))
        if result.errors or (result.warnings and not (accept_warnings and reason)):
            return result
        result.saved = _write_entries(user, edits, current, locked, reason, result.warnings)
        result.written = True
    return result


def _beyond_digits(edits: list[CellEdit]) -> list[tuple[CellEdit, CheckResult]]:
    """Typed numbers their fields cannot hold (figures.FIGURE_DIGITS): refused before any check."""
    errors = []
    for edit in edits:
        for name in ("value", "yoy_pct"):
            try:
                setattr(edit, name, held(name, getattr(edit, name)))
            except DigitsError as error:
                errors.append((edit, CheckResult(ERROR, "digits", f"{'数值' if name == 'value' else '增速'}：{error}")))
    return errors


def _current_rows(edits: list[CellEdit]) -> dict[tuple, Observation]:
    rows = Observation.objects.select_for_update().filter(
        indicator__in={e.indicator.pk for e in edits},
        region__in={e.region.pk for e in edits},
        period__in={e.period.code for e in edits},
    )
    return {(r.indicator_id, r.region_id, r.period, r.basis): r for r in rows}


def _write_entries(user, edits, current, locked, reason, warnings) -> list[Observation]:
    now = timezone.now()
    note = reason
    if warnings:
        note = f"{reason}（已接受警告：{'；'.join(w.reason for _, w in warnings)}）"
    saved, revisions = [], []
    for edit in edits:
        key = (edit.indicator.pk, edit.region.pk, edit.period.code, edit.basis)
        row = current.get(key)
        value, yoy = quantize(edit.value), quantize(edit.yoy_pct)
        action = "revision" if edit.period.code in locked else "entry"
        if row is not None and row.status != Status.DRAFT and action == "entry":
            action = "correction"
        if row is None:
            if value is None and yoy is None:
                continue
            row = Observation.objects.create(
                indicator=edit.indicator, region=edit.region, period=edit.period.code,
                period_kind=str(edit.period.kind), period_end=edit.period.end, basis=edit.basis,
                value=value, yoy_pct=yoy, source="填报", status=Status.DRAFT, updated_by=user,
            )
            revisions.append(ledger.revision(row, user, action, old_value=None, old_yoy=None, old_status="", reason=note, now=now))
        elif (row.value, row.yoy_pct) != (value, yoy):
            if value is None and yoy is None:
                raise WorkflowError(f"“{edit.indicator.name}”的数值和增速不能同时清空")
            old = (row.value, row.yoy_pct, row.status)
            row.value, row.yoy_pct, row.updated_by, row.source = value, yoy, user, "填报"
            row.version += 1
            row.save()
            revisions.append(ledger.revision(row, user, action, old_value=old[0], old_yoy=old[1], old_status=old[2], reason=note, now=now))
        else:
            continue
        saved.append(row)
    ledger.record(revisions)
    return saved


# -- workflow -----------------------------------------------------------------------


def transition(user, observations: list[Observation], action: str, *, reason: str = "") -> int:
    """Move figures along the workflow; returns how many moved. All or nothing."""
    if action not in TRANSITIONS:
        raise WorkflowError(f"未知的操作“{action}”")
    sources, target, who = TRANSITIONS[action]
    if action == "reject" and not reason.strip():
        raise WorkflowError("退回必须说明原因")
    for row in observations:
        allowed = is_office(user) if who == "office" else can_edit_indicator(user, row.indicator)
        if not allowed:
            raise PermissionDenied(f"无权对“{row.indicator.name}”执行{ACTION_NAMES[action]}")
        if row.status not in sources:
            raise WorkflowError(f"{row}：当前状态为{row.get_status_display()}，不能{ACTION_NAMES[action]}")
    locked = set(PeriodLock.objects.filter(period__in={r.period for r in observations}).values_list("period", flat=True))
    if locked and action != "publish" and not (is_admin(user) and reason):
        raise WorkflowError(f"期间 {'、'.join(sorted(locked))} 已锁定：只有管理员可以改变状态，并须说明原因")
    now = timezone.now()
    with transaction.atomic():  # set-wise: one UPDATE and one ledger INSERT however many figures
        moved = Observation.objects.filter(pk__in=[row.pk for row in observations], status__in=sources).update(
            status=target, updated_by=user, version=F("version") + 1, updated_at=now)
        if moved != len(observations):  # someone moved some of them since they were read
            raise WorkflowError(f"有 {len(observations) - moved} 项已被他人处理，请刷新后重试")
        revisions = []
        for row in observations:
            old_status = row.status
            row.status, row.updated_by, row.version, row.updated_at = target, user, row.version + 1, now
            revisions.append(ledger.revision(row, user, action, old_value=row.value, old_yoy=row.yoy_pct,
                                       old_status=old_status, reason=reason, now=now))
        ledger.record(revisions)
    return len(observations)


# -- locks --------------------------------------------------------------------------


def lock_period(user, period_code: str) -> PeriodLock:
    if not is_office(user):
        raise PermissionDenied("只有数据办或管理员可以锁定期间")
    rows = Observation.objects.filter(period=period_code)
    if not rows.exists():
        raise WorkflowError(f"期间 {period_code} 没有任何数据，无需锁定")
    pending = rows.exclude(status__in=[Status.APPROVED, Status.PUBLISHED]).count()
    if pending:
        raise WorkflowError(f"期间 {period_code} 还有 {pending} 条数据未审核，审核通过后才能锁定")
    lock, _ = PeriodLock.objects.get_or_create(period=period_code, defaults={"locked_by": user})
    return lock


def unlock_period(user, period_code: str) -> None:
    if not is_admin(user):
        raise PermissionDenied("只有管理员可以解除锁定")
    PeriodLock.objects.filter(period=period_code).delete()


# -- revert -------------------------------------------------------------------------


def revert(user, revision: ObservationRevision, *, reason: str) -> Observation:
    """Put the figure back to what it was before ``revision``; the revert is itself a ledger row."""
    if not is_office(user):
        raise PermissionDenied("只有数据办或管理员可以撤销修改")
    if not reason.strip():
        raise WorkflowError("撤销必须说明原因")
    if revision.old_value is None and revision.old_yoy_pct is None:
        raise WorkflowError("这条记录是新建数据，没有可恢复的旧值；如数据有误请直接修改")
    with transaction.atomic():
        row = Observation.objects.select_for_update().get(pk=revision.observation_id)
        if is_locked(row.period) and not is_admin(user):
            raise WorkflowError(f"期间 {row.period} 已锁定：只有管理员可以撤销修改")
        old = (row.value, row.yoy_pct, row.status)
        row.value, row.yoy_pct = revision.old_value, revision.old_yoy_pct
        row.status = revision.old_status or row.status
        row.updated_by = user
        row.version += 1
        row.save()
        ledger.record([ledger.revision(
            row, user, "revert", old_value=old[0], old_yoy=old[1], old_status=old[2],
            reason=f"撤销 {revision.changed_at:%Y-%m-%d %H:%M} 的{ACTION_NAMES.get(revision.action, revision.action)}：{reason}",
            now=timezone.now())])
    return row


# -- removal ------------------------------------------------------------------------

REMOVABLE = {"value": "数值", "yoy_pct": "增速"}


def remove_figure(user, row: Observation, *, reason: str, fields: tuple[str, ...] = ("value", "yoy_pct"),
                  actor: str = "") -> Observation | None:
    """Take numbers out of a figure: an action of its own, because a file's blank cell never erases.

    ``fields`` names the numbers removed (both by default: the whole figure). A figure left with
    neither value nor growth is deleted; the ledger row stays and says what was removed, of what,
    and why. The data office and administrators may remove (``user``), and the command line
    (``user`` None, ``actor`` naming the operator); a locked period needs an administrator.
    Returns the figure as it stands after, or None when it was deleted.
    """
    if user is not None and not is_office(user):
        raise PermissionDenied("只有数据办或管理员可以删除数据")
    if not reason.strip():
        raise WorkflowError("删除数据必须说明原因")
    unknown = set(fields) - set(REMOVABLE)
    if not fields or unknown:
        raise WorkflowError(f"可删除的项为 {'、'.join(REMOVABLE)}（value、yoy_pct）")
    with transaction.atomic():
        row = Observation.objects.select_for_update().select_related("indicator", "region").get(pk=row.pk)
        if is_locked(row.period) and not (user is not None and is_admin(user)):
            raise WorkflowError(f"期间 {row.period} 已锁定：只有管理员可以删除数据")
        removed = [name for name in fields if getattr(row, name) is not None]
        if not removed:
            raise WorkflowError(f"{row}：没有可删除的{'、'.join(REMOVABLE[f] for f in fields)}")
        old = (row.value, row.yoy_pct, row.status)
        for name in removed:
            setattr(row, name, None)
        gone = row.value is None and row.yoy_pct is None
        what = "整条数据" if gone else "、".join(REMOVABLE[name] for name in removed)
        note = f"删除{what}（{row.indicator.name} {row.region.name} {row.period} {row.get_basis_display()}）：{reason}"
        revision = ledger.revision(row, user, "remove", old_value=old[0], old_yoy=old[1], old_status=old[2],
                             reason=note, now=timezone.now())
        revision.actor = actor or revision.actor
        if gone:
            revision.new_status = ""
            ledger.record([revision])
            row.delete()  # the ledger keeps its rows: no cascade (ObservationRevision.observation)
            return None
        row.updated_by = user
        row.version += 1
        row.save()
        ledger.record([revision])
    return row
