"""How a request's entity is resolved, and the scoped queryset."""

import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings
from django.urls import reverse

from cabildo.core.models import RESERVED_ENTITY_SLUGS, Area, Entity, EntityHostname
from tests.factories import AreaFactory, EntityFactory

pytestmark = pytest.mark.django_db


def test_host_name_selects_the_entity(client, entity, other_entity):
    EntityHostname.objects.create(entity=other_entity, hostname="B.Example.org")
    response = client.get("/", HTTP_HOST="b.example.org")
    assert response.context["entity"] == other_entity


def test_prefix_selects_the_entity_and_its_links_keep_it(raw_client, entity, other_entity):
    response = raw_client.get(f"/{other_entity.slug}/")
    assert response.status_code == 200
    assert response.context["entity"] == other_entity
    html = response.content.decode()
    assert f'href="/{other_entity.slug}/pqrs/radicar/"' in html
    assert f'href="/{entity.slug}/' not in html
    # The prefix lives only for the request: reverse() in this thread is unprefixed again.
    assert reverse("pqrs:file") == "/pqrs/radicar/"


def test_switch_on_a_host_redirects_to_the_chosen_entity(raw_client, entity, other_entity):
    EntityHostname.objects.create(entity=other_entity, hostname="b.example.org")
    response = raw_client.get("/participa/?entidad=" + entity.slug, HTTP_HOST="b.example.org")
    assert response.status_code == 301
    assert response["Location"] == f"/{entity.slug}/participa/"


def test_shared_site_root_is_the_directory_of_entities(raw_client, entity, other_entity):
    response = raw_client.get("/")
    assert response.status_code == 200
    assert response.context["entity"] is None
    html = response.content.decode()
    assert f'href="/{entity.slug}/"' in html and f'href="/{other_entity.slug}/"' in html
    assert "Ingreso de funcionarios" not in html  # no entity's menu on the directory


def test_default_entity_is_where_old_links_go(raw_client, entity, other_entity):
    with override_settings(DEFAULT_ENTITY=other_entity.slug):
        response = raw_client.get("/participa/?x=1")
    assert response.status_code == 301
    assert response["Location"] == f"/{other_entity.slug}/participa/?x=1"


def test_old_links_redirect_permanently_and_nothing_is_remembered(raw_client, entity, other_entity):
    response = raw_client.get("/pqrs/radicar/?entidad=" + other_entity.slug + "&tipo=peticion")
    assert response.status_code == 301
    assert response["Location"] == f"/{other_entity.slug}/pqrs/radicar/?tipo=peticion"
    assert "cabildo_entity" not in raw_client.session
    # The next old link, with no switch, goes to the default (first) entity, not the last one.
    assert raw_client.get("/pqrs/radicar/")["Location"] == f"/{entity.slug}/pqrs/radicar/"
    assert raw_client.get("/?entidad=" + other_entity.slug)["Location"] == f"/{other_entity.slug}/"
    posted = raw_client.post("/pqrs/radicar/", {"x": "1"})
    assert posted.status_code == 308  # keeps the method and the body


def test_entity_with_a_canonical_host_is_redirected_there(raw_client, entity, other_entity):
    EntityHostname.objects.create(
        entity=other_entity, hostname="participa.otra.gov.co", is_canonical=True
    )
    response = raw_client.get("/participa/?entidad=" + other_entity.slug)
    assert response["Location"] == "http://participa.otra.gov.co/participa/"
    # Its prefixed pages still answer on the shared site.
    assert raw_client.get(f"/{other_entity.slug}/participa/").status_code == 200


def test_prefix_without_slash_and_unknown_paths(raw_client, entity):
    assert raw_client.get(f"/{entity.slug}")["Location"] == f"/{entity.slug}/"
    assert raw_client.get("/no-existe-esta-pagina/").status_code == 404  # never a redirect to a 404
    assert raw_client.get(f"/{entity.slug}/no-existe/").status_code == 404
    assert raw_client.get("/pqrs/radicar")["Location"] == f"/{entity.slug}/pqrs/radicar"


def test_inactive_entity_is_never_served(raw_client, entity, other_entity):
    other_entity.is_active = False
    other_entity.save()
    assert raw_client.get("/?entidad=" + other_entity.slug).status_code == 404
    assert raw_client.get(f"/{other_entity.slug}/participa/").status_code == 404
    assert other_entity.name not in raw_client.get("/").content.decode()


def test_hostile_switch_values_are_404(raw_client, entity):
    for value in ("../admin", "a" * 500, "api", "cali%"):
        assert raw_client.get("/", {"entidad": value}).status_code == 404
    assert raw_client.get("/", {"entidad": "\x00"}).status_code in (400, 404)


def test_empty_database_serves_the_directory(raw_client, db):
    response = raw_client.get("/")
    assert response.status_code == 200
    assert response.context["entity"] is None
    assert raw_client.get("/participa/").status_code == 404  # no entity to show it


def test_api_takes_the_entity_from_the_prefix_or_a_plain_filter(raw_client, entity, other_entity):
    by_filter = raw_client.get("/api/v1/datos-abiertos/", {"entidad": other_entity.slug})
    assert by_filter.status_code == 200  # a filter, never a redirect
    assert all(f"/{other_entity.slug}/" in row["csv"] for row in by_filter.json())
    by_prefix = raw_client.get(f"/{other_entity.slug}/api/v1/datos-abiertos/")
    assert by_prefix.json() == by_filter.json()
    assert "cabildo_entity" not in raw_client.session


