import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from cabildo.accounts.models import Role
from cabildo.assessment import workbook
from cabildo.assessment.models import ActivityScore
from tests.assessment.factories import SelfAssessmentFactory, scored_assessment

pytestmark = pytest.mark.django_db

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _snapshot(assessment):
    return [
        (s.activity.code, s.score, s.observations)
        for s in assessment.scores.select_related("activity").order_by("activity__order")
    ]


def test_export_layout(entity):
    assessment = scored_assessment(entity, scores=[100, 50] + [None] * 30)
    data = workbook.export_assessment(assessment=assessment)
    wb = load_workbook(io.BytesIO(data))
    assert "Autodiagnóstico" in wb.sheetnames
    ws = wb["Autodiagnóstico"]
    assert [c.value for c in ws[1]] == workbook.HEADERS
    assert ws.cell(row=2, column=6).value == 100
    assert ws.cell(row=2, column=4).value == 75.0  # category rating
    assert ws.cell(row=4, column=6).value is None  # blank stays blank


def test_round_trip(entity):
    scores = [i * 3 for i in range(32)]
    scores[5] = None
    source = scored_assessment(entity, scores=scores, year=2023)
    source.scores.filter(activity__code="PC02").update(observations="Acta 5 – señalización ñ")
    data = workbook.export_assessment(assessment=source)
    target = SelfAssessmentFactory(entity=entity, year=2024)
    changed = workbook.import_assessment(assessment=target, user=None, data=data)
    assert changed == 31
    assert _snapshot(target) == _snapshot(source)


def test_export_in_english_is_the_spanish_workbook_and_imports(entity):
    """A matrix file is Spanish whatever the interface's language (issue 19)."""
    from django.utils import translation

    source = scored_assessment(entity, scores=[100, 50] + [None] * 30, year=2023)
    with translation.override("en"):
        data = workbook.export_assessment(assessment=source)
    ws = load_workbook(io.BytesIO(data))["Autodiagnóstico"]
    assert "Calificación total" in [c.value for c in ws["A"]]
    target = SelfAssessmentFactory(entity=entity, year=2024)
    with translation.override("en"):
        assert workbook.import_assessment(assessment=target, user=None, data=data) == 2
    assert _snapshot(target) == _snapshot(source)


def _book(rows, sheet="Autodiagnóstico", header=workbook.HEADERS):
    wb = Workbook()
    ws = wb.active
    ws.title = sheet
    ws.append(header)
    for row in rows:
        ws.append(row)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _row(activity, score, obs=None):
    return ["C", None, "Cat", None, activity.text, score, obs]


def test_import_wrong_sheet(entity):
    assessment = SelfAssessmentFactory(entity=entity)
    with pytest.raises(ValidationError) as exc:
        workbook.import_assessment(assessment=assessment, user=None, data=_book([], sheet="Hoja1"))
    assert "no tiene la hoja «Autodiagnóstico»" in str(exc.value)


def test_import_errors_by_row_and_column_and_nothing_saved(entity):
    assessment = SelfAssessmentFactory(entity=entity)
    acts = list(assessment.catalogue_version.activities.order_by("order"))
    data = _book(
        [
            _row(acts[0], 80),
            _row(acts[1], 150),
            _row(acts[2], "bueno"),
            ["C", None, "Cat", None, "Una actividad inventada", 50, None],
            _row(acts[3], -2),
        ]
    )
    with pytest.raises(ValidationError) as exc:
        workbook.import_assessment(assessment=assessment, user=None, data=data)
    messages = exc.value.messages
    assert any(m.startswith("Fila 3, columna F") and "fuera del rango" in m for m in messages)
    assert any(m.startswith("Fila 4, columna F") and "no es un puntaje" in m for m in messages)
    assert any(m.startswith("Fila 5, columna E") and "no corresponde" in m for m in messages)
    assert any(m.startswith("Fila 6, columna F") for m in messages)
    assert not ActivityScore.objects.filter(score__isnull=False).exists()


def test_import_not_excel(entity):
    assessment = SelfAssessmentFactory(entity=entity)
    with pytest.raises(ValidationError) as exc:
        workbook.import_assessment(assessment=assessment, user=None, data=b"hola")
    # A file-level error has no row or column ("Fila 0, columna -:" said nothing).
    assert exc.value.messages == ["El archivo no es un libro de Excel (.xlsx) válido."]


def test_import_wrong_headers(entity):
    assessment = SelfAssessmentFactory(entity=entity)
    wb = Workbook()
    wb.active.title = "Autodiagnóstico"
    wb.active.append(["A", "B"])
    buffer = io.BytesIO()
    wb.save(buffer)
    with pytest.raises(ValidationError) as exc:
        workbook.import_assessment(assessment=assessment, user=None, data=buffer.getvalue())
    assert "Encabezados inesperados" in str(exc.value)


