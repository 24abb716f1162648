"""The bare address of a section sends each visitor to the page they can use, never a 404."""

import pytest

from cabildo.accounts.models import Role

pytestmark = pytest.mark.django_db

SECTIONS = [
    # (section, staff page, public page or None when the section has none)
    ("/evaluacion/", "/evaluacion/tablero/", "/evaluacion/resultados/"),
    ("/pqrs/", "/pqrs/gestion/", "/pqrs/radicar/"),
    ("/ejercicios/", "/ejercicios/gestion/encuestas/", "/ejercicios/encuestas/"),
    ("/cuentas/", "/cuentas/escritorio/", None),
]


@pytest.mark.parametrize(("section", "staff_page", "public_page"), SECTIONS)
def test_official_lands_on_the_staff_page(staff_client, entity, section, staff_page, public_page):
    client = staff_client(Role.PARTICIPATION_LEAD)
    response = client.get(section)
    assert response.status_code == 302
    assert response["Location"] == f"/{entity.slug}{staff_page}"
    assert client.get(response["Location"]).status_code == 200


@pytest.mark.parametrize(("section", "staff_page", "public_page"), SECTIONS)
def test_citizen_lands_on_the_public_page_or_login(
    public_client, entity, section, staff_page, public_page
):
    client = public_client(entity)
    response = client.get(section)
    assert response.status_code == 302
    if public_page:
        assert response["Location"] == f"/{entity.slug}{public_page}"
        assert client.get(response["Location"]).status_code == 200
    else:
        assert response["Location"].startswith(f"/{entity.slug}/cuentas/ingresar/?next=")


def test_official_without_the_permission_gets_the_public_page(staff_client, entity):
    # An area liaison does not read the PQRSD of the whole entity... unless the rules say so:
    # whatever the role, the index never answers 403 or 404.
    client = staff_client(Role.AREA_LIAISON)
    for section, _staff, _public in SECTIONS:
        response = client.get(section)
        assert response.status_code == 302, section
        assert client.get(response["Location"]).status_code == 200, section


def test_section_index_names_the_entity_on_its_host(raw_client, entity):
    from cabildo.core.models import EntityHostname

    EntityHostname.objects.create(entity=entity, hostname="participa.example.gov.co")
    response = raw_client.get("/evaluacion/", headers={"host": "participa.example.gov.co"})
    assert response.status_code == 302
    assert response["Location"] == "/evaluacion/resultados/"
