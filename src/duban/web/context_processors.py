from django.conf import settings

from duban.accounts.models import role_of
from duban.demo.services import is_demo_loaded


def deployment(request):
    return {
        "home_region_code": settings.HOME_REGION,
        "user_role": role_of(request.user) if hasattr(request, "user") else None,
        "synthetic_data": is_demo_loaded(),
    }