def test_import_view_previews_then_saves_on_confirm(staff_client, entity):
    client = staff_client(Role.PARTICIPATION_LEAD)
    assessment = SelfAssessmentFactory(entity=entity)
    acts = list(assessment.catalogue_version.activities.order_by("order"))
    url = reverse("assessment:import", args=[assessment.pk])
    bad = SimpleUploadedFile("a.xlsx", _book([_row(acts[0], 70), _row(acts[1], "x")]), XLSX)
    response = client.post(url, {"file": bad})
    assert response.status_code == 200
    assert "Fila 3, columna F" in response.content.decode()
    assert not ActivityScore.objects.filter(score__isnull=False).exists()
    good = SimpleUploadedFile("a.xlsx", _book([_row(acts[0], 70, "Acta 3")]), XLSX)
    response = client.post(url, {"file": good})
    page = response.content.decode()
    assert response.status_code == 200 and "Revisar la importación" in page
    assert acts[0].code in page and "Acta 3" in page
    assert not ActivityScore.objects.filter(score__isnull=False).exists()  # nothing yet
    token = response.context["confirm_form"]["token"].value()
    confirm = reverse("assessment:import_confirm", args=[assessment.pk])
    response = client.post(confirm, {"token": token}, follow=True)
    assert "Libro importado: 1 actividad actualizada." in response.content.decode()
    row = assessment.scores.get(activity=acts[0])
    assert (row.score, row.observations) == (70, "Acta 3")


def test_confirm_refuses_a_stale_or_forged_preview(staff_client, entity):
    client = staff_client(Role.PARTICIPATION_LEAD)
    assessment = SelfAssessmentFactory(entity=entity)
    acts = list(assessment.catalogue_version.activities.order_by("order"))
    url = reverse("assessment:import", args=[assessment.pk])
    good = SimpleUploadedFile("a.xlsx", _book([_row(acts[0], 70)]), XLSX)
    token = client.post(url, {"file": good}).context["confirm_form"]["token"].value()
    confirm = reverse("assessment:import_confirm", args=[assessment.pk])
    response = client.post(confirm, {"token": token[:-3] + "abc"}, follow=True)
    assert "La vista previa no es válida." in response.content.decode()
    # Someone scores an activity between the preview and the confirmation.
    assessment.scores.filter(activity=acts[1]).update(score=40)
    response = client.post(confirm, {"token": token}, follow=True)
    assert "cambió después de la vista previa" in response.content.decode()
    assert assessment.scores.get(activity=acts[0]).score is None
    other = SelfAssessmentFactory(entity=entity, year=assessment.year - 1)
    response = client.post(
        reverse("assessment:import_confirm", args=[other.pk]), {"token": token}, follow=True
    )
    assert "La vista previa no es válida." in response.content.decode()


def test_preview_lists_changes_field_by_field_and_writes_nothing(entity):
    assessment = SelfAssessmentFactory(entity=entity)
    acts = list(assessment.catalogue_version.activities.order_by("order"))
    assessment.scores.filter(activity=acts[0]).update(score=10)
    assessment.scores.filter(activity=acts[1]).update(score=20)
    data = _book([_row(acts[0], 10, "Nueva nota"), _row(acts[1], 25), _row(acts[2], 5)])
    before = _snapshot(assessment)
    preview = workbook.import_preview(assessment=assessment, data=data)
    changes = {c.code: c for c in preview.changes}
    assert set(changes) == {acts[0].code, acts[1].code, acts[2].code}
    assert not changes[acts[0].code].score_changed
    assert changes[acts[0].code].new_observations == "Nueva nota"
    assert (changes[acts[1].code].old_score, changes[acts[1].code].new_score) == (20, 25)
    assert preview.unchanged == 29
    assert _snapshot(assessment) == before


def test_header_columns_assign_a_repeated_name_left_to_right():
    header = ["Componentes", "Calificación", "Categoría", "Calificación", "Actividades de gestión"]
    header += ["Puntaje", "Observaciones"]
    assert workbook.header_columns(header) == {i: i for i in range(7)}
    moved = ["Puntaje", "Nota interna", "Actividades de gestión", "Calificación", "Componente"]
    moved += ["  CALIFICACIÓN ", "Categoría"]
    assert workbook.header_columns(moved) == {5: 0, 4: 2, 1: 3, 0: 4, 3: 5, 2: 6}
    assert workbook.header_columns(["Componente", "Calificación", "Calificación"]) is None


