"""The REST API under /api/: one NinjaAPI, each app adding its own router."""

from datetime import timedelta

from django.db.utils import DataError
from django.utils import timezone
from ninja import NinjaAPI
from ninja.errors import HttpError
from ninja.security import HttpBearer, django_auth

from duban.accounts import throttling
from duban.accounts.models import ApiToken
from duban.apitypes import ERROR_STATUSES, Error

LAST_USED_STEP = timedelta(minutes=1)


class TokenAuth(HttpBearer):
    """``Authorization: Bearer <token>`` for scripts."""

    def authenticate(self, request, token):
        if not throttling.api_key_allowed(request):
            raise HttpError(429, throttling.lockout_message(request))
        now = timezone.now()
        user = ApiToken.owner(token, now, note_use_after=LAST_USED_STEP)
        if user is None:
            throttling.api_key_failed(request)
            return None
        # Shown to the minute (duban token list): a write per call would serialize every reader.
        if user.token_use_due:
            ApiToken.objects.filter(pk=user.token_id).update(last_used_at=now)
        request.user = user
        return user


class DubanAPI(NinjaAPI):
    """The OpenAPI document also lists the error answers every operation can give (one
    ``Error`` body), so clients and schemathesis know a 404 or 422 is part of the contract."""

    def get_openapi_schema(self, *args, **kwargs):
        document = super().get_openapi_schema(*args, **kwargs)
        document.setdefault("components", {}).setdefault("schemas", {})["Error"] = Error.model_json_schema()
        reference = {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
        for operations in document["paths"].values():
            for operation in operations.values():
                for status, description in ERROR_STATUSES.items():
                    operation["responses"].setdefault(status, {"description": description, **reference})
        return document


api = DubanAPI(
    title="督办 duban API",
    version="1",
    description="指标、排名、预警与督办的接口。Figures, rankings, warnings and supervision.",
    auth=[TokenAuth(), django_auth],
    urls_namespace="api",
)


@api.exception_handler(DataError)
def value_the_database_cannot_hold(request, error):
    """A value the database refuses (a NUL character in a JSON string, a number beyond the
    column's digits) is the caller's error: 422 naming it, not a 500."""
    return api.create_response(request, {"detail": f"数据库无法保存这个值：{error}".strip()}, status=422)


@api.get("/me", tags=["accounts"], summary="当前用户与角色")
def me(request):
    from duban.accounts.models import role_of

    profile = getattr(request.user, "profile", None)
    return {
        "username": request.user.username,
        "role": role_of(request.user),
        "department": profile.department.name if profile and profile.department else None,
    }

api.add_router("/monitoring", "duban.monitoring.api.router")
api.add_router("/tasks", "duban.supervision.api.router")
api.add_router("/observations", "duban.observations.api.router")
api.add_router("/bulletins", "duban.bulletins.api.router")
api.add_router("/scoring", "duban.scoring.api.router")
api.add_router("", "duban.meetings.api.router")
api.add_router("/projects", "duban.projects.api.router")
