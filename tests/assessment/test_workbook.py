"""The autodiagnóstico workbook on the shared matrix engine (cabildo.matrices): export, read,
preview field by field, confirm in one transaction with its audit record (issue 19)."""

import io
import time
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import translation
from openpyxl import Workbook, load_workbook

from cabildo.accounts.models import Role
from cabildo.assessment import workbook
from cabildo.assessment.models import ActivityScore
from cabildo.matrices import services as engine
from cabildo.matrices.models import MatrixImport, MatrixImportStatus
from tests.assessment.factories import SelfAssessmentFactory, scored_assessment

pytestmark = pytest.mark.django_db

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
KIND = "autodiagnostico"


def _snapshot(assessment):
    return [
        (s.activity.code, s.score, s.observations)
        for s in assessment.scores.select_related("activity").order_by("activity__order")
    ]


def _prepare(assessment, content, user=None):
    return engine.matrix_import_prepare(
        entity=assessment.entity, kind=KIND, target=assessment.pk, file=content, user=user
    )


def _run(assessment, content, user=None):
    return engine.matrix_import_run(
        entity=assessment.entity, kind=KIND, target=assessment.pk, file=content, user=user
    )


def _book(rows, sheet="Autodiagnóstico", header=workbook.HEADERS, above=()):
    wb = Workbook()
    ws = wb.active
    ws.title = sheet
    for row in above:
        ws.append(row)
    ws.append(header)
    for row in rows:
        ws.append(row)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _row(activity, score, obs=None):
    return ["C", None, "Cat", None, activity.text, score, obs]


def _activities(assessment):
    return list(assessment.catalogue_version.activities.order_by("order"))


def _edit(content: bytes, edits: dict[tuple[int, int], object]) -> bytes:
    """Set cells of the exported workbook: ``{(data row 0-based, column 1-based): value}``."""
    book = load_workbook(io.BytesIO(content))
    sheet = book.active
    for (index, column), value in edits.items():
        sheet.cell(row=2 + index, column=column).value = value  # None clears it
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


# ---------------------------------------------------------------- export


def test_export_layout(entity):
    assessment = scored_assessment(entity, scores=[100, 50] + [None] * 30)
    wb = load_workbook(io.BytesIO(workbook.export_assessment(assessment=assessment)))
    assert wb.sheetnames == ["Autodiagnóstico"]
    ws = wb["Autodiagnóstico"]
    assert [c.value for c in ws[1]] == workbook.HEADERS
    assert ws.freeze_panes == "A2" and ws.auto_filter.ref.startswith("A1:G")
    assert ws.cell(row=2, column=6).value == 100
    assert ws.cell(row=2, column=4).value == 75  # category rating
    assert ws.cell(row=2, column=6).fill.fgColor.rgb.endswith(
        workbook.scoring.level_for(100).colour.lstrip("#").upper()
    )
    assert ws.cell(row=4, column=6).value is None  # blank stays blank
    assert "Calificación total" in [c.value for c in ws["A"]]


