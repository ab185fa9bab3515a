"""Monitoring endpoints: the same documents as ``duban status`` and ``duban rank``.

Answers come from ``answers`` (cached under the engine's change marks); the schemas below
describe them for the OpenAPI document.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from ninja import Router, Schema
from ninja.errors import HttpError
from pydantic import Field

from duban.monitoring import answers, documents

router = Router(tags=["monitoring"])


class Fresh(Schema):
    updating: bool = Field(description="为 true 时本期结果已过期、正在后台重新计算，返回的是目前已存储的结果")
    message: str | None = Field(description="updating 为 true 时的说明（中文；语言开关 django_language=en 时为英文），否则为 null")


class StatusAnswer(Fresh):
    region: dict[str, str]
    period: str
    indicators: list[dict[str, Any]]
    note: str | None


class RankAnswer(Fresh):
    indicator: str
    period: str
    group: str
    by: str
    decimals: int
    note: str | None
    rows: list[dict[str, Any]]


class HistoryAnswer(Fresh):
    indicator: str
    region: str
    periods: list[dict[str, Any]]


def _call(request, build, **params):
    def document():
        try:
            return build(*params.values(), as_of=timezone.localdate())
        except documents.BadRequest as error:
            raise HttpError(404, str(error)) from None

    return answers.answer(request, build.__name__, params, document)


@router.get("/status", response=StatusAnswer,
            summary="一个区域一个期间的全部指标、位次与预警（同 duban status --json）")
def status(request, region: str, period: str):
    return _call(request, documents.status_request, region=region, period=period)


@router.get("/rank", response=RankAnswer, summary="一个指标在一个比较组内的排名（同 duban rank --json）")
def rank(request, indicator: str, period: str, group: str):
    return _call(request, documents.rank_request, indicator=indicator, period=period, group=group)


@router.get("/history", response=HistoryAnswer,
            summary="一个指标在一个区域的历史：数值、累计、同比、完成率、位次、预警")
def history(request, indicator: str, region: str, period: str):
    return _call(request, documents.history_request, indicator=indicator, region=region, period=period)