def test_import_reads_moved_columns_and_keeps_observations_without_their_column(entity):
    assessment = SelfAssessmentFactory(entity=entity)
    acts = list(assessment.catalogue_version.activities.order_by("order"))
    assessment.scores.filter(activity=acts[0]).update(score=10, observations="Acta 1")
    data = _book(
        [[99, 80, "no se lee", acts[0].text, 98], [None, 60, None, acts[1].text, None]],
        header=["Calificación", "Puntaje", "Nota", "Actividades de gestión", "Calificación"],
    )
    assert workbook.import_assessment(assessment=assessment, user=None, data=data) == 2
    first, second = (assessment.scores.get(activity=a) for a in acts[:2])
    assert (first.score, first.observations) == (80, "Acta 1")
    assert second.score == 60
    bad = _book(
        [["ochenta", acts[0].text], [50, "Otra cosa"]], header=["Puntaje", "Actividades de gestión"]
    )
    with pytest.raises(ValidationError) as exc:
        workbook.import_assessment(assessment=assessment, user=None, data=bad)
    text = " ".join(exc.value.messages)
    assert "Fila 2, columna A" in text and "Fila 3, columna B" in text  # the file's letters


def test_export_view(staff_client, entity):
    client = staff_client(Role.VIEWER)
    assessment = scored_assessment(entity)
    response = client.get(reverse("assessment:export", args=[assessment.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    load_workbook(io.BytesIO(response.content))["Autodiagnóstico"]


def test_import_official_layout_with_title_rows(entity):
    """The Función Pública workbook has title rows above the header and says "Componentes"."""
    assessment = SelfAssessmentFactory(entity=entity)
    acts = list(assessment.catalogue_version.activities.order_by("order"))
    wb = Workbook()
    ws = wb.active
    ws.title = "Autodiagnóstico"
    ws.append(["AUTODIAGNÓSTICO DE GESTIÓN POLÍTICA DE PARTICIPACIÓN CIUDADANA"])
    ws.append(["Entidad:", "Municipio A"])
    ws.append([])
    ws.append(["Componentes", *workbook.HEADERS[1:]])
    ws.append(["C", 50, "Cat", 50, "  " + acts[0].text.upper() + " ", 65, None])
    ws.append([None, None, None, None, acts[1].text, "abc", None])
    buffer = io.BytesIO()
    wb.save(buffer)
    with pytest.raises(ValidationError) as exc:
        workbook.import_assessment(assessment=assessment, user=None, data=buffer.getvalue())
    assert exc.value.messages[0].startswith("Fila 6, columna F")
    ws.delete_rows(6)
    buffer = io.BytesIO()
    wb.save(buffer)
    workbook.import_assessment(assessment=assessment, user=None, data=buffer.getvalue())
    assert assessment.scores.get(activity=acts[0]).score == 65


def _with_empty_rows(data: bytes, count: int, *, filled: bool = False) -> bytes:
    """The workbook with ``count`` more rows after the data, empty (styled empty cells, as a
    sheet formatted down to row 1,000,000) or each holding an unknown activity."""
    import zipfile

    source = zipfile.ZipFile(io.BytesIO(data))
    sheet = source.read("xl/worksheets/sheet1.xml").decode()
    first = sheet.count("<row ") + 1
    if filled:
        rows = "".join(
            f'<row r="{n}"><c r="E{n}" t="inlineStr"><is><t>x</t></is></c></row>'
            for n in range(first, first + count)
        )
    else:
        rows = "".join(
            f'<row r="{n}"><c r="A{n}" s="0"/></row>' for n in range(first, first + count)
        )
    sheet = sheet.replace("</sheetData>", rows + "</sheetData>")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = sheet.encode() if info.filename == "xl/worksheets/sheet1.xml" else None
            target.writestr(info.filename, content or source.read(info.filename))
    return buffer.getvalue()


def test_a_million_empty_rows_cost_almost_nothing(entity):
    import time

    assessment = SelfAssessmentFactory(entity=entity)
    activity = assessment.catalogue_version.activities.order_by("order").first()
    data = _with_empty_rows(_book([_row(activity, 70)]), 1_000_000)
    assert len(data) < workbook.MAX_IMPORT_BYTES
    started = time.process_time()
    values, errors = workbook.parse_workbook(assessment=assessment, data=data)
    assert time.process_time() - started < 3  # it read ~200 rows, not a million
    assert errors == []
    assert values[activity.pk].score == 70


def test_too_many_rows_are_refused_without_reading_the_rest(entity):
    assessment = SelfAssessmentFactory(entity=entity)
    data = _with_empty_rows(_book([]), workbook.MAX_IMPORT_ROWS + 10, filled=True)
    values, errors = workbook.parse_workbook(assessment=assessment, data=data)
    assert values == {}
    assert len(errors) == 1 and "demasiadas filas" in str(errors[0])
    assert str(errors[0]).startswith(f"Fila {errors[0].row}: La hoja")  # no "columna -"
