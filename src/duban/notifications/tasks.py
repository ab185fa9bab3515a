"""The background job that sends queued messages (run by ``duban db_worker``)."""

from django.db.models import Min
from django_tasks import default_task_backend, task

from duban.notifications.models import State


@task()
def send_notifications() -> dict[str, int]:
    from duban.notifications.models import Notification
    from duban.notifications.services import MAX_ATTEMPTS, send_pending

    counts = send_pending()
    # Backends that can defer come back for the retries; the others retry on the next tick.
    retry_at = Notification.objects.filter(
        state__in=[State.FAILED, State.PENDING], attempts__lt=MAX_ATTEMPTS, next_attempt_at__isnull=False
    ).aggregate(at=Min("next_attempt_at"))["at"]
    if retry_at and default_task_backend.supports_defer:
        send_notifications.using(run_after=retry_at).enqueue()
    return counts
