"""红黑榜, a subject's own page, adjustments entry and the xlsx export. Logic lives in ``services``."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from duban.accounts.models import Role, role_of
from duban.core.periods import Period
from duban.monitoring.published import mostly_published
from duban.monitoring.services import home_region
from duban.scoring import services
from duban.scoring.export import score_xlsx
from duban.scoring.forms import ScoreAdjustmentForm
from duban.scoring.models import Scheme, ScoreAdjustment
from duban.web.periods import period_label

ADJUSTING_ROLES = (Role.ADMIN, Role.SUPERVISION_OFFICE)
BOARD_SIZE = 3  # named at the top (红榜) and at the bottom (黑榜)


def can_adjust(user) -> bool:
    return role_of(user) in ADJUSTING_ROLES


def _default_period(scheme) -> Period | None:
    """The period the cockpit would open on for the scheme's frequency (never the clock's)."""
    region = home_region()
    return mostly_published(region, scheme.frequency) if region else None


def _sheet(request, code: str) -> services.ScoreSheet:
    scheme = get_object_or_404(Scheme.objects.select_related("group"), code=code)
    text = request.GET.get("period")
    try:
        period = services.parse_scheme_period(scheme, text) if text else _default_period(scheme)
        if period is None:
            raise Http404(_("尚无数据"))
        return services.score_scheme(scheme, period, as_of=timezone.localdate())
    except services.BadScoreRequest as error:
        raise Http404(str(error)) from None


def _periods(sheet: services.ScoreSheet, count: int = 12) -> list[tuple[str, str]]:
    choices, cursor = [], sheet.period
    for _i in range(count):
        choices.append((cursor.code, period_label(cursor)))
        cursor = cursor.previous()
    return choices


@login_required
def index(request):
    schemes = list(Scheme.objects.order_by("code"))
    if len(schemes) == 1:
        return redirect("scoring:board", code=schemes[0].code)
    return render(request, "scoring/index.html", {"schemes": schemes})


@login_required
def board(request, code: str):
    sheet = _sheet(request, code)
    rows = sheet.rows
    bottom_start = max(BOARD_SIZE, len(rows) - BOARD_SIZE)
    chart = {
        "names": [r.subject.name for r in rows],
        "scores": [float(r.result.score) for r in rows],
        "ranks": [r.result.rank for r in rows],
        "of": len(rows),
    }
    return render(request, "scoring/board.html", {
        "sheet": sheet, "scheme": sheet.scheme, "period_label": period_label(sheet.period),
        "period_choices": _periods(sheet), "top": rows[:BOARD_SIZE], "bottom": rows[bottom_start:],
        "bottom_start": bottom_start, "chart": chart, "can_adjust": can_adjust(request.user),
        "schemes": Scheme.objects.order_by("code"),
    })


@login_required
def subject(request, code: str, subject_id: int):
    sheet = _sheet(request, code)
    row = next((r for r in sheet.rows if r.subject.id == subject_id), None)
    if row is None:
        raise Http404(_("不是该方案的考核对象"))
    items = sorted(zip(sheet.items, row.result.items), key=lambda pair: -pair[1].lost)
    gate_loss = sum(i.points for i in row.result.items) - row.result.item_points  # taken by a failed gate
    return render(request, "scoring/subject.html", {
        "sheet": sheet, "scheme": sheet.scheme, "row": row, "items": items, "period_label": period_label(sheet.period),
        "period_choices": _periods(sheet), "lost": sheet.full_marks - row.result.item_points, "gate_loss": gate_loss,
    })


@login_required
def export(request, code: str):
    sheet = _sheet(request, code)
    response = HttpResponse(
        score_xlsx(sheet), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="duban-score-{sheet.scheme.code}-{sheet.period.code}.xlsx"'
    return response


@login_required
def adjustments(request, code: str):
    if not can_adjust(request.user):
        raise PermissionDenied
    scheme = get_object_or_404(Scheme.objects.select_related("group"), code=code)
    subjects = services.subjects_of(scheme)
    form = ScoreAdjustmentForm(request.POST or None, scheme=scheme, subjects=subjects,
                               initial={"period": request.GET.get("period", "")})
    if request.method == "POST" and form.is_valid():
        adjustment = form.save(commit=False)
        adjustment.entered_by, adjustment.actor = request.user, request.user.get_username()
        adjustment.save()
        messages.success(request, _("已记录：%(subject)s %(points)s 分") % {
            "subject": adjustment.subject, "points": f"{adjustment.points:+.2f}"})
        return redirect(f"{request.path}?period={adjustment.period}")
    recorded = ScoreAdjustment.objects.filter(scheme=scheme).select_related("region", "department", "entered_by")
    return render(request, "scoring/adjustments.html", {
        "scheme": scheme, "form": form, "recorded": recorded.order_by("-period", "-entered_at")[:200],
    })