def test_export_view(staff_client, entity):
    client = staff_client(Role.VIEWER)
    assessment = scored_assessment(entity)
    response = client.get(reverse("assessment:export", args=[assessment.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    assert f"autodiagnostico-{assessment.year}.xlsx" in response["Content-Disposition"]
    load_workbook(io.BytesIO(response.content))["Autodiagnóstico"]


# ---------------------------------------------------------------- round trip


def test_export_then_import_changes_nothing(entity):
    scores = [i * 3 for i in range(32)]
    scores[5] = None
    assessment = scored_assessment(entity, scores=scores, closed=False)
    assessment.scores.filter(activity__code="PC02").update(observations="=Acta 5 – señal ñ")
    before = _snapshot(assessment)
    result = _prepare(assessment, workbook.export_assessment(assessment=assessment))
    assert result.errors == []
    preview = engine.matrix_import_preview(pending=result.pending)
    assert (len(preview.new), len(preview.changed), len(preview.absent)) == (0, 0, 0)
    assert len(preview.unchanged) == 32
    outcome = _run(assessment, workbook.export_assessment(assessment=assessment))
    assert (outcome.created, outcome.updated, outcome.unchanged) == (0, 0, 32)
    assert _snapshot(assessment) == before


def test_the_workbook_of_another_year_imports_by_activity(entity):
    scores = [i * 3 for i in range(32)]
    scores[5] = None
    source = scored_assessment(entity, scores=scores, year=2023)
    source.scores.filter(activity__code="PC02").update(observations="Acta 5 – señalización ñ")
    target = SelfAssessmentFactory(entity=entity, year=2024)
    outcome = _run(target, workbook.export_assessment(assessment=source))
    assert outcome.errors == [] and outcome.updated == 31
    assert _snapshot(target) == _snapshot(source)


def test_export_in_english_is_the_spanish_workbook_and_imports(entity):
    """A matrix file is Spanish whatever the interface's language (issue 19)."""
    source = scored_assessment(entity, scores=[100, 50] + [None] * 30, year=2023)
    with translation.override("en"):
        data = workbook.export_assessment(assessment=source)
    ws = load_workbook(io.BytesIO(data))["Autodiagnóstico"]
    assert [c.value for c in ws[1]] == workbook.HEADERS
    assert "Calificación total" in [c.value for c in ws["A"]]
    target = SelfAssessmentFactory(entity=entity, year=2024)
    with translation.override("en"):
        assert _run(target, data).updated == 2
    assert _snapshot(target) == _snapshot(source)


def test_edited_cells_are_exactly_the_changes_field_by_field_and_the_audit_record(
    entity, make_member
):
    assessment = scored_assessment(entity, scores=[10, 20, 30] + [None] * 29, closed=False)
    user = make_member(Role.PARTICIPATION_LEAD, entity)
    acts = _activities(assessment)
    content = _edit(
        workbook.export_assessment(assessment=assessment),
        {(0, 7): "Nueva nota", (1, 6): 25, (2, 6): None},
    )
    before = _snapshot(assessment)
    result = _prepare(assessment, content, user=user)
    preview = engine.matrix_import_preview(pending=result.pending)
    changes = {
        (row.object_id, c.field): (c.old, c.new) for row in preview.changed for c in row.changes
    }
    score = {a.pk: assessment.scores.get(activity=a).pk for a in acts[:3]}
    assert changes == {
        (score[acts[0].pk], "observations"): ("", "Nueva nota"),
        (score[acts[1].pk], "score"): ("20", "25"),
        (score[acts[2].pk], "score"): ("30", ""),
    }
    assert len(preview.unchanged) == 29
    assert _snapshot(assessment) == before  # nothing written before the confirmation
    engine.matrix_import_apply(pending=result.pending, user=user)
    rows = [assessment.scores.get(activity=a) for a in acts[:3]]
    assert [(r.score, r.observations) for r in rows] == [(10, "Nueva nota"), (25, ""), (None, "")]
    assert rows[1].scored_by == user
    assert _snapshot(assessment)[3:] == before[3:]
    record = MatrixImport.objects.get(pk=result.pending.pk)
    assert record.status == MatrixImportStatus.APPLIED and record.user == user
    assert (record.kind, record.target, record.updated_count, record.unchanged_count) == (
        KIND,
        assessment.pk,
        3,
        29,
    )


# ---------------------------------------------------------------- bad files and values


def test_plausible_bad_values_are_clear_spanish_row_errors_and_nothing_is_stored(entity):
    assessment = SelfAssessmentFactory(entity=entity)
    acts = _activities(assessment)
    data = _book(
        [
            _row(acts[0], 80),
            _row(acts[1], 150),
            _row(acts[2], "bueno"),
            ["C", None, "Cat", None, "Una actividad inventada", 50, None],
            _row(acts[3], -2),
            _row(acts[4], 70.5),
            _row(acts[0], 60),
        ]
    )
    result = _prepare(assessment, data)
    found = {(e.row, e.column.split(" ")[0]): e.message for e in result.errors}
    assert "fuera del rango 0 a 100" in found[(3, "F")]
    assert "«bueno» no es un puntaje" in found[(4, "F")]
    assert "no está en el catálogo MIPG" in found[(5, "E")]
    assert "fuera del rango" in found[(6, "F")]
    assert "fuera del rango" in found[(7, "F")]
    assert "va una sola vez" in found[(8, "E")]
    assert str(result.errors[0]).startswith("fila 3, columna F (Puntaje)")
    assert result.pending is None and not MatrixImport.objects.exists()
    assert not ActivityScore.objects.filter(score__isnull=False).exists()


@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        (b"", "está vacío"),
        (b"hola", "no es un libro de Excel (.xlsx) ni un CSV"),
        (b"PK\x03\x04not a zip", "no es un libro de Excel (.xlsx) válido"),
        (_book([], sheet="Hoja1", header=["A", "B"]), "No se encontró la fila de encabezados"),
    ],
)
def test_a_bad_file_is_one_clear_error_and_stores_nothing(entity, content, fragment):
    assessment = SelfAssessmentFactory(entity=entity)
    result = _prepare(assessment, content)
    assert len(result.errors) == 1 and fragment in result.errors[0].message
    assert not MatrixImport.objects.exists()


def test_a_zip_that_is_not_a_workbook(entity):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("notas.txt", "hola")
    result = _prepare(SelfAssessmentFactory(entity=entity), buffer.getvalue())
    assert "es un .zip pero no un libro de Excel" in result.errors[0].message


def test_a_closed_assessment_takes_no_import(entity):
    assessment = scored_assessment(entity)
    result = _prepare(assessment, workbook.export_assessment(assessment=assessment))
    assert [e.message for e in result.errors] == [
        "El autodiagnóstico está cerrado y no se puede modificar."
    ]


def test_moved_columns_extra_columns_and_observations_kept_without_their_column(entity):
    assessment = SelfAssessmentFactory(entity=entity)
    acts = _activities(assessment)
    assessment.scores.filter(activity=acts[0]).update(score=10, observations="Acta 1")
    data = _book(
        [[99, 80, "no se lee", acts[0].text, 98], [None, 60, None, acts[1].text, None]],
        header=["Calificación", "Puntaje", "Nota", "Actividades de gestión", "Calificación"],
    )
    assert _run(assessment, data).updated == 2
    first, second = (assessment.scores.get(activity=a) for a in acts[:2])
    assert (first.score, first.observations) == (80, "Acta 1")
    assert second.score == 60
    bad = _book(
        [["ochenta", acts[0].text], [50, "Otra cosa"]], header=["Puntaje", "Actividades de gestión"]
    )
    errors = _prepare(assessment, bad).errors
    assert [(e.row, e.column[0]) for e in errors] == [(2, "A"), (3, "B")]  # the file's letters


def test_official_layout_with_title_rows_and_a_total_row(entity):
    """The Función Pública workbook has title rows above the header, says "Componentes", and
    ends with the total; activity texts may differ in case and spacing."""
    assessment = SelfAssessmentFactory(entity=entity)
    acts = _activities(assessment)
    above = [
        ["AUTODIAGNÓSTICO DE GESTIÓN POLÍTICA DE PARTICIPACIÓN CIUDADANA"],
        ["Entidad:", "Municipio A"],
        [],
    ]
    header = ["Componentes", *workbook.HEADERS[1:]]
    rows = [
        ["C", 50, "Cat", 50, "  " + acts[0].text.upper() + " ", 65, None],
        [None, None, None, None, acts[1].text, "abc", None],
        ["Calificación total", 56.5, "Nivel 3", None, None, None, None],
    ]
    errors = _prepare(assessment, _book(rows, header=header, above=above)).errors
    assert [(e.row, e.column[0]) for e in errors] == [(6, "F")]
    del rows[1]
    assert _run(assessment, _book(rows, header=header, above=above)).updated == 1
    assert assessment.scores.get(activity=acts[0]).score == 65


def _with_empty_rows(data: bytes, count: int) -> bytes:
    """The workbook with ``count`` styled empty rows after the data (a sheet formatted down
    to row 1,000,000)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    sheet = source.read("xl/worksheets/sheet1.xml").decode()
    first = sheet.count("<row ") + 1
    rows = "".join(f'<row r="{n}"><c r="A{n}" s="0"/></row>' for n in range(first, first + count))
    sheet = sheet.replace("</sheetData>", rows + "</sheetData>")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = sheet.encode() if info.filename == "xl/worksheets/sheet1.xml" else None
            target.writestr(info.filename, content or source.read(info.filename))
    return buffer.getvalue()


def test_a_million_empty_rows_cost_almost_nothing(entity):
    assessment = SelfAssessmentFactory(entity=entity)
    activity = _activities(assessment)[0]
    data = _with_empty_rows(_book([_row(activity, 70)]), 1_000_000)
    started = time.process_time()
    result = _prepare(assessment, data)
    assert time.process_time() - started < 3
    assert result.errors == [] and len(result.pending.rows) == 1


# ---------------------------------------------------------------- views


def test_views_upload_preview_confirm(staff_client, entity, make_member):
    client = staff_client(Role.PARTICIPATION_LEAD)
    assessment = SelfAssessmentFactory(entity=entity)
    acts = _activities(assessment)
    url = reverse("assessment:import", args=[assessment.pk])
    page = client.get(url).content.decode()
    assert "Calificación | Categoría | Calificación" in page
    bad = SimpleUploadedFile("a.xlsx", _book([_row(acts[0], 70), _row(acts[1], "x")]), XLSX)
    response = client.post(url, {"file": bad})
    page = response.content.decode()
    assert response.status_code == 400 and "no se guardó nada" in page
    assert "F (Puntaje)" in page and "«x» no es un puntaje" in page
    assert not MatrixImport.objects.exists()
    assert not ActivityScore.objects.filter(score__isnull=False).exists()
    good = SimpleUploadedFile("a.xlsx", _book([_row(acts[0], 70, "Acta 3")]), XLSX)
    response = client.post(url, {"file": good})
    assert response.status_code == 302
    preview_url = response["Location"]
    page = client.get(preview_url).content.decode()
    assert "Revisar la importación" in page and acts[0].code in page
    assert "<ins>Acta 3</ins>" in page and "<ins>70</ins>" in page
    assert not ActivityScore.objects.filter(score__isnull=False).exists()  # nothing yet
    other = Client()
    other.force_login(make_member(Role.PARTICIPATION_LEAD, entity))
    assert other.get(preview_url).status_code == 404  # only the uploader sees it
    response = client.post(preview_url, {"confirm": "1"}, follow=True)
    assert "Importación aplicada: 0 filas nuevas, 1 modificada" in response.content.decode()
    assert response.redirect_chain[-1][0].endswith(
        reverse("assessment:detail", args=[assessment.pk])
    )
    row = assessment.scores.get(activity=acts[0])
    assert (row.score, row.observations) == (70, "Acta 3")
    assert client.get(preview_url).status_code == 404  # applied: no longer pending


def test_views_refuse_a_wrong_file_type_and_the_viewer(staff_client, entity):
    assessment = SelfAssessmentFactory(entity=entity)
    url = reverse("assessment:import", args=[assessment.pk])
    viewer = staff_client(Role.VIEWER)
    assert viewer.get(url).status_code == 403
    data = _book([_row(_activities(assessment)[0], 70)])
    assert viewer.post(url, {"file": SimpleUploadedFile("a.xlsx", data, XLSX)}).status_code == 403
    client = staff_client(Role.PARTICIPATION_LEAD)
    response = client.post(url, {"file": SimpleUploadedFile("a.pdf", b"%PDF-1.4")})
    assert response.status_code == 200 and "debe ser un libro de Excel" in response.content.decode()
    assert not MatrixImport.objects.exists()


def test_another_entitys_assessment_is_404(staff_client, entity, other_entity):
    client = staff_client(Role.PARTICIPATION_LEAD)
    foreign = SelfAssessmentFactory(entity=other_entity)
    assert client.get(reverse("assessment:import", args=[foreign.pk])).status_code == 404


def test_the_old_confirmation_address_leads_to_the_import_page(staff_client, entity):
    client = staff_client(Role.PARTICIPATION_LEAD)
    assessment = SelfAssessmentFactory(entity=entity)
    old = reverse("assessment:import_confirm", args=[assessment.pk])
    response = client.post(old, {"token": "x"})
    assert response.status_code == 302
    assert response["Location"].endswith(reverse("assessment:import", args=[assessment.pk]))
