from django.contrib.auth.decorators import login_required
from django.db import connection
from django.db.models import Count
from django.http import JsonResponse
from django.shortcuts import redirect, render

from duban.catalogue.models import Indicator


@login_required
def home(request):
    return redirect("monitoring:overview")


@login_required
def catalogue(request):
    indicators = (
        Indicator.objects.select_related("department", "leader", "task_force")
        .annotate(observation_count=Count("observation"))
        .order_by("category", "code")
    )
    return render(request, "web/catalogue.html", {"indicators": indicators})


def healthz(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok", "database": connection.vendor})
