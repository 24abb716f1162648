"""Indicators (seed 002's seguimiento matrix) and measurements on the shared import engine:
export → import is the identity, k edited cells are exactly k changes, seed 002's own rows
import (a month as PERIODICIDAD, qualitative goals), a changed measurement is a new version
with its reason."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook

from cabildo.accounts.models import Role
from cabildo.evaluation.matrix import IndicatorMatrix, MeasurementMatrix
from cabildo.evaluation.models import Indicator, Measurement, Periodicity
from cabildo.matrices import services as engine
from cabildo.matrices.models import MatrixImport
from tests.evaluation.factories import IndicatorFactory, MeasurementFactory
from tests.properties import examples

pytestmark = pytest.mark.django_db

# Seed 002 (FONDESER, seguimiento matrix), rows copied from ../shared/seeds/002_*.txt.
SEED_002 = [
    (
        "ACTIVIDADES DE GESTIÓN",
        "META",
        "UNIDAD DE MEDIDA",
        "INDICADOR",
        "RESPONSABLE",
        "PERIODICIDAD",
    ),
    (
        "A partir de los resultados de FURAG identificar y documentar las debilidades y "
        "fortalezas de la participación en la implementación de la Política de Participación "
        "Ciudadana, individualizandolas en cada uno de los ciclos de la gestión (participación "
        "en el diagnóstico, la formulación e implementación)",
        "Diseñar la política de Participación Ciudadana",
        "Participación Ciudadana",
        "Política de Participación Ciudadana formulada",
        "Todas las dependencias",
        "Diciembre",
    ),
    (
        "Validar con las áreas misionales y de apoyo si los grupos de ciudadanos, usuarios, o "
        "grupos de interés con los que trabajó en la vigencia anterior atienden a la "
        "caracterización, y clasifique la participación de dichos grupos en cada una de las "
        "fases del ciclo de la gestión (participación en el diagnóstico, la formulación e "
        "implementación)",
        "Caracterizar los grupos de valor",
        "Caracterización de los grupos de valor",
        "Número de grupos de valor caracterizados / Total de grupos de valor existentes",
        "Todas las dependencias",
        "Diciembre",
    ),
    (
        "Identificar en conjunto con las áreas misionales y de apoyo a la gestión, las metas y "
        "actividades que cada área realizará en las cuales tienen programado o debe involucrar "
        "a los ciudadanos, usuarios o grupos de interés caracterizados.",
        "Elaborar el plan de acción anual por procesos",
        "Plan de acción anual por procesos",
        "Plan de acción anual por procesos elaborado",
        "Todas las dependencias",
        "Diciembre",
    ),
    (
        "De las actividades ya identificadas determinar cuáles corresponden a participación en "
        "las fases del ciclo de la gestión y clasificarlas en cada una de ellas. (Participación "
        "en el diagnóstico, la implementación y evaluación de políticas, planes, programas o "
        "proyectos.)",
        "Elaborar el plan de acción anual por procesos",
        "Plan de acción anual por procesos",
        "Plan de acción anual por procesos elaborado",
        "Todas las dependencias",
        "Diciembre",
    ),
    (
        "Construir un mecanismo de recolección de información en el cual la entidad pueda "
        "sistematizar y hacer seguimiento a las observaciones de la ciudadanía y grupos de "
        "valor en el proceso de construcción del plan de participación.",
        "Registrar PQRS",
        "PQRS",
        "Base de datos de PQRS",
        "Todas las dependencias",
        "Diciembre",
    ),
]


def _workbook(rows) -> bytes:
    book = Workbook()
    for row in rows:
        book.active.append(list(row))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _edit(content: bytes, edits: dict[tuple[int, str], object], add: list | None = None) -> bytes:
    """Set cells of data rows (0-based) by header; append rows given as {header: value}."""
    book = load_workbook(io.BytesIO(content))
    sheet = book.active
    headers = {cell.value: cell.column for cell in sheet[1]}
    for (index, header), value in edits.items():
        sheet.cell(row=2 + index, column=headers[header]).value = value
    for row in add or []:
        line = sheet.max_row + 1
        for header, value in row.items():
            sheet.cell(row=line, column=headers[header], value=value)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _prepare(entity, kind, content, target=None, user=None):
    return engine.matrix_import_prepare(
        entity=entity, kind=kind, target=target, file=content, user=user
    )


@pytest.fixture
def indicators(entity):
    return [
        IndicatorFactory(entity=entity, order=1, periodicity=Periodicity.QUARTERLY),
        IndicatorFactory(entity=entity, order=2, due_month=12, goal="Diseñar la política"),
        IndicatorFactory(entity=entity, order=3, responsible="", target=Decimal("12.5")),
    ]


# ---------------------------------------------------------------- indicators


def test_seed_002_imports_with_month_and_qualitative_goals(entity):
    result = _prepare(entity, "indicadores", _workbook(SEED_002))
    assert result.errors == []
    preview = engine.matrix_import_preview(pending=result.pending)
    assert (len(preview.new), len(preview.changed)) == (5, 0)
    engine.matrix_import_apply(pending=result.pending, user=None)
    rows = list(Indicator.objects.for_entity(entity).order_by("pk"))
    assert len(rows) == 5
    first = rows[0]
    assert (first.periodicity, first.due_month, first.target) == ("anual", 12, Decimal(100))
    assert first.goal == "Diseñar la política de Participación Ciudadana"
    assert first.numerator_description and first.denominator_description
    # The same file again: every row recognised by activity and indicator, nothing changes.
    again = _prepare(entity, "indicadores", _workbook(SEED_002))
    preview = engine.matrix_import_preview(pending=again.pending)
    assert (len(preview.new), len(preview.changed), len(preview.unchanged)) == (0, 0, 5)
    # Exported, the sheet starts with the seed's six columns and writes "Diciembre" back.
    sheet = load_workbook(io.BytesIO(IndicatorMatrix(entity=entity).export_xlsx())).active
    header = [c.value for c in sheet[1]]
    assert tuple(header[:6]) == SEED_002[0] and header[-1] == "CLAVE"
    assert sheet.cell(row=2, column=6).value == "Diciembre"
    assert sheet.freeze_panes == "A2"


def test_indicator_export_then_import_changes_nothing(entity, indicators):
    content = IndicatorMatrix(entity=entity).export_xlsx()
    preview = engine.matrix_import_preview(pending=_prepare(entity, "indicadores", content).pending)
    assert (len(preview.new), len(preview.changed), len(preview.absent)) == (0, 0, 0)
    assert len(preview.unchanged) == 3
    csv = IndicatorMatrix(entity=entity).response(fmt="csv", delimiter=";").content
    assert csv.startswith("\ufeff".encode())
    preview = engine.matrix_import_preview(pending=_prepare(entity, "indicadores", csv).pending)
    assert (len(preview.changed), len(preview.unchanged)) == (0, 3)


COLUMNS = {
    "META": ("goal", st.text("abcñáé ", min_size=1, max_size=20).map(lambda t: "M" + t.strip())),
    "META NUMÉRICA (%)": ("target", st.integers(0, 1000)),
    "PERIODICIDAD": ("periodicity", st.sampled_from(["Mensual", "Semestral", "Junio"])),
    "RESPONSABLE": ("responsible", st.text("xyz", min_size=1, max_size=10)),
}


@settings(
    max_examples=examples(10),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(data=st.data())
def test_k_edited_indicator_cells_are_exactly_k_changes(entity, indicators, data):
    with transaction.atomic():
        cells = data.draw(
            st.sets(st.tuples(st.integers(0, 2), st.sampled_from(sorted(COLUMNS))), min_size=1)
        )
        edits = {cell: data.draw(COLUMNS[cell[1]][1]) for cell in cells}
        before = IndicatorMatrix(entity=entity).export_rows()
        current = {(i, header): str(before[i].get(COLUMNS[header][0]) or "") for i, header in cells}
        shown = {"anual": "Anual", "12": "Diciembre", "trimestral": "Trimestral"}
        expected = {
            cell
            for cell, value in edits.items()
            if str(value) != shown.get(current[cell], current[cell])
            and not (cell[1] == "META NUMÉRICA (%)" and Decimal(current[cell]) == value)
        }
        content = _edit(IndicatorMatrix(entity=entity).export_xlsx(), edits)
        pending = _prepare(entity, "indicadores", content).pending
        preview = engine.matrix_import_preview(pending=pending)
        found = {
            (next(i for i, r in enumerate(before) if r["key"] == f"I-{row.object_id}"), c.label)
            for row in preview.changed
            for c in row.changes
        }
        assert found == expected
        engine.matrix_import_apply(pending=pending, user=None)
        after = IndicatorMatrix(entity=entity).export_rows()
        changed_fields = {
            (i, key)
            for i, (old, new) in enumerate(zip(before, after, strict=True))
            for key in old
            if str(old[key]) != str(new[key])
        }
        assert changed_fields == {(i, COLUMNS[h][0]) for i, h in expected}
        transaction.set_rollback(True)


def test_indicator_bad_file_every_error_nothing_stored(entity, indicators):
    content = _edit(
        IndicatorMatrix(entity=entity).export_xlsx(),
        {
            (0, "PERIODICIDAD"): "Cada luna",
            (1, "CLAVE"): "I-999999",
            (2, "META NUMÉRICA (%)"): "mucho",
            (2, "INDICADOR"): None,
        },
    )
    result = _prepare(entity, "indicadores", content)
    messages = " ".join(str(e) for e in result.errors)
    assert result.pending is None and len(result.errors) == 4
    assert "Cada luna" in messages and "I-999999" in messages and "obligatorio" in messages
    wrong = _workbook([("NOMBRE", "OTRA COSA"), ("a", "b")])
    errors = _prepare(entity, "indicadores", wrong).errors
    assert len(errors) == 1 and "encabezados" in errors[0].message
    assert not MatrixImport.objects.exists()


# ---------------------------------------------------------------- measurements


def test_measurements_round_trip_new_values_and_versions(entity, indicators, make_member):
    user = make_member(Role.PARTICIPATION_LEAD, entity)
    yearly = indicators[1]
    MeasurementFactory(entity=entity, indicator=yearly, year=2026, period=1)
    matrix = MeasurementMatrix(entity=entity, target=2026)
    # 4 quarters + 1 year + 1 year: every period a row, measured or not.
    assert len(matrix.export_rows()) == 6
    content = matrix.export_xlsx()
    unchanged = engine.matrix_import_preview(
        pending=_prepare(entity, "mediciones", content, 2026, user).pending
    )
    assert (len(unchanged.changed), len(unchanged.unchanged)) == (0, 6)
    edited = _edit(
        content,
        {
            (0, "NUMERADOR"): 3,
            (0, "DENOMINADOR"): 4,
            (4, "NUMERADOR"): 7,  # the yearly indicator's recorded 6/8
        },
    )
    pending = _prepare(entity, "mediciones", edited, 2026, user).pending
    preview = engine.matrix_import_preview(pending=pending)
    assert len(preview.changed) == 2 and preview.change_count == 3
    with pytest.raises(Exception, match="motivo"):
        engine.matrix_import_apply(pending=pending, user=user)
    engine.matrix_import_apply(pending=pending, user=user, reason="Acta corregida")
    first = Measurement.objects.current().get(indicator=indicators[0], period=1)
    assert (first.value, first.version) == (Decimal("75.00"), 1)
    replaced = Measurement.objects.current().get(indicator=yearly, year=2026)
    assert (replaced.numerator, replaced.version, replaced.reason) == (7, 2, "Acta corregida")
    assert Measurement.objects.filter(indicator=yearly).count() == 2  # the old one is kept


def test_measurement_bad_rows(entity, indicators):
    content = MeasurementMatrix(entity=entity, target=2026).export_xlsx()
    edited = _edit(
        content,
        {(0, "NUMERADOR"): 3, (1, "NUMERADOR"): 2, (1, "DENOMINADOR"): 0},
        add=[{"INDICADOR": "No existe", "PERIODO": "2026", "NUMERADOR": 1, "DENOMINADOR": 1}],
    )
    errors = _prepare(entity, "mediciones", edited, 2026).errors
    assert len(errors) == 3
    assert "No existe" in " ".join(e.message for e in errors)


def test_a_result_too_large_to_record_is_refused_in_the_preview(entity, indicators):
    """Found by tests/matrices: 80,000 of 8 passed the preview and failed on confirming."""
    content = MeasurementMatrix(entity=entity, target=2026).export_xlsx()
    edited = _edit(content, {(0, "NUMERADOR"): 80000, (0, "DENOMINADOR"): 8})
    errors = _prepare(entity, "mediciones", edited, 2026).errors
    assert [("1.000.000 %" in e.message) for e in errors] == [True]
    assert not Measurement.objects.exists()


def test_indicator_views_export_upload_preview_confirm(staff_client, entity, indicators):
    client = staff_client(Role.PARTICIPATION_LEAD, entity)
    exported = client.get(reverse("evaluation:indicator_matrix_export"))
    assert exported.status_code == 200
    content = _edit(exported.content, {(0, "META"): "Meta corregida"})
    url = reverse("evaluation:indicator_matrix_import")
    assert client.get(url).status_code == 200
    response = client.post(url, {"file": SimpleUploadedFile("s.xlsx", content)})
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "<ins>Meta corregida</ins>" in page
    response = client.post(response["Location"], {"confirm": "1"}, follow=True)
    assert "1 modificada" in response.content.decode()
    assert Indicator.objects.filter(goal="Meta corregida").count() == 1
    year = client.get(reverse("evaluation:measurement_matrix_export") + "?anio=2026")
    assert year.status_code == 200 and year["Content-Type"].startswith("application/vnd")
    assert client.get(reverse("evaluation:measurement_matrix_import")).status_code == 200
