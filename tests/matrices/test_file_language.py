"""A matrix file is Spanish whatever the interface's language, and reads in either language.

The English round trip at 375 px answered 400: the seguimiento matrix exported while the
interface was in English wrote ACTIVO as "Yes", which the import did not read (and labels such
as "Quarterly" or English headers such as "Name" failed when imported in the other language).
Now every export writes the seeds' Spanish headers and Spanish labels, and every import reads
headers and labels in Spanish or English (issue 19)."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from cabildo.core.tabular import ParseError, bilingual_columns, choice_column, parse_bool
from cabildo.core.tabular import write_xlsx as raw_write_xlsx
from cabildo.evaluation.models import Periodicity
from cabildo.matrices import services as engine
from cabildo.matrices.adapters import adapter_class
from cabildo.plans import matrix as plan_matrix
from cabildo.stakeholders.models import Zone
from tests.evaluation.factories import IndicatorFactory
from tests.plans.factories import ActivityFactory, PlanVersionFactory
from tests.stakeholders.factories import StakeholderGroupFactory

pytestmark = pytest.mark.django_db
PAIRS = [("es", "es"), ("en", "en"), ("en", "es"), ("es", "en")]


def _cells(content: bytes) -> list[list]:
    return [[c.value for c in row] for row in load_workbook(io.BytesIO(content)).active]


@pytest.fixture
def indicators(entity):
    return [
        IndicatorFactory(entity=entity, order=1, periodicity=Periodicity.QUARTERLY),
        IndicatorFactory(entity=entity, order=2, due_month=12, goal="Diseñar la política"),
        IndicatorFactory(entity=entity, order=3, is_active=False, target=Decimal("12.5")),
    ]


@pytest.mark.parametrize(("exported_in", "imported_in"), PAIRS)
def test_indicator_matrix_exported_in_one_language_imports_in_the_other(
    entity, indicators, exported_in, imported_in
):
    with translation.override(exported_in):
        content = adapter_class("indicadores")(entity=entity).export_xlsx()
    with translation.override(imported_in):
        result = engine.matrix_import_prepare(
            entity=entity, kind="indicadores", target=None, file=content, user=None
        )
        assert [str(e) for e in result.errors] == []
        preview = engine.matrix_import_preview(pending=result.pending)
    assert (len(preview.new), len(preview.changed), len(preview.absent)) == (0, 0, 0)
    assert len(preview.unchanged) == 3


def test_export_made_in_english_is_in_spanish(entity, indicators):
    with translation.override("en"):
        content = adapter_class("indicadores")(entity=entity).export_xlsx()
    header, *rows = _cells(content)
    assert header[:6] == [
        "ACTIVIDADES DE GESTIÓN",
        "META",
        "UNIDAD DE MEDIDA",
        "INDICADOR",
        "RESPONSABLE",
        "PERIODICIDAD",
    ]
    active = header.index("ACTIVO")
    assert [r[active] for r in rows] == ["Sí", "Sí", "No"]
    assert [r[5] for r in rows][:2] == ["Trimestral", "Diciembre"]


@pytest.mark.parametrize("imported_in", ["es", "en"])
def test_group_matrix_with_english_headers_and_labels_imports(entity, imported_in):
    """A file written by the old English export (headers "Name", "Zone"; "Urban") still reads."""
    StakeholderGroupFactory(entity=entity, name="Veedurías", zone=Zone.URBAN)
    adapter = adapter_class("grupos-de-valor")(entity=entity)
    with translation.override("en"):
        content = raw_write_xlsx(
            title="Grupos de valor", columns=adapter.columns(), rows=adapter.export_rows()
        )
    assert "Name" in _cells(content)[0] and "Urban" in _cells(content)[1]
    with translation.override(imported_in):
        result = engine.matrix_import_prepare(
            entity=entity, kind="grupos-de-valor", target=None, file=content, user=None
        )
        assert [str(e) for e in result.errors] == []
        preview = engine.matrix_import_preview(pending=result.pending)
    assert (len(preview.new), len(preview.changed), len(preview.unchanged)) == (0, 0, 1)


@pytest.mark.parametrize(("exported_in", "imported_in"), PAIRS)
def test_plan_matrix_exported_in_one_language_imports_in_the_other(
    entity, area, make_member, exported_in, imported_in
):
    from cabildo.accounts.models import Role

    user = make_member(Role.PARTICIPATION_LEAD, entity)
    version = PlanVersionFactory(entity=entity)
    ActivityFactory(
        entity=entity,
        version=version,
        area=area,
        is_accountability=True,
        channels=["presencial", "virtual"],
        murc_action="dialogo",
    )
    with translation.override(exported_in):
        content = plan_matrix.export_xlsx(version=version)
    header, row = _cells(content)[:2]
    assert row[header.index("RENDICIÓN DE CUENTAS")] == "Sí"
    assert row[header.index("CANALES")] == "Presencial; Virtual"
    with translation.override(imported_in):
        result = engine.matrix_import_prepare(
            entity=entity, kind="plan", target=version.pk, file=content, user=user
        )
        assert [str(e) for e in result.errors] == []
        preview = engine.matrix_import_preview(pending=result.pending)
    assert not preview.new and not preview.changed and len(preview.unchanged) == 1


def test_a_bad_value_is_reported_in_the_interface_language():
    columns = bilingual_columns(lambda: [choice_column("ZONA", "zone", Zone.choices)])
    with translation.override("en"), pytest.raises(ParseError) as caught:
        columns[0].parse("Marte")
    assert "Allowed values: Urban, Rural" in str(caught.value)
    with translation.override("es"), pytest.raises(ParseError) as caught:
        columns[0].parse("Marte")
    assert "Valores permitidos" in str(caught.value)
    assert columns[0].parse("Rural") == Zone.RURAL


def test_yes_reads_as_true():
    assert parse_bool("Yes") is True and parse_bool("Sí") is True and parse_bool("No") is False


def _english(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def test_english_round_trip_through_the_views(staff_client, entity, indicators):
    """The 375 px English journey: export, upload the file back, the preview (not a 400)."""
    from cabildo.accounts.models import Role
    from cabildo.evaluation.models import Indicator

    client = _english(staff_client(Role.PARTICIPATION_LEAD, entity))
    content = client.get(reverse("evaluation:indicator_matrix_export")).content
    assert "Sí" in [c for row in _cells(content) for c in row]
    response = client.post(
        reverse("evaluation:indicator_matrix_import"),
        {"file": SimpleUploadedFile("s.xlsx", content)},
    )
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "3</strong> unchanged rows" in page
    response = client.post(response["Location"], {"confirm": "1"}, follow=True)
    assert "Import applied: 0 new rows, 0 changed, 3 unchanged." in response.content.decode()
    assert Indicator.objects.filter(entity=entity, is_active=True).count() == 2


def test_background_reading_result_link_leads_to_the_preview(
    staff_client, entity, indicators, monkeypatch
):
    """A large file waits for the worker; the page polls (htmx) and, once read, links to the
    preview. An English export read in the background failed before, so the link led to an
    error list instead of the preview."""
    from cabildo.accounts.models import Role
    from cabildo.matrices import tasks
    from cabildo.matrices.models import MatrixImport, MatrixImportStatus

    monkeypatch.setattr(engine, "SYNC_MAX_BYTES", 0)
    monkeypatch.setattr(tasks.read_matrix, "delay", lambda job_id: None)  # no worker yet
    client = _english(staff_client(Role.PARTICIPATION_LEAD, entity))
    content = client.get(reverse("evaluation:indicator_matrix_export")).content
    response = client.post(
        reverse("evaluation:indicator_matrix_import"),
        {"file": SimpleUploadedFile("grande.xlsx", content)},
    )
    url = response["Location"]
    job = MatrixImport.objects.get()
    assert job.status == MatrixImportStatus.READING
    assert "Reading the file: 0 % done" in client.get(url).content.decode()
    poll = client.get(url, headers={"HX-Request": "true"})
    assert "<progress" in poll.content.decode() and "<html" not in poll.content.decode()
    assert "HX-Request" in poll["Vary"]  # the fragment is never served for the page
    engine.matrix_import_read(job_id=job.pk)
    poll = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert "See the result of the reading" in poll and f'href="{url}"' in poll
    page = client.get(url).content.decode()
    assert 'id="import-summary"' in page and "3</strong> unchanged rows" in page
