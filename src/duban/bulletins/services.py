"""Making a bulletin on request (the command, the page, the API) and writing it to a file."""

from __future__ import annotations

import os
import tempfile
from datetime import date, timedelta
from pathlib import Path

from django.conf import settings
from django.db import transaction

from duban.bulletins import cadence_content as cc
from duban.bulletins.content import bulletin_title, build_bulletin
from duban.bulletins.models import Document, Kind, Review, Schedule
from duban.bulletins.render import FORMATS, UnknownFormat, render
from duban.catalogue.models import Region
from duban.core.periods import Period, PeriodKind

ON_REQUEST = (Kind.BULLETIN, Kind.MONTHLY, Kind.QUARTERLY, Kind.REVIEW)


class CannotWrite(OSError):
    """The output path cannot be written; the message names it."""


def check_format(fmt: str) -> str:
    if fmt not in FORMATS:
        raise UnknownFormat(fmt)
    return fmt


def statistical_month(period: Period) -> Period:
    """The month a bulletin for ``period`` reports: its last month (a quarter's third)."""
    if period.kind in (PeriodKind.QUARTER, PeriodKind.HALF, PeriodKind.YEAR):
        return Period.from_date(period.end, PeriodKind.MONTH)
    return period


def default_as_of(period: Period, today: date) -> date:
    """The business date of a bulletin when none is given: today, but a past period's bulletin is
    dated the last day of the month after the period (when it would have been circulated), so a
    2024 bulletin printed in 2026 does not count its overdue tasks to 2026."""
    following = (period.end.replace(day=1) + timedelta(days=32)).replace(day=1)
    month_end = (following + timedelta(days=32)).replace(day=1) - timedelta(days=1)
    return min(today, month_end)


def build(kind: str, region: Region, period: Period, *, as_of: date) -> dict:
    """The content of a document of ``kind`` for ``region`` and ``period`` as of ``as_of``."""
    if kind == Kind.REVIEW:
        from duban.bulletins.review import build_review

        return build_review(review_for(region, period), as_of=as_of)
    month = statistical_month(period)
    if kind == Kind.BULLETIN:
        return build_bulletin(region, month, as_of=as_of)
    schedule = Schedule.objects.filter(kind=kind).first()
    template = (schedule.title_template if schedule else "") or cc.DEFAULT_TITLES[kind]
    title = bulletin_title(region, month, as_of, template)
    if kind == Kind.MONTHLY:
        return cc.build_monthly(region, month, as_of, title=title)
    return cc.build_quarterly(region, month, as_of, title=title)


def review_for(region: Region, period: Period) -> Review:
    quarter = Period.from_date(period.end, PeriodKind.QUARTER)
    return Review.objects.get_or_create(region=region, quarter=quarter.code)[0]


@transaction.atomic
def store(kind: str, region: Region, period: Period, *, as_of: date, user=None) -> Document:
    """Make and keep a document on request; making it again the same day replaces that day's copy."""
    content = build(kind, region, period, as_of=as_of)
    key = f"{kind}:{region.code}:{content['period'] or period.code}:{as_of.isoformat()}:manual"
    document, _ = Document.objects.update_or_create(key=key, defaults={
        "kind": kind, "region": region, "period": content["period"], "as_of": as_of, "title": content["title"],
        "content": content, "created_by": user,
    })
    return document


def check_writable(path: Path) -> None:
    """Fail before any work if ``path`` cannot be written, naming it."""
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise CannotWrite(f"无法写入 {path}：目录 {folder} 不存在")
    if path.is_dir():
        raise CannotWrite(f"无法写入 {path}：这是一个目录")
    if not os.access(folder, os.W_OK) or (path.exists() and not os.access(path, os.W_OK)):
        raise CannotWrite(f"无法写入 {path}：没有写权限")


def write(content: dict, fmt: str, path: Path) -> int:
    """Render and write atomically (a half-written file never replaces a good one); returns bytes."""
    check_writable(path)
    data = render(content, fmt)
    temporary = None
    try:
        handle, temporary = tempfile.mkstemp(dir=path.parent if str(path.parent) else ".", prefix=".duban-")
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.chmod(temporary, 0o666 & ~_umask())  # as an ordinary new file, not mkstemp's 0600
        os.replace(temporary, path)
    except OSError as error:
        if temporary:
            Path(temporary).unlink(missing_ok=True)
        raise CannotWrite(f"无法写入 {path}：{error.strerror or error}") from None
    return len(data)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def file_name(document_title: str, fmt: str) -> str:
    safe = "".join(ch for ch in document_title if ch not in '\\/:*?"<>|')
    return f"{safe}.{fmt}"


def home_region() -> Region | None:
    return Region.objects.filter(code=settings.HOME_REGION).first()
