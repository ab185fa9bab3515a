"""Pages: the bulletins list (filters, preview, downloads, who was notified), one document,
making one on request, the quarter's review with its editable 下步措施, the notice register.
"""

from __future__ import annotations

from urllib.parse import quote

from csp.decorators import csp_replace
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, F
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_POST

from duban.accounts.permissions import is_supervision_office, makes_bulletins
from duban.bulletins import services
from duban.bulletins.forms import DocumentFilterSet, GenerateForm, ReviewForm
from duban.bulletins.models import Document, Kind, Review
from duban.bulletins.render import FORMATS, FontMissing, PdfEngineMissing, UnknownFormat, render as render_format
from duban.bulletins.render.notice import render_notice
from duban.bulletins.blocks import printable
from duban.bulletins.figures import latest_period
from duban.bulletins.review import build_review
from duban.core.periods import Period, PeriodError
from duban.monitoring.services import home_region
from duban.notifications.models import Notification
from duban.supervision import permissions
from duban.supervision.models import Notice

def printed_in_chinese():
    """Bulletins, reviews and 督办单 are Chinese documents whatever language the page is read in."""
    return translation.override(settings.LANGUAGE_CODE)


def _as_of(request):
    from duban.supervision.views import as_of_of

    return as_of_of(request)


@login_required
def document_list(request):
    filters = DocumentFilterSet(request.GET or None)
    documents = filters.filter(Document.objects.select_related("created_by").annotate(
        notified=Count("deliveries")).order_by("-as_of", "-id"))  # a GROUP BY query ignores Meta.ordering
    region = home_region()
    as_of = _as_of(request)
    latest = latest_period(region, as_of) if region else None
    form = GenerateForm(initial={"kind": Kind.BULLETIN, "period": latest.code if latest else "", "as_of": as_of})
    return render(request, "bulletins/list.html", {
        "filters": filters, "documents": documents[:300], "formats": FORMATS, "form": form,
        "can_make": makes_bulletins(request.user), "region": region,
    })


@login_required
def document_detail(request, pk):
    document = get_object_or_404(Document, pk=pk)
    deliveries = list(document.deliveries.select_related("user").order_by("user__username"))
    states = dict(Notification.objects.filter(message_id__startswith=f"doc-{document.pk}-").values_list(
        "message_id", "state"))
    for delivery in deliveries:
        mine = [state for message_id, state in states.items() if message_id.endswith(f"-{delivery.user_id}")]
        delivery.state = "已发送" if mine and all(s == "sent" for s in mine) else ("待发送" if mine else "无可用渠道")
    return render(request, "bulletins/detail.html", {
        "document": document, "deliveries": deliveries, "formats": FORMATS,
    })


@login_required
@xframe_options_sameorigin
@csp_replace({"frame-ancestors": ["'self'"]})  # the detail page previews the HTML in a frame
def document_file(request, pk, fmt):
    document = get_object_or_404(Document, pk=pk)
    try:
        with printed_in_chinese():
            data = render_format(document.content, fmt)
    except UnknownFormat as error:
        raise Http404(str(error)) from None
    except (FontMissing, PdfEngineMissing) as error:
        return HttpResponse(str(error), status=500, content_type="text/plain; charset=utf-8")
    response = HttpResponse(data, content_type=FORMATS[fmt][0])
    inline = fmt == "html" and request.GET.get("inline")
    disposition = "inline" if inline else "attachment"
    response["Content-Disposition"] = f"{disposition}; filename*=UTF-8''{quote(services.file_name(document.title, fmt))}"
    return response


@login_required
@require_POST
def generate(request):
    if not makes_bulletins(request.user):
        raise PermissionDenied(gettext("只有督查室、数据办和管理员可以生成通报"))
    form = GenerateForm(request.POST)
    region = home_region()
    if region is None or not form.is_valid():
        messages.error(request, "；".join(e for errors in form.errors.values() for e in errors) or "未设置本地区")
        return redirect("bulletins:list")
    with printed_in_chinese():
        document = services.store(form.cleaned_data["kind"], region, form.cleaned_data["period"],
                                  as_of=form.cleaned_data["as_of"], user=request.user)
    messages.success(request, gettext("已生成：%(title)s") % {"title": document.title})
    return redirect("bulletins:detail", pk=document.pk)


