from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from duban.accounts.permissions import is_supervision_office
from duban.notifications.inbox import contents, mark_read
from duban.notifications.models import Notification, State
from duban.notifications.services import inbox, retry
from duban.notifications.tasks import send_notifications
from duban.supervision.views import as_of_of


def _office_only(request) -> None:
    if not is_supervision_office(request.user):
        raise PermissionDenied(gettext("消息记录仅供督查室和管理员查看"))


@login_required
def notification_list(request):
    """Every outgoing message with its state; failed ones first, so none is lost from sight."""
    _office_only(request)
    state = request.GET.get("state", "")
    rows = Notification.objects.all()
    if state in State.values:
        rows = rows.filter(state=state)
    counts = {s: Notification.objects.filter(state=s).count() for s in State.values}
    return render(request, "notifications/list.html", {
        "rows": rows[:500], "state": state, "states": State.choices, "counts": counts,
    })


@login_required
@require_POST
def retry_failed(request):
    _office_only(request)
    count = retry(Notification.objects.filter(state=State.FAILED))
    send_notifications.enqueue()
    messages.success(request, gettext("已重新排队 %(count)d 条失败消息") % {"count": count})
    return redirect("notifications:list")


# -- everyone's inbox ------------------------------------------------------------------


@login_required
def inbox_page(request):
    as_of = as_of_of(request)
    return render(request, "notifications/inbox.html", {"as_of": as_of, **contents(request.user, as_of)})


@login_required
def inbox_open(request, pk):
    """Open a message: it is read, and the user is taken where they act on it."""
    message = get_object_or_404(inbox(request.user), pk=pk)
    mark_read(inbox(request.user).filter(pk=message.pk))
    return redirect(url_has_allowed_host_and_scheme(message.link, None) and message.link or "notifications:inbox")


@login_required
@require_POST
def inbox_read_all(request):
    count = mark_read(inbox(request.user))
    messages.success(request, gettext("已将 %(count)d 条消息标为已读") % {"count": count})
    return redirect("notifications:inbox")
