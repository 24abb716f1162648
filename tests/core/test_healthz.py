"""``GET /healthz``: 200 when the database answers, 503 naming the failing part when not."""

from __future__ import annotations

from unittest import mock

import pytest
from django.db import OperationalError, connection

pytestmark = pytest.mark.django_db


def test_healthz_ok(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"status": "ok", "database": "ok"}


def test_healthz_reports_database_down_as_503(client):
    with mock.patch.object(
        connection, "cursor", side_effect=OperationalError("could not connect to server")
    ):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "error", "database": "error"}


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
