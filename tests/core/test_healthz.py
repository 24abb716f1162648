"""``GET /healthz``: each dependency's state; 503 only when the database is down."""

from __future__ import annotations

from unittest import mock

import pytest
from django.db import OperationalError, connection

from cabildo.core import health

pytestmark = pytest.mark.django_db

ALL_OK = {
    "status": "ok",
    "database": "ok",
    "cache": "ok",
    "broker": "not_used",  # eager tasks in tests
    "mail": "not_used",  # the locmem backend
}


@pytest.fixture(autouse=True)
def _fresh_checks():
    health.forget()
    yield
    health.forget()


def test_healthz_ok(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json() == ALL_OK


def test_healthz_reports_database_down_as_503(client):
    with mock.patch.object(
        connection, "cursor", side_effect=OperationalError("could not connect to server")
    ):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {**ALL_OK, "status": "error", "database": "error"}


def test_healthz_reports_failing_query_as_503(client):
    failing_cursor = mock.MagicMock()
    failing_cursor.__enter__.return_value.execute.side_effect = OperationalError("timeout")
    with mock.patch.object(connection, "cursor", return_value=failing_cursor):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "error"


def test_healthz_runs_only_its_own_query(client, django_assert_num_queries):
    # No entity resolution, session or user lookup: only the health probe touches the database.
    with django_assert_num_queries(1) as ctx:
        response = client.get("/healthz")
    assert response.status_code == 200
    assert ctx.captured_queries[0]["sql"] == "SELECT 1"


def test_a_cache_outage_is_reported_but_the_site_is_up(client, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "cabildo.core.cache.ResilientRedisCache",
            "LOCATION": "redis://127.0.0.1:9/0",  # nothing listens on the discard port
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {**ALL_OK, "status": "degraded", "cache": "error"}


def test_broker_and_mail_are_probed_when_used(client, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", 9
    from kombu import Connection

    from config.celery import app

    closed = Connection("redis://127.0.0.1:9/1")
    with mock.patch.object(app, "connection_for_write", return_value=closed):
        body = client.get("/healthz").json()
    assert body["broker"] == "error" and body["mail"] == "error"
    assert body["status"] == "degraded"
