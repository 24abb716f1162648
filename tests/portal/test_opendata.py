"""Open data: index, data dictionary, CSV and JSON generated from every PublicDataset; no
personal data in any dataset; entity isolation; constant query counts."""

from __future__ import annotations

import csv
import io
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cabildo.portal import opendata
from tests.portal.builders import PERSONAL, public_data

pytestmark = pytest.mark.django_db

DATASETS = opendata.datasets()
SLUGS = [d.slug for d in DATASETS]
OWN_SLUGS = [
    "actividades-plan-participacion",
    "observaciones-plan-participacion",
    "eventos-participacion",
    "instancias-participacion",
    "estadisticas-pqrsd",
    "grupos-de-valor",
]
# Words of field names that would hold a person's identity or contact data.
PERSONAL_FIELD_WORDS = {
    "email",
    "correo",
    "phone",
    "telefono",
    "document",
    "documento",
    "cedula",
    "requester",
    "author",
    "person",
    "persona",
    "contact",
    "contacto",
    "user",
    "member",
    "integrante",
    "citizen",
    "ciudadano",
}


def _get(client, url, entity, **params):
    return client.get(url, {"entidad": entity.slug, **params})


def _csv_rows(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode("utf-8"))))


def test_the_apps_declare_their_datasets():
    assert set(OWN_SLUGS) <= set(SLUGS)
    assert len(SLUGS) == len(set(SLUGS))


def test_index_lists_every_dataset_with_downloads(client, entity):
    html = _get(client, reverse("opendata:index"), entity).content.decode()
    for dataset in DATASETS:
        assert str(dataset.title) in html
        assert reverse("opendata:csv", args=[dataset.slug]) in html
        assert reverse("opendata:json", args=[dataset.slug]) in html
    assert '<th scope="col">' in html and "<caption>" in html


@pytest.mark.parametrize("slug", SLUGS)
def test_dictionary_describes_every_column(client, entity, slug):
    dataset = opendata.dataset_or_404(slug)
    html = _get(client, reverse("opendata:dictionary", args=[slug]), entity).content.decode()
    for column in opendata.columns(dataset):
        assert column.label and column.description, f"{slug}.{column.name} lacks a description"
        assert f"<code>{column.name}</code>" in html
    assert reverse(f"api:portal:{slug}") in html


def test_unknown_dataset_is_a_styled_404(client, entity):
    for name in ("opendata:dictionary", "opendata:csv", "opendata:json"):
        response = _get(client, reverse(name, args=["no-existe"]), entity)
        assert response.status_code == 404
        assert 'class="barra-superior-govco"' in response.content.decode()


def test_csv_is_utf8_with_spanish_headers_and_one_row_per_record(client, entity):
    public_data(entity, rows=2, tag="Ñandú")
    response = _get(client, reverse("opendata:csv", args=["eventos-participacion"]), entity)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert f'filename="eventos-participacion-{entity.slug}.csv"' in response["Content-Disposition"]
    assert not response.content.startswith(b"\xef\xbb\xbf")
    rows = _csv_rows(response)
    assert rows[0][:4] == ["id", "título", "descripción", "inicio"]
    assert "modalidad" in rows[0] and "cancelado" in rows[0]
    titles = sorted(row[1] for row in rows[1:])
    assert titles == ["Encuentro Ñandú 0", "Encuentro Ñandú 1", "Foro realizado Ñandú"]
    cancelled = rows[0].index("cancelado")
    assert {row[cancelled] for row in rows[1:]} == {"No"}


def test_json_has_the_same_records_with_column_names_as_keys(client, entity):
    public_data(entity, rows=2, tag="J")
    response = _get(client, reverse("opendata:json", args=["instancias-participacion"]), entity)
    assert response["Content-Type"] == "application/json; charset=utf-8"
    records = json.loads(response.content)
    assert sorted(r["name"] for r in records) == ["Consejo J 0", "Consejo J 1"]
    names = [c.name for c in opendata.columns(opendata.dataset_or_404("instancias-participacion"))]
    assert all(list(record) == names for record in records)
    assert records[0]["members_count"] == 1 and records[0]["kind"] == "Sectorial"


def test_observations_publish_the_answer_only_once_answered(client, entity):
    data = public_data(entity, rows=1, tag="O")
    from tests.plans.factories import ObservationFactory

    ObservationFactory(
        entity=entity,
        consultation=data["consultation"],
        text="Observación aún sin responder",
        viability="no_viable",
        justification="Borrador interno de la respuesta",
    )
    ObservationFactory(
        entity=entity,
        consultation=data["consultation"],
        text="Texto ofensivo moderado",
        hidden_reason="Lenguaje ofensivo",
        hidden_at="2026-01-01T00:00:00Z",
    )
    url = reverse("opendata:json", args=["observaciones-plan-participacion"])
    records = {r["text"]: r for r in json.loads(_get(client, url, entity).content)}
    assert "Texto ofensivo moderado" not in records
    pending = records["Observación aún sin responder"]
    assert pending["answered"] is False
    assert pending["justification"] == "" and pending["viability"] == ""
    answered = records["Observación O 0"]
    assert answered["answered"] is True and answered["viability"] == "Viable"
    assert answered["justification"] == "Respuesta O 0"


