"""End to end in Chromium: a citizen registers for an event and sees the confirmation; axe-core
on the public event page."""

from __future__ import annotations

import pytest
from django.urls import reverse

from cabildo.execution.models import Registration, RegistrationStatus
from tests.conftest import axe_violations
from tests.execution.factories import EventFactory
from tests.factories import EntityFactory
from tests.plans.factories import StakeholderGroupFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_citizen_registers_for_an_event(live_server, page):
    entity = EntityFactory(slug="entidad-a", name="Municipio de Prueba", short_name="Prueba")
    StakeholderGroupFactory(entity=entity, name="Juntas de acción comunal")
    event = EventFactory(entity=entity, title="Encuentro de instancias", capacity=30)

    page.goto(f"{live_server.url}{reverse('execution:public_list')}?entidad=entidad-a")
    page.get_by_role("link", name="Encuentro de instancias").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="Encuentro de instancias", level=1).is_visible()
    assert axe_violations(page) == []

    page.get_by_label("Nombre completo").fill("Rosa Elena Vélez")
    page.get_by_label("Correo electrónico").fill("rosa@correo.test")
    page.get_by_label("Grupo de valor al que pertenece").select_option(
        label="Juntas de acción comunal"
    )
    page.get_by_role("button", name="Inscribirme").click()
    page.wait_for_load_state()
    assert "Debe autorizar el tratamiento" in page.content()
    assert Registration.objects.count() == 0

    page.get_by_label("Nombre completo").fill("Rosa Elena Vélez")
    page.get_by_label("Correo electrónico").fill("rosa@correo.test")
    page.get_by_label("Autorizo de manera previa").check()
    page.get_by_role("button", name="Inscribirme").click()
    page.wait_for_load_state()
    assert "Su inscripción quedó confirmada" in page.content()
    assert "Rosa Elena" not in page.content()
    registration = Registration.objects.get(event=event)
    assert registration.status == RegistrationStatus.CONFIRMED
    assert registration.stakeholder_group.name == "Juntas de acción comunal"
    assert axe_violations(page) == []


def test_honeypot_is_not_visible_to_people(live_server, page):
    entity = EntityFactory(slug="entidad-a", name="Municipio de Prueba", short_name="Prueba")
    event = EventFactory(entity=entity)
    page.goto(
        f"{live_server.url}{reverse('execution:public_detail', args=[event.pk])}?entidad=entidad-a"
    )
    box = page.locator("input[name=website]").bounding_box()
    assert box is None or box["x"] + box["width"] <= 0


def test_official_checks_in_attendance(live_server, page, make_member):
    from cabildo.accounts.models import Role
    from tests.conftest import TEST_PASSWORD
    from tests.execution.factories import RegistrationFactory

    entity = EntityFactory(slug="entidad-a", name="Municipio de Prueba", short_name="Prueba")
    event = EventFactory(entity=entity, title="Encuentro de instancias")
    registration = RegistrationFactory(entity=entity, event=event, name="Nubia Arango")
    lead = make_member(Role.PARTICIPATION_LEAD, entity)
    page.goto(f"{live_server.url}{reverse('accounts:login')}?entidad=entidad-a")
    page.fill("input[name=username]", lead.email)
    page.fill("input[name=password]", TEST_PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()

    page.goto(f"{live_server.url}{reverse('execution:event_detail', args=[event.pk])}")
    assert axe_violations(page) == []
    page.get_by_role("button", name="Marcar asistencia — Nubia Arango").click()
    page.wait_for_load_state()
    assert "Asistencia registrada: Nubia Arango." in page.content()
    registration.refresh_from_db()
    assert registration.attended
    assert axe_violations(page) == []
