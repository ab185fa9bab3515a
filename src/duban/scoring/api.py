"""Scoring endpoints (read only): the schemes and the same document as ``duban score --json``."""

from __future__ import annotations

from django.utils import timezone
from ninja import Router
from ninja.errors import HttpError

from duban.scoring import services
from duban.scoring.models import Scheme

router = Router(tags=["scoring"])


@router.get("/schemes", summary="考核方案及其考核项")
def schemes(request):
    return [
        {
            "code": s.code, "name": s.name, "subjects": s.subjects, "group": s.group.code if s.group else None,
            "frequency": s.frequency, "gates": s.gates,
            "items": [
                {"indicator": i.key, "name": i.label, "weight": float(i.weight), "method": i.method,
                 "step": i.step and float(i.step), "base": i.base and float(i.base), "span": i.span and float(i.span),
                 "bands": i.bands}
                for i in s.items.select_related("indicator")
            ],
        }
        for s in Scheme.objects.select_related("group").order_by("code")
    ]


@router.get("/score", summary="一个考核方案一个期间的得分与排名（同 duban score --json）")
def score(request, scheme: str, period: str):
    try:
        found = services.find_scheme(scheme)
        sheet = services.score_scheme(found, services.parse_scheme_period(found, period), as_of=timezone.localdate())
    except services.BadScoreRequest as error:
        raise HttpError(404, str(error)) from None
    return services.as_document(sheet)
