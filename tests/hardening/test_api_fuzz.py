"""schemathesis against /api/openapi.json, on the demo data, as two roles (the data office and
a department reporter), with hypothesis derandomized (a fixed seed): no answer is a 5xx, every
status is documented, every body matches its schema. Valid and invalid inputs both."""

from datetime import timedelta

import pytest
import schemathesis
from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

EXAMPLES = 46  # per operation and role: 11 operations × 2 roles × 46 ≥ 1,000 requests (counted below)
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
REQUESTS = {"shuju": 0, "jingxin": 0}



def _load_schema():
    from duban.wsgi import application

    # Loaded while collecting (the document needs no database); schemathesis' lazy fixture
    # loader does not run under pytest 9.
    return schemathesis.openapi.from_wsgi("/api/openapi.json", application)


schema = _load_schema()


@pytest.fixture
def connections_kept():
    """schemathesis calls the WSGI application, whose end-of-request signal closes a database
    connection that is inside a transaction (the test's): keep it, as Django's test client does."""
    from django.core import signals
    from django.db import close_old_connections

    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture(scope="module")
def demo_tokens(django_db_setup, django_db_blocker):
    """The demo data and one API key per role, loaded once and rolled back after the module."""
    from django.contrib.auth.models import User

    from duban.accounts.models import ApiToken
    from duban.demo.services import load_demo

    with django_db_blocker.unblock(), transaction.atomic():
        load_demo()
        expires = timezone.now() + timedelta(days=1)
        yield {name: ApiToken.issue(User.objects.get(username=name), "fuzz", expires)[1] for name in REQUESTS}
        transaction.set_rollback(True)


FUZZ = settings(max_examples=EXAMPLES, derandomize=True, deadline=None, database=None,
                suppress_health_check=list(HealthCheck))


def _call(case, role, tokens):
    REQUESTS[role] += 1
    case.call_and_validate(headers={"Authorization": f"Bearer {tokens[role]}"}, checks=CHECKS)


@schema.parametrize()
@FUZZ
def test_as_the_data_office(case, demo_tokens, db, connections_kept):
    _call(case, "shuju", demo_tokens)


@schema.parametrize()
@FUZZ
def test_as_a_department_reporter(case, demo_tokens, db, connections_kept):
    _call(case, "jingxin", demo_tokens)


def test_at_least_a_thousand_requests_were_made():
    assert sum(REQUESTS.values()) >= 1000 and min(REQUESTS.values()) >= 400, REQUESTS