def test_plan_activities_come_from_the_latest_public_version_only(client, entity):
    from cabildo.plans.models import PlanStatus
    from tests.plans.factories import ActivityFactory, PlanVersionFactory

    data = public_data(entity, rows=1, tag="V1")
    plan = data["consultation"].version.plan
    draft = PlanVersionFactory(entity=entity, plan=plan, number=2, status=PlanStatus.DRAFT)
    ActivityFactory(entity=entity, version=draft, name="Actividad en borrador")
    url = reverse("opendata:json", args=["actividades-plan-participacion"])
    records = json.loads(_get(client, url, entity).content)
    assert [r["name"] for r in records] == ["Mesa V1 0"]
    assert records[0]["plan_year"] == 2031 and records[0]["version"] == 1
    assert records[0]["stakeholder_groups"] == "Juntas de acción comunal V1"
    assert records[0]["channels"] == "Presencial"  # several would read "Presencial; Virtual"


def test_pqrsd_statistics_are_counts_only(client, entity):
    public_data(entity, rows=3, tag="P")
    url = reverse("opendata:json", args=["estadisticas-pqrsd"])
    records = json.loads(_get(client, url, entity).content)
    assert sum(r["total"] for r in records) == 3
    assert set(records[0]) == {"year", "month", "kind", "channel", "sub_channel", "status", "total"}
    assert records[0]["channel"] == "Formulario web"


def test_grupos_de_valor_are_aggregated(client, entity):
    public_data(entity, rows=1, tag="G")
    url = reverse("opendata:json", args=["grupos-de-valor"])
    records = json.loads(_get(client, url, entity).content)
    assert records == [
        {
            "type": records[0]["type"],
            "territory": None,
            "zone": "",
            "groups": 1,
            "characterized": 0,
            "estimated_size": 120,
        }
    ]


@pytest.mark.parametrize("slug", SLUGS)
def test_no_dataset_has_personal_data_fields(slug):
    dataset = opendata.dataset_or_404(slug)
    for column in opendata.columns(dataset):
        words = set(column.name.lower().split("_"))
        assert not words & PERSONAL_FIELD_WORDS, (slug, column.name)


def test_no_dataset_output_contains_personal_data(client, entity):
    """Citizens' names, emails, phones and documents are in the database (registrations,
    contributions, observations, petitions, members, group contacts): none reaches a file."""
    public_data(entity, rows=2, tag="D")
    markers = [value for values in PERSONAL.values() for value in values]
    for slug in SLUGS:
        for name in ("opendata:csv", "opendata:json"):
            body = _get(client, reverse(name, args=[slug]), entity).content.decode()
            found = [m for m in markers if m in body]
            assert not found, f"{slug} ({name}) shows {found}"
        body = _get(client, reverse(f"api:portal:{slug}"), entity).content.decode()
        assert not [m for m in markers if m in body], slug


def test_a_dataset_never_shows_another_entitys_rows(client, entity, other_entity):
    public_data(entity, rows=1, tag="PROPIA")
    public_data(other_entity, rows=1, tag="AJENA")
    for slug in SLUGS:
        for name in ("opendata:csv", "opendata:json"):
            body = _get(client, reverse(name, args=[slug]), entity).content.decode()
            assert "AJENA" not in body, slug


def test_downloads_and_api_run_a_constant_number_of_queries(client, entity):
    from django.core.cache import cache

    urls = [reverse(name, args=[slug]) for slug in SLUGS for name in ("opendata:csv",)]
    urls += [reverse(f"api:portal:{slug}") for slug in SLUGS]

    def count(url: str) -> int:
        cache.clear()
        with CaptureQueriesContext(connection) as ctx:
            assert _get(client, url, entity).status_code == 200
        return len(ctx.captured_queries)

    public_data(entity, rows=5, tag="a")
    _get(client, urls[0], entity)  # the visitor's session remembers the entity once
    few = [count(url) for url in urls]
    public_data(entity, rows=45, tag="b", year=2032)
    assert [count(url) for url in urls] == few


def test_downloads_are_cached_and_refreshed_on_change(client, entity):
    from tests.execution.factories import EventFactory

    url = reverse("opendata:csv", args=["eventos-participacion"])
    EventFactory(entity=entity, title="Primer evento")
    assert "Primer evento" in _get(client, url, entity).content.decode()
    with CaptureQueriesContext(connection) as ctx:
        _get(client, url, entity)
    assert not any("execution_event" in q["sql"] for q in ctx.captured_queries)
    EventFactory(entity=entity, title="Segundo evento")
    assert "Segundo evento" in _get(client, url, entity).content.decode()
