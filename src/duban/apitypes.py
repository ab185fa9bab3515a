"""Types shared by the API's routers: what a date and a whole number must look like, and the
body of every error. Kept apart from ``duban.api`` so routers can import them without a cycle."""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Any

from ninja import Schema
from pydantic import BeforeValidator, Field, StrictInt

ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _calendar_date(value: Any) -> date:
    """Only YYYY-MM-DD: pydantic alone would read ``0`` or ``1700000000`` as Unix timestamps."""
    if isinstance(value, date):
        return value
    if isinstance(value, str) and ISO_DATE.fullmatch(value):
        return date.fromisoformat(value)  # a ValueError (2024-13-01) becomes a 422 naming the field
    raise ValueError("应为 YYYY-MM-DD 格式的日期")


IsoDate = Annotated[date, BeforeValidator(_calendar_date)]
# A percentage typed as a whole number: true/false, "50" and 50.5 are refused, not read as 1, 0, 50.
Percent = Annotated[StrictInt, Field(ge=0, le=100)]


class Error(Schema):
    """Every 4xx answer: ``detail`` is a sentence, or for a malformed request the list of fields
    and reasons."""

    detail: str | list[dict[str, Any]]


ERROR_STATUSES = {
    400: "请求体无法解析（不是合法的 JSON）",
    401: "未登录或令牌无效、已过期、已吊销",
    403: "无权执行此操作",
    404: "对象不存在或无权查看",
    422: "参数或字段不合要求（逐项说明）",
    429: "尝试次数过多，已暂时锁定",
}