def test_two_entities_in_two_tabs(raw_client, make_member, entity, other_entity):
    from cabildo.accounts.models import Membership, Role

    user = make_member(Role.PARTICIPATION_LEAD, entity)
    Membership.objects.create(user=user, entity=other_entity, role=Role.VIEWER)
    raw_client.force_login(user)
    for _ in range(2):  # interleaved, as two tabs would
        first = raw_client.get(f"/{entity.slug}/cuentas/escritorio/")
        second = raw_client.get(f"/{other_entity.slug}/cuentas/escritorio/")
        assert first.context["entity"] == entity and second.context["entity"] == other_entity
    # A staff page of an entity where the official holds no role: the clear 403.
    third = EntityFactory(slug="entidad-c")
    assert raw_client.get(f"/{third.slug}/dependencias/").status_code == 403


def test_reserved_slugs_cover_every_first_segment_of_the_site():
    from django.urls import URLPattern, URLResolver, get_resolver

    def first_segments(patterns, prefix=""):
        for p in patterns:
            route = prefix + str(p.pattern)
            if isinstance(p, URLResolver) and not route.strip("^/"):
                yield from first_segments(p.url_patterns, route)
            elif isinstance(p, (URLPattern, URLResolver)):
                segment = route.strip("^").split("/", 1)[0].rstrip("$")
                if segment and "<" not in segment:
                    yield segment

    segments = set(first_segments(get_resolver().url_patterns))
    assert segments and segments <= RESERVED_ENTITY_SLUGS, segments - RESERVED_ENTITY_SLUGS
    with pytest.raises(ValidationError):
        EntityFactory.build(slug="pqrs").full_clean()


def test_entity_links_are_canonical(entity, other_entity, settings):
    from cabildo.core.links import entity_href, entity_root, entity_url

    settings.SITE_URL = "https://cabildo.example.org/"
    assert (
        entity_url(entity, "pqrs:file")
        == f"https://cabildo.example.org/{entity.slug}/pqrs/radicar/"
    )
    assert entity_href(entity, "core:home") == f"/{entity.slug}/"
    EntityHostname.objects.create(entity=other_entity, hostname="alias.otra.gov.co")
    assert entity_root(other_entity) == f"https://cabildo.example.org/{other_entity.slug}/"
    EntityHostname.objects.create(
        entity=other_entity, hostname="participa.otra.gov.co", is_canonical=True
    )
    fresh = Entity.objects.with_canonical_host().get(pk=other_entity.pk)
    assert entity_url(fresh, "execution:public_detail", args=[7]) == (
        "https://participa.otra.gov.co/eventos/7/"
    )
    assert entity_href(fresh, "core:home") == "https://participa.otra.gov.co/"


def test_sitemaps_list_canonical_urls(raw_client, entity, other_entity):
    index = raw_client.get("/sitemap.xml").content.decode()
    assert f"<loc>http://testserver/{entity.slug}/sitemap.xml</loc>" in index
    assert f"<loc>http://testserver/{other_entity.slug}/sitemap.xml</loc>" in index
    own = raw_client.get(f"/{other_entity.slug}/sitemap.xml").content.decode()
    assert f"<loc>http://testserver/{other_entity.slug}/participa/</loc>" in own
    assert f"/{entity.slug}/" not in own


def test_directory_search_with_many_entities(raw_client, db, django_assert_max_num_queries):
    from cabildo.core.models import EntityKind

    for n in range(130):
        EntityFactory(
            name=f"Alcaldía de Municipio {n:03d}",
            slug=f"municipio-{n:03d}",
            department_name="Antioquia" if n % 2 else "Valle del Cauca",
        )
    EntityFactory(
        name="Personería de Itagüí",
        slug="personeria-itagui",
        kind=EntityKind.OMBUDSMAN,
        department_name="Antioquia",
    )
    with django_assert_max_num_queries(4):
        page = raw_client.get("/")
    assert page.context["page"].paginator.count == 131
    assert len(page.context["entities"]) == 48
    found = raw_client.get("/", {"q": "personeria itagui"}).context["page"].object_list
    assert [e.slug for e in found] == ["personeria-itagui"]
    by_kind = raw_client.get("/", {"tipo": EntityKind.OMBUDSMAN}).context["page"].object_list
    assert [e.slug for e in by_kind] == ["personeria-itagui"]
    valle = raw_client.get("/", {"departamento": "Valle del Cauca"}).context["page"].paginator
    assert valle.count == 65
    second = raw_client.get("/", {"departamento": "Antioquia", "p": 2})
    assert second.status_code == 200 and second.context["page"].number == 2
    assert raw_client.get("/", {"q": "<b>" * 50, "p": "x", "tipo": "nada"}).status_code == 200
    assert "Ninguna entidad coincide" in raw_client.get("/", {"q": "zzzz"}).content.decode()


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


def test_each_request_gets_its_own_copy_of_the_entity(entity, remembered_entities):
    from cabildo.core.middleware import entity_by_slug

    first = entity_by_slug(entity.slug)
    first.name = "Cambiado solo en esta petición"
    second = entity_by_slug(entity.slug)
    assert second.name == entity.name


def test_unknown_entity_in_the_api_is_a_json_404(raw_client, entity):
    response = raw_client.get("/api/v1/plans/2026/", {"entidad": "no-existe"})
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    assert response.json() == {"detail": "La entidad solicitada no existe."}
    page = raw_client.get("/participa/", {"entidad": "no-existe"})
    assert page.status_code == 404
    assert page["Content-Type"].startswith("text/html")
