"""Fuzzing the API from its OpenAPI schema (schemathesis, through the Django WSGI app):
no answer is a 5xx, and every answer matches the schema (status code, content type, body).
Bounded: a few examples per operation, so the whole run stays well under a minute.

The operations are driven with Hypothesis directly (``operation.as_strategy()``): the
schemathesis pytest plugin does not run under pytest 9."""

from __future__ import annotations

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

pytestmark = pytest.mark.django_db

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
MAX_EXAMPLES = 5


@pytest.fixture
def keep_test_connection():
    """Like Django's test client: the WSGI handler must not close the test's database
    connection at the start and end of each request (on PostgreSQL that ends the test's
    transaction)."""
    from django.core import signals
    from django.db import close_old_connections

    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


def test_api_answers_within_its_schema(entity, keep_test_connection):
    schema = schemathesis.openapi.from_wsgi("/api/v1/schema/?format=json", get_wsgi_application())
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) > 5
    failures = []
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=MAX_EXAMPLES,
            deadline=None,
            derandomize=True,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def run(case):
            # ?entidad= selects the portal (middleware, answered before the API): keep it real.
            if case.query and "entidad" in case.query:
                case.query["entidad"] = entity.slug
            case.call_and_validate(checks=CHECKS)

        try:
            run()
        except Exception as exc:  # collect every operation's failure, then report them all
            failures.append(f"{operation.label}: {exc}")
    assert not failures, "\n\n".join(failures)
