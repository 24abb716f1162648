"""The plan de mejoramiento in seed 003's own format (Cartago's approved PC.PL.002)."""

import datetime
import io
from pathlib import Path

import pytest
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from cabildo.accounts.models import Role
from cabildo.assessment import plan_matrix, services
from cabildo.assessment.models import ActionStatus, ImprovementAction
from cabildo.matrices.services import matrix_import_run
from tests.assessment.factories import scored_assessment
from tests.factories import AreaFactory, EntityFactory

pytestmark = pytest.mark.django_db


def plan_import(*, plan, file):
    return matrix_import_run(
        entity=plan.entity, kind="plan-de-mejoramiento", target=plan.pk, file=file
    )


# The rows of seed 003 as transcribed (letterhead and header repeated on every page).
SEED = Path(__file__).parent / "data" / "seed003_plan_de_mejoramiento.tsv"


def _seed_workbook() -> bytes:
    book = Workbook()
    sheet = book.active
    for line in SEED.read_text(encoding="utf-8").splitlines():
        sheet.append([cell.strip() or None for cell in line.split("\t")])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _data_rows() -> list[list[str]]:
    rows = []
    for line in SEED.read_text(encoding="utf-8").splitlines():
        cells = line.split("\t")
        if (
            len(cells) >= 4
            and cells[1]
            and cells[1] != "ACTIVIDADES DE GESTIÓN"
            and "Nit:" not in cells[1]
            and "PLAN DE MEJORAMIENTO" not in cells[1]
        ):
            rows.append(cells)
    return rows


@pytest.fixture
def cartago(db):
    return EntityFactory(
        slug="cartago-mej", name="Concejo Municipal de Cartago", nit="900.215.967-5"
    )


@pytest.fixture
def plan(cartago):
    return services.plan_generate(
        assessment=scored_assessment(cartago, scores=[90] * 32, year=2024), threshold_level=1
    )


def test_seed_003_workbook_imports_every_action(plan):
    assert plan.actions.count() == 0  # a high-scoring assessment proposes nothing
    result = plan_import(plan=plan, file=_seed_workbook())
    assert result.errors == []
    rows = _data_rows()
    assert result.created == len(rows) == plan.actions.count()
    first = plan.actions.get(activity__code="PC01")
    assert first.improvement_alternative.startswith("Diseñar e implementar mejoras")
    assert first.deadline_months == 5
    assert plan.actions.filter(deadline_months=3).exists()
    for cells in rows:  # every row landed on its catalogue activity, with its duration
        action = plan.actions.get(activity__text=cells[1].strip())
        months = int(cells[3].split()[0]) if cells[3].strip() else None
        assert (action.improvement_alternative, action.deadline_months) == (
            cells[2].strip(),
            months,
        )
    plan.refresh_from_db()
    assert plan.document_code == "PC.PL.002"
    assert plan.approved_on == datetime.date(2024, 5, 21)
    # Deadlines in months run from the approval date.
    first.refresh_from_db()
    assert first.due_date == datetime.date(2024, 10, 21)


def test_exported_again_it_reads_in_the_same_five_columns(plan):
    plan_import(plan=plan, file=_seed_workbook())
    sheet = load_workbook(io.BytesIO(plan_matrix.export_xlsx(plan=plan))).active
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    header_index = next(i for i, r in enumerate(rows) if r[0] == "CATEGORÍAS")
    assert tuple(rows[header_index][:5]) == plan_matrix.SEED_HEADERS
    assert rows[header_index][5:] == ["RESPONSABLE", "ESTADO", "AVANCE", "CÓDIGO", "CLAVE"]
    first = rows[header_index + 1]
    assert first[0].startswith("Realizar el diagnóstico del estado actual")
    assert first[3] == "5 meses"
    assert first[4] == "Verificar la eficacia de la acción implementada"
    assert any("Nit: 900.215.967-5" in str(r[0]) for r in rows[:header_index])
    assert sheet.freeze_panes == f"A{header_index + 2}"


def test_round_trip_changes_nothing(plan):
    plan_import(plan=plan, file=_seed_workbook())
    fields = ("activity_id", "improvement_alternative", "deadline_months", "deadline", "area_id")
    before = sorted(plan.actions.values_list(*fields))
    result = plan_import(plan=plan, file=plan_matrix.export_xlsx(plan=plan))
    assert result.errors == [] and result.created == 0 and result.updated == 0
    assert sorted(plan.actions.values_list(*fields)) == before


def test_extra_columns_status_and_progress(plan, cartago):
    area = AreaFactory(entity=cartago, name="Secretaría General")
    plan_import(plan=plan, file=_seed_workbook())
    sheet = load_workbook(io.BytesIO(plan_matrix.export_xlsx(plan=plan))).active
    header = next(r[0].row for r in sheet.iter_rows() if r[0].value == "CATEGORÍAS")
    sheet.cell(row=header + 1, column=6, value="Secretaría General")
    sheet.cell(row=header + 1, column=7, value="En curso")
    sheet.cell(row=header + 1, column=8, value=0.4)
    buffer = io.BytesIO()
    sheet.parent.save(buffer)
    result = plan_import(plan=plan, file=buffer.getvalue())
    assert result.errors == []
    action = plan.actions.get(activity__code="PC01")
    assert (action.area, action.status, action.progress) == (area, ActionStatus.IN_PROGRESS, 40)


def test_unknown_activity_and_bad_duration_every_error_nothing_saved(plan):
    book = Workbook()
    sheet = book.active
    sheet.append(list(plan_matrix.SEED_HEADERS))
    sheet.append(["X", "Sembrar árboles en el parque", "Algo", "5 meses", ""])
    sheet.append(["", _data_rows()[0][1], "Algo", "pronto", ""])
    buffer = io.BytesIO()
    book.save(buffer)
    result = plan_import(plan=plan, file=buffer.getvalue())
    where = {(e.row, e.column) for e in result.errors}
    assert where == {(2, "B (ACTIVIDADES DE GESTIÓN)"), (3, "D (FECHA)")}
    assert ImprovementAction.objects.count() == 0


def test_a_new_plan_starts_from_last_years_actions(plan, cartago):
    plan_import(plan=plan, file=_seed_workbook())
    new = services.plan_generate(
        assessment=scored_assessment(cartago, scores=[90] * 32, year=2025), threshold_level=1
    )
    carried = plan_matrix.plan_start_from_previous(plan=new)
    assert carried == plan.actions.count() == new.actions.count()
    action = new.actions.get(activity__code="PC01")
    assert action.improvement_alternative.startswith("Diseñar e implementar mejoras")
    assert action.deadline_months == 5


def test_import_view(staff_client, plan, cartago):
    client = staff_client(Role.PARTICIPATION_LEAD, cartago)
    url = reverse("assessment:plan_import", args=[plan.pk])
    assert client.get(url).status_code == 200
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client.post(url, {"file": SimpleUploadedFile("pc.xlsx", _seed_workbook())})
    assert response.status_code == 302
    assert plan.actions.count() == 0  # read, not saved: the preview comes first
    preview = client.get(response["Location"])
    assert "Revisar la importación" in preview.content.decode()
    response = client.post(response["Location"], {"confirm": "1"})
    assert response.status_code == 302
    assert plan.actions.count() == len(_data_rows())
    viewer = staff_client(Role.VIEWER, cartago)
    assert viewer.get(url).status_code == 403