def _quarter(text: str) -> Period:
    try:
        quarter = Period.parse(text)
    except PeriodError:
        raise Http404(gettext("季度应写作 2024Q1")) from None
    if str(quarter.kind) != "quarter":
        raise Http404(gettext("季度应写作 2024Q1"))
    return quarter


@login_required
def review(request, quarter):
    quarter = _quarter(quarter)
    region = home_region()
    if region is None:
        raise Http404(gettext("未设置本地区"))
    row = services.review_for(region, quarter)
    as_of = _as_of(request)
    can_edit = is_supervision_office(request.user)
    form = None
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied(gettext("只有督查室和管理员可以编辑复盘"))
        form = ReviewForm(request.POST, instance=row)
        if form.is_valid() and _save_review(row, form.cleaned_data, request.user):
            if "export" in request.POST:
                with printed_in_chinese():
                    document = services.store(Kind.REVIEW, region, quarter, as_of=as_of, user=request.user)
                return redirect("bulletins:detail", pk=document.pk)
            messages.success(request, gettext("下步措施已保存"))
            return redirect(f"{request.path}?as_of={as_of:%Y-%m-%d}")
        if form.is_valid():
            form.add_error(None, "下步措施已被他人修改，请刷新后在最新内容上修改。")
    with printed_in_chinese():
        content = build_review(row, as_of=as_of)
    if form is None:
        steps = next(s for s in content["sections"] if s["title"].endswith("下步措施"))
        drafted = "\n".join(item["text"] for block in steps["blocks"] for item in block.get("items", []))
        form = ReviewForm(instance=row, initial={"next_steps": row.next_steps or drafted, "seen_version": row.version})
    return render(request, "bulletins/review.html", {
        "review": row, "quarter": quarter, "content": printable(content), "form": form, "can_edit": can_edit, "as_of": as_of,
    })


def _save_review(row: Review, data: dict, user) -> bool:
    """Save only if nobody saved since the form was read (optimistic locking); the history keeps each version."""
    updated = Review.objects.filter(pk=row.pk, version=data["seen_version"]).update(
        next_steps=data["next_steps"], version=F("version") + 1, updated_by=user, updated_at=timezone.now())
    if updated:
        fresh = Review.objects.get(pk=row.pk)
        fresh._change_reason = "编辑下步措施"
        fresh.save(update_fields=["updated_at"])  # a history row with the new text and who wrote it
    return bool(updated)


@login_required
def notice_register(request):
    notices = Notice.objects.filter(task__in=permissions.visible_tasks(request.user)).select_related(
        "task__lead", "task__leader", "step").order_by("-year", "-seq")
    year = request.GET.get("year", "")
    if year.isdigit():
        notices = notices.filter(year=int(year))
    as_of = _as_of(request)
    rows = []
    for notice in notices[:500]:
        issued = notice.step.as_of if notice.step_id else timezone.localdate(notice.issued_at)
        late = (as_of - notice.due).days if notice.task.is_open else None
        rows.append({"notice": notice, "issued": issued, "late": late if late and late > 0 else None})
    years = Notice.objects.values_list("year", flat=True).distinct().order_by("-year")
    return render(request, "bulletins/notices.html", {"rows": rows, "years": years, "year": year, "as_of": as_of})


@login_required
def notice_document(request, pk):
    notice = get_object_or_404(Notice.objects.select_related("task", "step"), pk=pk)
    if not permissions.can_view(request.user, notice.task):
        raise Http404(gettext("没有这份督办单"))
    try:
        with printed_in_chinese():
            data = render_notice(notice)
    except FontMissing as error:
        return HttpResponse(str(error), status=500, content_type="text/plain; charset=utf-8")
    response = HttpResponse(data, content_type=FORMATS["docx"][0])
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(notice.number + '.docx')}"
    return response

