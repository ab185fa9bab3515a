"""Monitoring endpoints: the same documents as ``duban status`` and ``duban rank``."""

from __future__ import annotations

from django.utils import timezone
from ninja import Router
from ninja.errors import HttpError

from duban.monitoring import documents

router = Router(tags=["monitoring"])


def _call(build, *args):
    try:
        return build(*args, as_of=timezone.localdate())
    except documents.BadRequest as error:
        raise HttpError(404, str(error)) from None


@router.get("/status", summary="一个区域一个期间的全部指标、位次与预警（同 duban status --json）")
def status(request, region: str, period: str):
    return _call(documents.status_request, region, period)


@router.get("/rank", summary="一个指标在一个比较组内的排名（同 duban rank --json）")
def rank(request, indicator: str, period: str, group: str):
    return _call(documents.rank_request, indicator, period, group)


@router.get("/history", summary="一个指标在一个区域的历史：数值、累计、同比、完成率、位次、预警")
def history(request, indicator: str, region: str, period: str):
    return _call(documents.history_request, indicator, region, period)
