"""End to end in Chromium: a citizen comments, an official analyses and publishes the adjusted
version, the citizen's comment shows its answer. axe-core on the public pages."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from cabildo.accounts.models import Role
from cabildo.plans.models import Consultation, Observation, PlanStatus
from tests.conftest import TEST_PASSWORD, axe_violations
from tests.factories import AreaFactory, EntityFactory
from tests.plans.factories import ActivityFactory, ConsultationFactory, StakeholderGroupFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _login(page, live_server, user):
    page.goto(f"{live_server.url}{reverse('accounts:login')}?entidad=entidad-a")
    page.fill("input[name=username]", user.email)
    page.fill("input[name=password]", TEST_PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()


def test_citizen_comment_analysed_and_answered(live_server, page, browser, make_member):
    entity = EntityFactory(slug="entidad-a", name="Municipio de Prueba Añasco", short_name="Añasco")
    area = AreaFactory(entity=entity, name="Secretaría de Participación")
    group = StakeholderGroupFactory(entity=entity, name="Juntas de acción comunal")
    consultation = ConsultationFactory(entity=entity)  # a plan year whose window is open today
    activity = ActivityFactory(
        entity=entity, version=consultation.version, area=area, name="Mesa rural de presupuesto"
    )
    activity.stakeholder_groups.set([group])
    lead = make_member(Role.PARTICIPATION_LEAD, entity)

    year = consultation.version.plan.year
    public = f"{live_server.url}{reverse('plans:public_plan', args=[year])}?entidad=entidad-a"
    page.goto(public)
    assert page.get_by_role("heading", name="Formulación").is_visible()
    assert axe_violations(page) == []

    page.get_by_role("link", name="Participe en la consulta y comente el plan").click()
    page.wait_for_load_state()
    assert axe_violations(page) == []
    page.get_by_label("¿Sobre qué actividad?").select_option(label="Mesa rural de presupuesto")
    page.get_by_role("textbox", name="Su observación").fill(
        "Hagan una mesa también en la vereda La Loma."
    )
    page.get_by_label("Correo electrónico (opcional)").fill("vecina@correo.test")
    page.get_by_label("Grupo de valor al que pertenece (opcional)").select_option(
        label="Juntas de acción comunal"
    )
    page.get_by_role("button", name="Enviar observación").click()
    page.wait_for_load_state()
    assert "Debe autorizar el tratamiento" in page.content()
    assert Observation.objects.count() == 0
    page.get_by_role("textbox", name="Su observación").fill(
        "Hagan una mesa también en la vereda La Loma."
    )
    page.get_by_label("Autorizo de manera previa").check()
    page.get_by_role("button", name="Enviar observación").click()
    page.wait_for_selector("text=Gracias. Su observación fue recibida")
    assert "Estado: en análisis" in page.content()
    consultation_url = page.url.split("#")[0]

    official = browser.new_context(locale="es-CO").new_page()
    _login(official, live_server, lead)
    official.goto(f"{live_server.url}{reverse('plans:observation_list')}")
    official.get_by_role("link", name="Analizar observación").click()
    official.get_by_label("Viabilidad").select_option(label="Viable")
    official.get_by_label("Justificación (respuesta pública)").fill(
        "Se agregará una sesión de la mesa en la vereda La Loma."
    )
    official.get_by_label("Actividad ajustada o creada por la observación").select_option(
        label="Mesa rural de presupuesto"
    )
    official.get_by_role("button", name="Guardar análisis").click()
    official.wait_for_selector("text=Análisis guardado.")

    # The window closes; the official publishes the adjusted version.
    Consultation.objects.filter(pk=consultation.pk).update(
        start_date=datetime.date.today() - datetime.timedelta(days=20),
        end_date=datetime.date.today() - datetime.timedelta(days=1),
    )
    official.goto(f"{live_server.url}{reverse('plans:adjust', args=[consultation.version_id])}")
    official.get_by_label("Cambios incorporados").fill("Se agregó la sesión en la vereda La Loma.")
    official.get_by_role("button", name="Confirmar").click()
    official.wait_for_selector("text=Cambio registrado.")
    consultation.version.refresh_from_db()
    assert consultation.version.status == PlanStatus.ADJUSTED

    page.goto(consultation_url)
    content = page.content()
    assert "Respuesta de la entidad:" in content
    assert "Se agregará una sesión de la mesa en la vereda La Loma." in content
    assert "Se agregó la sesión en la vereda La Loma." in content
    assert "vecina@correo.test" not in content
    assert axe_violations(page) == []
