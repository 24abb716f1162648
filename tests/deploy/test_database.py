"""The read-replica router and the 503 page shown while the database is down."""

from __future__ import annotations

from unittest import mock

import pytest
from django.db import DatabaseError, OperationalError, connections, transaction
from django.test import Client, override_settings

from cabildo.core.models import Area
from config.db_router import ReplicaRouter
from config.db_unavailable import RETRY_AFTER_SECONDS, database_is_down, server_error

pytestmark = pytest.mark.django_db


@pytest.fixture
def with_replica(settings):
    """A ``replica`` alias (same test database): the router sees it configured."""
    databases = {**settings.DATABASES, "replica": {**settings.DATABASES["default"]}}
    with mock.patch.dict(connections.settings, {"replica": databases["replica"]}):
        yield ReplicaRouter()


def test_without_replica_everything_uses_the_primary():
    router = ReplicaRouter()
    assert router.db_for_read(Area) == "default"
    assert router.db_for_write(Area) == "default"


@pytest.mark.django_db(transaction=True)  # no test transaction around it
def test_reads_go_to_the_replica_outside_transactions(with_replica):
    router = with_replica
    assert router.db_for_read(Area) == "replica"
    assert router.db_for_write(Area) == "default"
    assert router.allow_migrate("default", "core") is True
    assert router.allow_migrate("replica", "core") is False


@pytest.mark.django_db(transaction=True)
def test_reads_inside_a_transaction_stay_on_the_primary(with_replica):
    router = with_replica
    with transaction.atomic():
        assert router.db_for_read(Area) == "default"
    assert router.db_for_read(Area) == "replica"


def test_production_settings_route_a_configured_replica(monkeypatch):
    import importlib

    monkeypatch.setenv("SECRET_KEY", "x" * 50)
    monkeypatch.setenv("ALLOWED_HOSTS", "example.test")
    monkeypatch.setenv("EMAIL_URL", "consolemail://")
    monkeypatch.setenv("DATABASE_URL", "postgres://app@db1:5432/cabildo")
    monkeypatch.setenv("DATABASE_REPLICA_URL", "postgres://app@db2:5432/cabildo")
    import config.settings.production as production

    production = importlib.reload(production)
    assert production.DATABASE_ROUTERS == ["config.db_router.ReplicaRouter"]
    assert production.DATABASES["replica"]["HOST"] == "db2"
    for alias in ("default", "replica"):
        assert production.DATABASES[alias]["CONN_HEALTH_CHECKS"] is True
        assert production.DATABASES[alias]["CONN_MAX_AGE"] == 60
    monkeypatch.delenv("DATABASE_REPLICA_URL")
    production = importlib.reload(production)
    assert "replica" not in production.DATABASES
    assert not hasattr(production, "DATABASE_ROUTERS") or not production.DATABASE_ROUTERS


def test_connection_errors_are_recognised_through_their_causes():
    try:
        try:
            raise OperationalError("connection refused")
        except OperationalError as exc:
            raise RuntimeError("while rendering") from exc
    except RuntimeError as wrapped:
        assert database_is_down(wrapped)
    assert not database_is_down(DatabaseError("syntax error"))
    assert not database_is_down(ValueError("bug"))
    assert not database_is_down(None)


@override_settings(DEBUG=False)
def test_database_down_answers_503_with_retry_after_and_no_query(entity, django_assert_num_queries):
    client = Client(raise_request_exception=False)
    with (
        mock.patch(
            "cabildo.core.middleware.entity_by_route",
            side_effect=OperationalError("could not connect to server: Connection refused"),
        ),
        django_assert_num_queries(0),
    ):
        response = client.get(f"/{entity.slug}/")
    assert response.status_code == 503
    assert response["Retry-After"] == str(RETRY_AFTER_SECONDS)
    html = response.content.decode()
    assert "Servicio no disponible" in html and "<h1>" in html
    assert "style=" not in html and "<script" not in html


@override_settings(DEBUG=False)
def test_other_errors_keep_the_500_page(rf):
    request = rf.get("/")
    try:
        raise ValueError("a bug")
    except ValueError:
        response = server_error(request)
    assert response.status_code == 500
