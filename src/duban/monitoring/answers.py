"""The monitoring API's answers, cached (Django's cache ``answers``) under everything they depend on.

A status, rank or history document is a function of the request's parameters and of:

- the stored results: a refresh rewrites its period's ``PeriodSnapshot.computed_at``, an
  invalidation deletes snapshots (their count and largest id move);
- the inputs' change marks (``storage.change_marks``) and the newest observation: whether the
  stored results are current, hence ``updating``; the catalogue's histories also cover the
  names, units and peer-group members a document prints;
- the date (a deadline passing makes a period stale), the language (the "being updated"
  message, frequency names) and what the caller may see (``audience``).

All of these are read in one query before the document is built, so a document is never older
than its key: a write that lands in between makes the document newer, and moves the key for the
next request. The JSON is serialized once and the cache keeps the bytes.
"""

from __future__ import annotations

import hashlib
import json

from django.conf import settings
from django.core.cache import caches
from django.http import HttpResponse
from django.utils import timezone, translation

from duban.accounts.models import role_of
from duban.monitoring.models import PeriodSnapshot
from duban.monitoring.storage import MARK_COLUMNS, column_aggregates
from duban.observations.models import Observation

STATE_COLUMNS = [
    *MARK_COLUMNS,
    (Observation, "id"),
    (PeriodSnapshot, "id"),
    (PeriodSnapshot, "computed_at"),
    (PeriodSnapshot, "id", "COUNT"),
]


def results_state() -> tuple:
    """Every mark an answer depends on, and how many periods have stored results (one query)."""
    return tuple(column_aggregates(STATE_COLUMNS))


def audience(user) -> str:
    """What the caller may see. Every signed-in role reads the whole monitoring API today (the
    permission matrix: everyone); the role is in the key all the same, so a role that one day
    sees less never receives an answer built for another."""
    return role_of(user) or "anonymous"


def cache_key(request, name: str, params: dict) -> str:
    parts = (name, sorted(params.items()), audience(request.user), translation.get_language(),
             timezone.localdate().isoformat(), results_state())
    return "answer:" + hashlib.sha256(repr(parts).encode()).hexdigest()


def answer(request, name: str, params: dict, build) -> HttpResponse:
    """The cached JSON of ``build()`` (a dict), built and stored on a miss. An error ``build``
    raises (an unknown region: 404) passes through and is not cached."""
    cache = caches[settings.ANSWER_CACHE]
    key = cache_key(request, name, params)
    body = cache.get(key)
    if body is None:
        body = json.dumps(build(), ensure_ascii=False).encode()
        cache.set(key, body)
    return HttpResponse(body, content_type="application/json; charset=utf-8")
