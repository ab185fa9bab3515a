"""The JSON documents of ``duban status`` / ``duban rank`` and the API: one shape, one place."""

from __future__ import annotations

from datetime import date

from django.utils.translation import gettext as _

from duban.catalogue.lookups import UnknownName, resolve
from duban.catalogue.models import Frequency, Indicator, PeerGroup, Region
from duban.core.periods import Period, PeriodError
from duban.core.period_text import parse_period, parse_period_for
from duban.core.ranking import published
from duban.monitoring import freshness, services
from duban.monitoring.text import no_indicators_note, rank_text


class BadRequest(ValueError):
    """An unknown region, indicator, group or period, with the message to show."""


def _round(x: float | None, places: int = 4) -> float | None:
    return None if x is None else round(x, places)


def parse(text: str, frequency: str | None = None) -> Period:
    """The period a text names; for an indicator's ``frequency``, 1-3月 of a quarterly one is 2024Q1."""
    try:
        return (parse_period_for(text, frequency) if frequency else parse_period(text)).period
    except PeriodError as error:
        raise BadRequest(str(error)) from None


def lookup(model, text: str):
    try:
        return resolve(model, text)
    except UnknownName as error:
        raise BadRequest(str(error)) from None


def _projection(p: dict | None) -> dict | None:
    if p is None:
        return None
    return {**p, "point": _round(p["point"]), "low": _round(p["low"]), "high": _round(p["high"])}


def _no_indicators(period: Period) -> str:
    labels = {"half": "半年", **{code: str(label) for code, label in Frequency.choices}}
    return no_indicators_note(labels[str(period.kind)], period.code)


def being_updated(updating: bool) -> dict:
    """``updating``: the stored results were found stale and are being recomputed on the worker;
    the document holds what is stored until then, and ``message`` says so."""
    message = _("数据正在更新：本期结果已交后台重新计算，请稍后再查询。返回的是目前已存储的结果，可能不是最新的。")
    return {"updating": updating, "message": message if updating else None}


def status_document(region: Region, period: Period, *, as_of: date) -> dict:
    """Every indicator of the period's frequency for one region. ``note`` says why the list is
    empty (no indicator is reported at that frequency), else it is null."""
    current = freshness.require(period, as_of=as_of, year=True)
    rows = services.region_status(region, period, as_of=as_of)
    indicators = []
    for row in rows:
        s = row.status
        indicators.append(
            {
                "code": row.indicator.code,
                "name": row.indicator.name,
                "unit": row.indicator.unit,
                "value": _round(s and s.value),
                "ytd": _round(s and s.ytd),
                "yoy_pct": _round(s and s.yoy_pct),
                "yoy_source": (s.yoy_source or None) if s else None,
                "completion_pct": _round(s and s.completion_pct),
                "time_progress_pct": _round(s and s.time_progress_pct),
                "pace_gap_pp": _round(s and s.pace_gap_pp),
                "growth_gap_pp": _round(s and s.growth_gap_pp),
                "stage": (s.stage or None) if s else None,
                "stage_completion_pct": _round(s and s.stage_completion_pct),
                "stage_gap_pp": _round(s and s.stage_gap_pp),
                "note": (s.note or None) if s else None,
                "ranks": [
                    {"group": r["group"].code, "rank": r["rank"], "of": r["of"], "change": r["change"],
                     "strength": r["strength"], "members": r["members"], "text": rank_text(r)}
                    for r in row.ranks
                ],
                "warning": {"level": row.level, "reasons": row.reasons},
                "projection": _projection(s and s.projection),
            }
        )
    return {
        "region": {"code": region.code, "name": region.name}, "period": period.code, "indicators": indicators,
        "note": None if indicators else _no_indicators(period), **being_updated(not current),
    }


def rank_document(indicator: Indicator, period: Period, group: PeerGroup, *, as_of: date) -> dict:
    """One group's ranking; ``figure`` as published (at the indicator's ``decimals``). ``note`` says
    why there are no rows when the indicator is not reported at the period's frequency."""
    other_frequency = indicator.frequency != str(period.kind)
    rows = services.Rows(updating=False) if other_frequency else services.group_ranking(
        indicator, period, group, as_of=as_of)
    bureau = services.bureau_ranks(indicator, period, [r.region for r in rows])
    return {
        "indicator": indicator.code,
        "period": period.code,
        "group": group.code,
        "by": indicator.rank_by,
        "decimals": indicator.decimals,
        "note": f"{indicator.name}按{Frequency(indicator.frequency).label}报送，{period.code} 没有结果。"
        if other_frequency else None,
        "rows": [
            {
                "region": r.region.code,
                "name": r.region.name,
                "figure": None if r.figure is None else float(published(r.figure, indicator.decimals)),
                "rank": r.rank,
                "change": r.change,
                "share_pct": _round(r.share_pct),
                "bureau_rank": bureau.get(r.region.id),  # the rank the statistics bureau printed, if imported
            }
            for r in rows
        ],
        **being_updated(rows.updating),
    }


def status_request(region: str, period: str, *, as_of: date) -> dict:
    return status_document(lookup(Region, region), parse(period), as_of=as_of)


def rank_request(indicator: str, period: str, group: str, *, as_of: date) -> dict:
    found = lookup(Indicator, indicator)
    return rank_document(found, parse(period, found.frequency), lookup(PeerGroup, group), as_of=as_of)


def history_document(indicator: Indicator, region: Region, period: Period, *, as_of: date) -> dict:
    statuses = services.indicator_history(indicator, region, period, as_of=as_of)
    groups = {g.id: g.code for g in PeerGroup.objects.all()}
    return {
        "indicator": indicator.code,
        "region": region.code,
        "periods": [
            {
                "period": s.period,
                "value": _round(s.value),
                "ytd": _round(s.ytd),
                "yoy_pct": _round(s.yoy_pct),
                "yoy_source": s.yoy_source or None,
                "completion_pct": _round(s.completion_pct),
                "time_progress_pct": _round(s.time_progress_pct),
                "ranks": [{"group": groups[r["group_id"]], "rank": r["rank"], "of": r["of"]} for r in s.ranks],
                "level": s.level,
            }
            for s in statuses
        ],
        **being_updated(statuses.updating),
    }


def history_request(indicator: str, region: str, period: str, *, as_of: date) -> dict:
    found = lookup(Indicator, indicator)
    return history_document(found, lookup(Region, region), parse(period, found.frequency), as_of=as_of)
