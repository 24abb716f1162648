"""End to end in Chromium: a citizen files and tracks; an official assigns, extends, answers."""

from __future__ import annotations

import pytest
from django.urls import reverse

from cabildo.accounts.models import Role
from cabildo.pqrs.models import Petition, Status
from cabildo.workdays.calendar import calendar_for
from tests.browser.charts import chart_mismatches
from tests.conftest import TEST_PASSWORD, axe_violations
from tests.factories import AreaFactory, EntityFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _track(page, live_server, number, code):
    page.goto(f"{live_server.url}{reverse('pqrs:track')}?entidad=entidad-a")
    page.get_by_label("Número de radicado").fill(number)
    page.get_by_label("Código de seguimiento").fill(code)
    page.get_by_role("button", name="Consultar").click()
    page.wait_for_selector("#estado")


def test_citizen_files_official_answers_citizen_sees_answer(
    live_server, page, browser, make_member
):
    entity = EntityFactory(slug="entidad-a", name="Municipio de Prueba", short_name="Prueba")
    area = AreaFactory(entity=entity, name="Secretaría de Infraestructura")
    lead = make_member(Role.PARTICIPATION_LEAD, entity)

    # The citizen files an anonymous complaint.
    page.goto(f"{live_server.url}{reverse('pqrs:file')}?entidad=entidad-a")
    assert axe_violations(page) == []
    page.get_by_label("Tipo de solicitud").select_option(label="Queja")
    page.get_by_label("Asunto").fill("Hueco peligroso en la calle 12")
    page.get_by_label("Descripción").fill(
        "Hay un hueco grande frente al colegio desde hace un mes."
    )
    page.get_by_label("Quiero radicar de forma anónima", exact=False).check()
    page.get_by_role("button", name="Radicar").click()
    page.wait_for_selector("#codigo")
    assert axe_violations(page) == []
    number = page.locator("#radicado").inner_text().strip()
    code = page.locator("#codigo").inner_text().strip()
    assert "Cómo se calculó la fecha límite" in page.content()
    petition = Petition.objects.get(filing_number=number)

    _track(page, live_server, number, code)
    assert axe_violations(page) == []
    assert "Radicada" in page.locator("#estado").inner_text()

    # An official assigns, extends and answers it.
    official = browser.new_page(locale="es-CO")
    official.goto(f"{live_server.url}{reverse('accounts:login')}?entidad=entidad-a")
    official.fill("input[name=username]", lead.email)
    official.fill("input[name=password]", TEST_PASSWORD)
    official.locator("main form button[type=submit]").click()
    official.wait_for_load_state()
    official.goto(f"{live_server.url}{reverse('pqrs:staff_detail', args=[petition.pk])}")
    official.locator("#id_assign-area").select_option(str(area.pk))
    official.locator("form[action$='/asignar/'] button[type=submit]").click()
    official.wait_for_selector("text=Petición asignada.")

    new_due = calendar_for(entity).add_business_days(petition.due_date, 3)
    official.locator("summary", has_text="Prorrogar").click()
    official.locator("#id_extend-new_due_date").fill(new_due.isoformat())
    official.locator("#id_extend-reason").fill("Se requiere visita técnica al sitio.")
    official.locator("form[action$='/prorrogar/'] button[type=submit]").click()
    official.wait_for_selector("text=Prórroga registrada y notificada.")

    official.locator("summary", has_text="Responder").click()
    official.locator("#id_answer-text").fill(
        "La reparación quedó programada para la próxima semana."
    )
    official.locator("#id_answer-channel").select_option("web")
    official.locator("form[action$='/responder/'] button[type=submit]").click()
    official.wait_for_selector("text=Respuesta registrada.")
    petition.refresh_from_db()
    assert petition.status == Status.ANSWERED and petition.extended

    # The citizen sees the answer.
    _track(page, live_server, number, code)
    assert "La reparación quedó programada" in page.locator("#respuesta").inner_text()
    assert "Prórroga" in page.content()
    assert axe_violations(page) == []

    # Public aggregate statistics: charts with their tables, accessible.
    page.goto(f"{live_server.url}{reverse('pqrs:public_stats')}?entidad=entidad-a")
    page.wait_for_selector("#tabla-canales")
    assert "Formulario web" in page.locator("#tabla-canales").inner_text()
    assert chart_mismatches(page) == []  # the channel and month charts are their tables
    assert axe_violations(page) == []
