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

from tests.properties import examples

pytestmark = [pytest.mark.django_db, pytest.mark.hypothesis]  # make fuzz runs it too

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
MAX_EXAMPLES = examples(5)
STAFF_MAX_EXAMPLES = examples(10)


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


def _fuzz(entity, *, max_examples: int, headers: dict[str, str] | None = None) -> list[str]:
    schema = schemathesis.openapi.from_wsgi("/api/v1/schema/?format=json", get_wsgi_application())
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) > 5
    failures = []
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=max_examples,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def run(case):
            # ?entidad= selects the portal (middleware, answered before the API): keep it real.
            if headers is not None:  # staff: always their entity, so business code is reached
                case.query = {**(case.query or {}), "entidad": entity.slug}
            elif case.query and "entidad" in case.query:
                case.query["entidad"] = entity.slug
            case.call_and_validate(checks=CHECKS, headers=headers)

        try:
            run()
        except Exception as exc:  # collect every operation's failure, then report them all
            failures.append(f"{operation.label}: {exc}")
    return failures


def test_api_answers_within_its_schema(entity, keep_test_connection):
    failures = _fuzz(entity, max_examples=MAX_EXAMPLES)
    assert not failures, "\n\n".join(failures)


CSRF_SECRET = "a" * 32  # a valid CSRF secret: the cookie and the header carry the same one


@pytest.fixture
def staff_headers(entity, make_member):
    """A participation lead's session (and a CSRF pair) for the WSGI requests, and rows of the
    entity for the list and detail operations to return."""
    from django.conf import settings as django_settings
    from django.test import Client

    from cabildo.accounts.models import Role
    from tests.pqrs.factories import PetitionFactory

    PetitionFactory.create_batch(3, entity=entity)
    client = Client()
    client.force_login(make_member(Role.PARTICIPATION_LEAD, entity))
    session = client.cookies[django_settings.SESSION_COOKIE_NAME].value
    cookie = (
        f"{django_settings.SESSION_COOKIE_NAME}={session}; "
        f"{django_settings.CSRF_COOKIE_NAME}={CSRF_SECRET}"
    )
    # The headers authenticate: the staff list answers with the entity's petitions.
    check = Client().get(f"/api/v1/pqrs/gestion/?entidad={entity.slug}", HTTP_COOKIE=cookie)
    assert check.status_code == 200 and len(check.json()["results"]) == 3
    return {"Cookie": cookie, "X-CSRFToken": CSRF_SECRET}


def test_api_answers_within_its_schema_as_staff(entity, staff_headers, keep_test_connection):
    """The same checks signed in as staff (session and CSRF), with more examples: the staff
    operations reach their permission checks, filters and serializers.

    ``staff_headers`` comes before ``keep_test_connection``: Django's test Client reconnects
    ``close_old_connections`` after each of its requests, which would undo the fixture, and the
    WSGI requests would then close the test's connection (503 on PostgreSQL)."""
    failures = _fuzz(entity, max_examples=STAFF_MAX_EXAMPLES, headers=staff_headers)
    assert not failures, "\n\n".join(failures)
