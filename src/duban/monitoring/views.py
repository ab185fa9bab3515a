"""The cockpit (驾驶舱): overview, 晾晒 board, indicator page. Logic lives in ``cockpit``."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _

from duban.catalogue.models import Indicator, PeerGroup
from duban.monitoring import cockpit, projector, published, services
from duban.monitoring.documents import BadRequest, parse
from duban.web.periods import period_label


def _context(request, kind: str | None = None) -> dict:
    """Home region, the chosen frequency and period, and the page switches.

    Without ``?period=`` the page opens on the latest period with most of the home region's
    figures published (``published.mostly_published``); ``?freq=`` picks the frequency.
    """
    region = services.home_region()
    if region is None:
        raise Http404(_("未配置本地区（DUBAN_HOME_REGION）或尚未导入区域"))
    text = request.GET.get("period")
    try:
        period = parse(text, kind) if text else None  # 1-3月 of a quarterly indicator: its 2024Q1
    except BadRequest as error:
        raise Http404(str(error)) from None
    frequencies = published.frequencies()
    if kind is None:
        asked = request.GET.get("freq")
        kind = str(period.kind) if period else asked if asked in dict(frequencies) else "month"
    elif period is not None and str(period.kind) != kind:
        raise Http404(_("期间 %(period)s 与指标的频度不符") % {"period": text})
    options = published.period_options(region, kind)
    if period is None:
        period = published.mostly_published(region, kind, options)
    if period is not None and period.code not in {o.code for o in options}:
        options = sorted([*options, published.PeriodOption(period, 0, 0)], key=lambda o: o.period, reverse=True)
    return {
        "region": region,
        "kind": kind,
        "frequencies": frequencies,
        "period": period,
        "period_label": period_label(period) if period else "",
        "period_options": options,
        "projector": request.GET.get("projector") == "1",
        "as_of": timezone.localdate(),
    }


def _no_data(request, context):
    return render(request, "monitoring/no_data.html", context)


@login_required
def overview(request):
    context = _context(request)
    if context["period"] is None:
        return _no_data(request, context)
    if context["projector"]:
        return _projector(request, context)
    context.update(cockpit.overview(context["region"], context["period"], as_of=context["as_of"]))
    return render(request, "monitoring/overview.html", context)


def _projector(request, context):
    """The one-screen view for a meeting; ``kiosk=1&interval=N`` turns its pages every N seconds."""
    context.update(projector.screen(context["region"], context["period"], as_of=context["as_of"]))
    context["screen_charts"]["labels"] = {
        "time_progress": _("序时进度"), "completion_rate": _("办结率"), "rank": _("第{rank}/{of}位"),
    }
    interval = request.GET.get("interval", "")
    context.update({"kiosk": request.GET.get("kiosk") == "1", "interval": int(interval) if interval.isdigit() else 30})
    return render(request, "monitoring/projector.html", context)


@login_required
def board(request):
    context = _context(request)
    groups = list(PeerGroup.objects.filter(members=context["region"]).order_by("code"))
    group = next((g for g in groups if g.code == request.GET.get("group")), groups[0] if groups else None)
    if group is None:
        raise Http404(_("本地区不属于任何比较组"))
    context.update({"groups": groups, "group": group})
    if context["period"] is None:
        return _no_data(request, context)
    context.update(cockpit.board(group, context["period"], context["region"], as_of=context["as_of"]))
    return render(request, "monitoring/board.html", context)


@login_required
def indicator(request, code: str):
    item = get_object_or_404(Indicator, code=code)
    context = _context(request, item.frequency)
    if "period" not in request.GET:
        context["period"] = published.latest_published(context["region"], item) or context["period"]
        context["period_label"] = period_label(context["period"]) if context["period"] else ""
    context["indicator"] = item
    if context["period"] is None:
        return _no_data(request, context)
    context.update(cockpit.indicator_page(item, context["region"], context["period"], as_of=context["as_of"]))
    return render(request, "monitoring/indicator.html", context)
