"""The public read-only API generated from the datasets: pagination, filters, entity by
``?entidad=``, the error shape, rate limiting with a Spanish message, the OpenAPI schema."""

from __future__ import annotations

import pytest
from django.test import override_settings
from django.urls import reverse

from cabildo.portal import opendata
from tests.execution.factories import EventFactory
from tests.portal.builders import public_data

pytestmark = pytest.mark.django_db


def test_catalogue_lists_every_dataset_with_its_addresses(client, entity):
    response = client.get(reverse("api:portal:catalogue"), {"entidad": entity.slug})
    assert response.status_code == 200
    entries = {e["slug"]: e for e in response.json()}
    assert set(entries) == {d.slug for d in opendata.datasets()}
    entry = entries["eventos-participacion"]
    assert entry["api"].endswith("/api/v1/datos-abiertos/eventos-participacion/")
    assert entry["csv"].endswith("/datos-abiertos/eventos-participacion.csv")


def test_list_is_paginated_and_scoped_to_the_entity(client, entity, other_entity):
    for n in range(55):
        EventFactory(entity=entity, title=f"Evento {n}")
    EventFactory(entity=other_entity, title="Evento de otra entidad")
    EventFactory(entity=entity, title="Borrador sin publicar", is_published=False)
    url = reverse("api:portal:eventos-participacion")
    data = client.get(url, {"entidad": entity.slug}).json()
    assert data["count"] == 55 and len(data["results"]) == 50 and data["next"]
    second = client.get(url, {"entidad": entity.slug, "page": 2}).json()
    titles = {r["title"] for r in data["results"] + second["results"]}
    assert "Evento de otra entidad" not in titles and "Borrador sin publicar" not in titles
    other = client.get(url, {"entidad": other_entity.slug}).json()
    assert [r["title"] for r in other["results"]] == ["Evento de otra entidad"]


def test_filters_narrow_the_records(client, entity):
    EventFactory(entity=entity, title="Foro virtual", modality="virtual", link="https://x.test/")
    EventFactory(entity=entity, title="Encuentro presencial")
    url = reverse("api:portal:eventos-participacion")
    data = client.get(url, {"entidad": entity.slug, "modality": "virtual"}).json()
    assert [r["title"] for r in data["results"]] == ["Foro virtual"]
    public_data(entity, rows=2, tag="F")
    url = reverse("api:portal:estadisticas-pqrsd")
    data = client.get(url, {"entidad": entity.slug, "channel": "presencial"}).json()
    assert data["count"] == 0
    data = client.get(url, {"entidad": entity.slug, "channel": "web"}).json()
    assert sum(r["total"] for r in data["results"]) == 2


def test_bad_filter_values_answer_400_in_spanish_and_change_nothing(client, entity):
    from cabildo.execution.models import Event

    EventFactory(entity=entity)
    before = Event.objects.count()
    url = reverse("api:portal:eventos-participacion")
    response = client.get(url, {"entidad": entity.slug, "modality": "teletransporte"})
    assert response.status_code == 400
    body = response.json()
    assert body["detail"] == "Los datos enviados no son válidos." and "modality" in body["errors"]
    year_url = reverse("api:portal:actividades-plan-participacion")
    response = client.get(year_url, {"entidad": entity.slug, "version__plan__year": "dos mil"})
    assert response.status_code == 400
    assert Event.objects.count() == before


def test_writes_are_not_allowed(client, entity):
    from cabildo.execution.models import Event

    url = reverse("api:portal:eventos-participacion")
    response = client.post(f"{url}?entidad={entity.slug}", {"title": "Nuevo"})
    assert response.status_code in (403, 405)
    assert Event.objects.count() == 0


def test_unknown_entity_is_a_404(client, entity):
    url = reverse("api:portal:eventos-participacion")
    assert client.get(url, {"entidad": "no-existe"}).status_code == 404


@override_settings(CABILDO_PUBLIC_API_RATE="3/min")
def test_clients_over_the_rate_get_429_with_a_spanish_message(client, entity):
    url = reverse("api:portal:eventos-participacion")
    for _ in range(3):
        assert client.get(url, {"entidad": entity.slug}).status_code == 200
    response = client.get(url, {"entidad": entity.slug})
    assert response.status_code == 429
    detail = response.json()["detail"]
    assert detail.startswith("Ha hecho demasiadas solicitudes a la API de datos abiertos.")
    assert "Podrá consultarla de nuevo en" in detail and "segundos" in detail
    assert int(response["Retry-After"]) > 0
    # Another client (another address) is not affected.
    other = client.get(url, {"entidad": entity.slug}, REMOTE_ADDR="10.0.0.8")
    assert other.status_code == 200


def test_schema_documents_every_dataset_with_its_filters(client, entity):
    import yaml

    schema = yaml.safe_load(client.get(reverse("api:schema")).content)
    for dataset in opendata.datasets():
        operation = schema["paths"][f"/api/v1/datos-abiertos/{dataset.slug}/"]["get"]
        names = {p["name"] for p in operation["parameters"]}
        assert {"page", "entidad", *dataset.filterset_fields} <= names, dataset.slug
        assert operation["summary"] == str(dataset.title)


def test_plan_activities_filter_by_one_of_their_channels(client, entity):
    """``channel`` finds the activities whose channels include it (a JSON list: jsonb ``@>`` on
    PostgreSQL, the quoted value in the list's text on SQLite), alone or with another filter."""
    from cabildo.plans.models import Channel
    from tests.plans.factories import ActivityFactory

    data = public_data(entity, rows=1, tag="C")  # "Mesa C 0": in person only
    version = data["consultation"].version
    ActivityFactory(entity=entity, version=version, name="Foro", channels=[Channel.VIRTUAL])
    ActivityFactory(
        entity=entity,
        version=version,
        name="Cabildo abierto",
        channels=[Channel.IN_PERSON, Channel.VIRTUAL],
    )
    ActivityFactory(entity=entity, version=version, name="Mesa mixta", channels=[Channel.MIXED])
    url = reverse("api:portal:actividades-plan-participacion")

    def names(**params):
        response = client.get(url, {"entidad": entity.slug, **params})
        assert response.status_code == 200, response.content
        return sorted(r["name"] for r in response.json()["results"])

    assert names(channel="virtual") == ["Cabildo abierto", "Foro"]
    assert names(channel="presencial") == ["Cabildo abierto", "Mesa C 0"]
    assert names(channel="mixto") == ["Mesa mixta"]
    assert names(channel="presencial", version__plan__year=2031) == ["Cabildo abierto", "Mesa C 0"]
    assert names(channel="presencial", version__plan__year=2030) == []
    assert len(names()) == 4


@pytest.mark.parametrize(
    "value", ["teletransporte", "Presencial", '"virtual"', "%", "virtual,mixto"]
)
def test_plan_activities_bad_channel_is_a_400_naming_the_field(client, entity, value):
    public_data(entity, rows=1, tag="B")
    url = reverse("api:portal:actividades-plan-participacion")
    response = client.get(url, {"entidad": entity.slug, "channel": value})
    assert response.status_code == 400
    body = response.json()
    assert body["detail"] == "Los datos enviados no son válidos."
    assert body["errors"]["channel"] == [
        f"«{value}» no es un valor válido para «canal». Use uno de estos: "
        "presencial, virtual, mixto."
    ]
