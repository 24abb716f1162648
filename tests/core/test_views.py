import pytest
from django.urls import reverse

from cabildo.accounts.models import Role
from cabildo.core.models import Area
from tests.factories import AreaFactory

pytestmark = pytest.mark.django_db


def test_directory_shows_entities(raw_client, entity, other_entity):
    response = raw_client.get("/")
    assert response.status_code == 200
    assert "Municipio A" in response.text and "Municipio B" in response.text


def test_entity_switch_by_query_param_is_not_remembered(raw_client, entity, other_entity):
    assert raw_client.get("/?entidad=entidad-b")["Location"] == "/entidad-b/"
    assert raw_client.get("/participa/")["Location"] == "/entidad-a/participa/"


def test_unknown_entity_switch_is_404(raw_client, entity):
    assert raw_client.get("/?entidad=no-existe").status_code == 404


def test_healthz(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["status"] == "ok" and response.json()["database"] == "ok"


def test_area_list_constant_queries(staff_client, entity, django_assert_max_num_queries):
    client = staff_client(Role.ENTITY_ADMIN)
    AreaFactory.create_batch(5, entity=entity)
    with django_assert_max_num_queries(20) as ctx_small:
        client.get(reverse("core:area_list"))
    AreaFactory.create_batch(45, entity=entity)
    with django_assert_max_num_queries(len(ctx_small.captured_queries)):
        response = client.get(reverse("core:area_list"))
    assert response.status_code == 200


def test_area_create_rejects_duplicate_name(staff_client, entity, area):
    client = staff_client(Role.ENTITY_ADMIN)
    response = client.post(
        reverse("core:area_create"), {"name": area.name, "kind": "misional", "is_active": "on"}
    )
    assert response.status_code == 200
    assert Area.objects.filter(entity=entity, name=area.name).count() == 1


def test_area_of_other_entity_is_404(staff_client, other_entity):
    client = staff_client(Role.ENTITY_ADMIN)
    foreign = AreaFactory(entity=other_entity)
    assert client.get(reverse("core:area_update", args=[foreign.pk])).status_code == 404


def test_viewer_cannot_create_area(staff_client):
    client = staff_client(Role.VIEWER)
    assert client.get(reverse("core:area_create")).status_code == 403


def test_robots_txt_points_crawlers_to_the_sitemap_of_the_host(raw_client, entity):
    from cabildo.core.models import EntityHostname

    response = raw_client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert lines[0] == "User-agent: *"
    assert "Disallow: /*/cuentas/" in lines and "Disallow: /admin-tecnico/" in lines
    assert lines[-1] == "Sitemap: http://testserver/sitemap.xml"
    # On an entity's own host name the sitemap is that entity's.
    EntityHostname.objects.create(entity=entity, hostname="participa.a.gov.co")
    on_host = raw_client.get("/robots.txt", HTTP_HOST="participa.a.gov.co").content.decode()
    assert on_host.splitlines()[-1] == "Sitemap: http://participa.a.gov.co/sitemap.xml"
    sitemap = raw_client.get("/sitemap.xml", HTTP_HOST="participa.a.gov.co")
    assert sitemap.status_code == 200


def test_favicon_ico_leads_to_the_icon(raw_client):
    response = raw_client.get("/favicon.ico")
    assert response.status_code == 301
    icon = raw_client.get(response["Location"])
    assert icon.status_code == 200
    assert icon["Content-Type"].startswith("image/svg")
