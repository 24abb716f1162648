import pytest

from tests.bodies.builders import build_itagui_2019
from tests.bodies.factories import BodyMemberFactory, BodySessionFactory, ParticipationBodyFactory

pytestmark = pytest.mark.django_db


def test_directory_api_filters_and_hides_contacts(client, entity, other_entity):
    body = ParticipationBodyFactory(entity=entity, name="Consejo de Cultura", kind="sectorial")
    ParticipationBodyFactory(entity=entity, name="Junta A", kind="territorial")
    ParticipationBodyFactory(entity=other_entity, name="Ajena")
    BodyMemberFactory(entity=entity, body=body, name="Ana", contact="ana@correo.test")
    BodySessionFactory(entity=entity, body=body, is_public=False, agenda="Reservada")
    response = client.get(f"/api/v1/bodies/?entidad={entity.slug}&kind=sectorial")
    assert response.status_code == 200
    names = [row["name"] for row in response.json()["results"]]
    assert names == ["Consejo de Cultura"]
    detail = client.get(f"/api/v1/bodies/{body.pk}/")
    assert detail.status_code == 200
    text = detail.content.decode()
    assert "Ana" in text
    assert "ana@correo.test" not in text
    assert "Reservada" not in text


def test_detail_of_other_entity_is_404(client, entity, other_entity):
    foreign = ParticipationBodyFactory(entity=other_entity)
    client.get(f"/api/v1/bodies/?entidad={entity.slug}")
    assert client.get(f"/api/v1/bodies/{foreign.pk}/").status_code == 404


def test_system_api(client, entity):
    build_itagui_2019(entity)
    data = client.get(f"/api/v1/bodies/system/2019/?entidad={entity.slug}").json()
    assert data["total"] == 27
    assert [r["percent"] for r in data["dimensions"]["kind"]] == [19, 33, 48]
