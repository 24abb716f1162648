"""How a request's entity is resolved, and the scoped queryset."""

import pytest
from django.test import override_settings

from cabildo.core.models import Area, EntityHostname
from tests.factories import AreaFactory, EntityFactory

pytestmark = pytest.mark.django_db


def test_host_name_selects_the_entity(client, entity, other_entity):
    EntityHostname.objects.create(entity=other_entity, hostname="B.Example.org")
    response = client.get("/", HTTP_HOST="b.example.org")
    assert response.context["entity"] == other_entity


def test_explicit_switch_wins_over_host(client, entity, other_entity):
    EntityHostname.objects.create(entity=other_entity, hostname="b.example.org")
    response = client.get("/?entidad=" + entity.slug, HTTP_HOST="b.example.org")
    assert response.context["entity"] == entity


def test_default_entity_setting(client, entity, other_entity):
    with override_settings(DEFAULT_ENTITY=other_entity.slug):
        assert client.get("/").context["entity"] == other_entity


def test_inactive_entity_is_never_served(client, entity, other_entity):
    other_entity.is_active = False
    other_entity.save()
    assert client.get("/?entidad=" + other_entity.slug).status_code == 404


def test_empty_database_serves_home_without_entity(client, db):
    response = client.get("/")
    assert response.status_code == 200
    assert response.context["entity"] is None


def test_for_entity_scopes_rows(entity, other_entity):
    mine = AreaFactory(entity=entity)
    AreaFactory(entity=other_entity)
    assert list(Area.objects.for_entity(entity)) == [mine]
    assert list(Area.objects.for_entity(None)) == []


def test_seed_demo_is_idempotent(db):
    from django.core.management import call_command

    from cabildo.accounts.models import Membership, User
    from cabildo.core.models import Entity

    # Core and accounts only: every app tests its own demo, and CI seeds the whole demo twice.
    call_command("seed_demo", only=["core", "accounts"], verbosity=0)
    counts = (
        Entity.objects.count(),
        Area.objects.count(),
        User.objects.count(),
        Membership.objects.count(),
    )
    call_command("seed_demo", only=["core", "accounts"], verbosity=0)
    assert counts == (
        Entity.objects.count(),
        Area.objects.count(),
        User.objects.count(),
        Membership.objects.count(),
    )
    names = set(Entity.objects.values_list("name", flat=True))
    assert {
        "Municipio de Itagüí",
        "Fondo de Desarrollo Social de El Retiro",
        "Concejo Municipal de Cartago",
        "Alcaldía de Santiago de Cali",
    } <= names
    assert Entity.objects.get(slug="cartago").nit == "900.215.967-5"
    assert Area.objects.filter(entity__slug="cali", acronym="DAGMA").exists()


def test_entity_factory_builds_valid_nit():
    EntityFactory().full_clean()


@pytest.fixture
def remembered_entities(settings):
    from cabildo.core import middleware

    settings.ENTITY_CACHE_SECONDS = 30
    middleware.forget_resolved_entities()
    yield
    middleware.forget_resolved_entities()


def _entity_queries(client, url: str, **extra) -> tuple[int, str]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, **extra)
    html = response.content.decode()
    return sum('FROM "core_entity"' in q["sql"] for q in ctx.captured_queries), html


def test_each_process_remembers_which_entity_a_host_means(
    client, entity, other_entity, remembered_entities
):
    EntityHostname.objects.create(entity=other_entity, hostname="participa.otra.gov.co")
    first, html = _entity_queries(client, "/", HTTP_HOST="participa.otra.gov.co")
    assert first >= 1 and other_entity.name in html
    again, html = _entity_queries(client, "/", HTTP_HOST="participa.otra.gov.co")
    assert again == 0 and other_entity.name in html


def test_a_changed_entity_is_forgotten_at_once(client, entity, other_entity, remembered_entities):
    EntityHostname.objects.create(entity=other_entity, hostname="participa.otra.gov.co")
    client.get("/", HTTP_HOST="participa.otra.gov.co")
    other_entity.name = "Nombre nuevo de la entidad"
    other_entity.save()
    html = client.get("/", HTTP_HOST="participa.otra.gov.co").content.decode()
    assert "Nombre nuevo de la entidad" in html
    other_entity.is_active = False
    other_entity.save()
    html = client.get("/", HTTP_HOST="participa.otra.gov.co").content.decode()
    assert "Nombre nuevo de la entidad" not in html


def test_each_request_gets_its_own_copy_of_the_entity(rf, entity, remembered_entities):
    from cabildo.core.middleware import resolve_entity

    request = rf.get("/", {"entidad": entity.slug})
    first = resolve_entity(request)
    first.name = "Cambiado solo en esta petición"
    second = resolve_entity(rf.get("/", {"entidad": entity.slug}))
    assert second.name == entity.name


def test_unknown_entity_in_the_api_is_a_json_404(client, entity):
    response = client.get("/api/v1/plans/2026/", {"entidad": "no-existe"})
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    assert response.json() == {"detail": "La entidad solicitada no existe."}
    page = client.get("/", {"entidad": "no-existe"})
    assert page.status_code == 404
    assert page["Content-Type"].startswith("text/html")
