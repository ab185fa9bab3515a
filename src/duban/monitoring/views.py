"""The cockpit (驾驶舱): overview, 晾晒 board, indicator page. Logic lives in ``cockpit``."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from duban.catalogue.models import Indicator, PeerGroup
from duban.core.periods import Period, format_period
from duban.monitoring import cockpit, services
from duban.monitoring.documents import BadRequest, parse


def _context(request, kind: str = "month") -> dict:
    """Home region, chosen period (default: latest published) and the page switches."""
    region = services.home_region()
    if region is None:
        raise Http404("未配置本地区（DUBAN_HOME_REGION）或尚未导入区域")
    text = request.GET.get("period")
    try:
        period = parse(text, kind) if text else services.latest_period(kind)  # 1-3月 of a quarterly one: 2024Q1
    except BadRequest as error:
        raise Http404(str(error)) from None
    if period is None:
        period = Period.from_date(timezone.localdate(), kind)
    return {
        "region": region,
        "period": period,
        "period_label": format_period(period),
        "period_choices": cockpit.period_choices(period),
        "projector": request.GET.get("projector") == "1",
        "as_of": timezone.localdate(),
    }


@login_required
def overview(request):
    context = _context(request)
    context.update(cockpit.overview(context["region"], context["period"], as_of=context["as_of"]))
    return render(request, "monitoring/overview.html", context)


@login_required
def board(request):
    context = _context(request)
    groups = list(PeerGroup.objects.filter(members=context["region"]).order_by("code"))
    group = next((g for g in groups if g.code == request.GET.get("group")), groups[0] if groups else None)
    if group is None:
        raise Http404("本地区不属于任何比较组")
    context.update({"groups": groups, "group": group})
    context.update(cockpit.board(group, context["period"], context["region"], as_of=context["as_of"]))
    return render(request, "monitoring/board.html", context)


@login_required
def indicator(request, code: str):
    item = get_object_or_404(Indicator, code=code)
    context = _context(request, item.frequency)
    context["indicator"] = item
    context.update(cockpit.indicator_page(item, context["region"], context["period"], as_of=context["as_of"]))
    return render(request, "monitoring/indicator.html", context)
