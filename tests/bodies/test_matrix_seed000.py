"""The instancias matrix by year with seed 000's characterization variables (Itagüí):
normas que la regulan, funciones, alcance and periodicidad; errors in one pass."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from cabildo.accounts.models import Role
from cabildo.bodies.matrix import export_matrix
from cabildo.bodies.models import BodyCharacterization, ParticipationBody
from cabildo.matrices.services import matrix_import_run
from tests.bodies.factories import BodyCharacterizationFactory, ParticipationBodyFactory

pytestmark = pytest.mark.django_db


def import_matrix(*, entity, year, file):
    return matrix_import_run(entity=entity, kind="instancias", target=year, file=file)


SEED_000 = {
    "regulating_norms": "Ley 1622 de 2013; Ley 1885 de 2018",
    "functions": "Actuar como mecanismo de interlocución de la juventud ante la administración",
    "scope": "Municipal",
    "meeting_frequency": "mensual",
}


def _rows(content: bytes) -> list[list]:
    return [list(r) for r in load_workbook(io.BytesIO(content)).active.iter_rows(values_only=True)]


def test_export_carries_seed_000_variables_and_the_chosen_year(entity):
    body = ParticipationBodyFactory(entity=entity, name="Consejo Municipal de Juventud", **SEED_000)
    BodyCharacterizationFactory(
        entity=entity,
        body=body,
        year=2023,
        sessions_held_correction=4,
        sessions_held_reason="Actas sin cargar",
    )
    BodyCharacterizationFactory(
        entity=entity,
        body=body,
        year=2024,
        sessions_held_correction=9,
        sessions_held_reason="Actas sin cargar",
    )
    header, row = _rows(export_matrix(entity=entity, year=2023))[:2]
    values = dict(zip(header, row, strict=True))
    assert values["Normas que la regulan"] == SEED_000["regulating_norms"]
    assert values["Funciones"] == SEED_000["functions"]
    assert values["Alcance"] == "Municipal"
    assert values["Periodicidad de las reuniones"] == "Mensual"
    assert values["Sesiones realizadas"] == 4
    header, row = _rows(export_matrix(entity=entity, year=2024))[:2]
    assert dict(zip(header, row, strict=True))["Sesiones realizadas"] == 9


def test_round_trip_keeps_the_variables(entity):
    body = ParticipationBodyFactory(
        entity=entity, name="Consejo Territorial de Planeación", **SEED_000
    )
    BodyCharacterizationFactory(entity=entity, body=body, year=2024)
    content = export_matrix(entity=entity, year=2024)
    ParticipationBody.objects.filter(pk=body.pk).update(
        functions="", scope="", meeting_frequency=""
    )
    result = import_matrix(entity=entity, year=2024, file=SimpleUploadedFile("m.xlsx", content))
    assert result.errors == []
    body.refresh_from_db()
    assert {k: getattr(body, k) for k in SEED_000} == SEED_000


def test_cell_errors_and_model_errors_in_one_pass(entity):
    ParticipationBodyFactory(entity=entity, name="Mesa de víctimas", **SEED_000)
    ParticipationBodyFactory(entity=entity, name="Consejo de cultura")
    content = export_matrix(entity=entity, year=2024)
    sheet = load_workbook(io.BytesIO(content)).active
    header = [c.value for c in sheet[1]]
    sheet.cell(row=2, column=header.index("Periodicidad de las reuniones") + 1, value="Lunar")
    # Second row: a formal body without its act number (a rule of the model, not of the cell).
    sheet.cell(row=3, column=header.index("Formal") + 1, value="Sí")
    sheet.cell(row=3, column=header.index("Número del acto") + 1, value="")
    buffer = io.BytesIO()
    sheet.parent.save(buffer)
    result = import_matrix(
        entity=entity, year=2024, file=SimpleUploadedFile("m.xlsx", buffer.getvalue())
    )
    rows = {e.row for e in result.errors}
    assert rows == {2, 3}, result.errors
    assert BodyCharacterization.objects.count() == 0


def test_the_list_offers_the_year_of_the_export(staff_client, entity):
    body = ParticipationBodyFactory(entity=entity)
    BodyCharacterizationFactory(
        entity=entity,
        body=body,
        year=2022,
        sessions_held_correction=7,
        sessions_held_reason="Actas sin cargar",
    )
    client = staff_client(Role.PARTICIPATION_LEAD, entity)
    page = client.get(reverse("bodies:list")).content.decode()
    assert 'name="anio"' in page
    response = client.get(reverse("bodies:matrix_export"), {"anio": "2022"})
    assert response["Content-Disposition"].endswith('2022.xlsx"')
    header, row = _rows(response.content)[:2]
    assert dict(zip(header, row, strict=True))["Sesiones realizadas"] == 7
