import io
import shutil
import subprocess
from datetime import date

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from cabildo.accounts.models import Role
from cabildo.assessment import pdf, plan_matrix, services
from tests.assessment.factories import scored_assessment
from tests.factories import EntityFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(db):
    entity = EntityFactory(
        slug="cartago-prueba", name="Concejo Municipal de Cartago", nit="900.215.967-5"
    )
    plan = services.plan_generate(assessment=scored_assessment(entity, scores=[20] * 32))
    services.plan_update(
        plan=plan,
        document_code="PC.PL.002",
        document_version="1",
        prepared_by_name="Martha Cecilia Saldaña S",
        prepared_by_role="Asesora Externa",
        prepared_on=None,
        approved_by_body="Comité Institucional de Gestión y Desempeño",
        approval_act="Acta No. 02 de 2024",
        approved_on=date(2024, 5, 21),
    )
    for action in plan.actions.all():
        services.action_update(
            action=action,
            improvement_alternative="Diseñar e implementar mejoras en la participación ciudadana "
            * 3,
            area=None,
            responsible=None,
            start_date=None,
            deadline=None,
            deadline_months=5,
            expected_evidence="",
        )
    return plan


def test_plan_xlsx(plan):
    wb = load_workbook(io.BytesIO(plan_matrix.export_xlsx(plan=plan)))
    ws = wb.active
    values = [c.value for row in ws.iter_rows() for c in row if c.value]
    assert "PLAN DE MEJORAMIENTO POLÍTICA PARTICIPACIÓN CIUDADANA" in values
    assert "CATEGORÍAS" in values and "DISEÑE ALTERNATIVAS DE MEJORA" in values
    assert "EVALUACIÓN DE LA EFICACIA DE LAS ACCIONES IMPLEMENTADAS" in values
    assert "5 meses" in values
    assert "Comité Institucional de Gestión y Desempeño" in values


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")
def test_plan_pdf_text(plan, tmp_path):
    data = pdf.plan_pdf(plan=plan)
    assert data.startswith(b"%PDF")
    path = tmp_path / "plan.pdf"
    path.write_bytes(data)
    pdftotext = shutil.which("pdftotext")
    text = subprocess.run(  # noqa: S603 - fixed binary, our own temp file
        [pdftotext, "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "PLAN DE MEJORAMIENTO POLÍTICA PARTICIPACIÓN CIUDADANA" in text
    assert "CONCEJO MUNICIPAL DE CARTAGO" in text
    assert "900.215.967-5" in text
    assert "PC.PL.002" in text and "21/05/2024" in text
    assert "Página 1 de" in text
    pages = text.count("\f")
    assert pages >= 2
    assert f"Página {pages} de {pages}" in text
    assert "DISEÑE ALTERNATIVAS DE MEJORA" in text
    assert "Saldaña" in text and "Elaboró" in text and "Aprobó" in text
    assert "Acta No. 02 de 2024" in text


def test_plan_pdf_view(staff_client, plan):
    client = staff_client(Role.VIEWER, entity=plan.entity)
    response = client.get(reverse("assessment:plan_pdf", args=[plan.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    response = client.get(reverse("assessment:plan_xlsx", args=[plan.pk]))
    assert response.status_code == 200
