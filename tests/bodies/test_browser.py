"""End to end in Chromium: an official registers a body, a citizen finds it; the overview."""

from __future__ import annotations

import pytest
from django.urls import reverse

from cabildo.accounts.models import Role
from cabildo.bodies.models import BodyMember, ParticipationBody
from tests.bodies.builders import build_itagui_2019
from tests.browser.charts import chart_mismatches
from tests.conftest import TEST_PASSWORD, axe_violations
from tests.factories import AreaFactory, EntityFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _login(page, live_server, user, next_url):
    page.goto(f"{live_server.url}{reverse('accounts:login')}?entidad=entidad-a")
    page.fill("input[name=username]", user.email)
    page.fill("input[name=password]", TEST_PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    page.goto(f"{live_server.url}{next_url}")


def _add_member(page, seat, name, contact):
    page.get_by_role("link", name="Agregar integrante").click()
    page.locator("#id_seat").fill(seat)
    page.locator("#id_selection").select_option("elegido")
    page.locator("#id_name").fill(name)
    page.locator("#id_term_start").fill("2024-01-01")
    page.locator("#id_term_end").fill("2027-12-31")
    page.locator("#id_contact").fill(contact)
    page.locator("#id_is_public").check()
    page.get_by_role("button", name="Guardar").click()
    page.wait_for_selector("text=Cambios guardados.")


def test_official_registers_body_and_citizen_finds_it(live_server, page, browser, make_member):
    entity = EntityFactory(slug="entidad-a", name="Municipio de Prueba", short_name="Prueba")
    area = AreaFactory(entity=entity, name="Secretaría de Participación")
    lead = make_member(Role.PARTICIPATION_LEAD, entity)

    _login(page, live_server, lead, reverse("bodies:create"))
    page.locator("#id_name").fill("Consejo Municipal de Juventud")
    page.locator("#id_acronym").fill("CMJ")
    page.locator("#id_kind").select_option("poblacional")
    page.locator("#id_legal_act_type").select_option("acuerdo")
    page.locator("#id_legal_act_number").fill("012")
    page.locator("#id_legal_act_date").fill("2019-05-02")
    page.locator("#id_secretariat").select_option(str(area.pk))
    page.locator("#id_public_contact").fill("juventud@municipio.test")
    page.get_by_role("button", name="Guardar").click()
    page.wait_for_selector("text=Instancia registrada.")
    assert "Acuerdo 012 de 2019" in page.content()

    _add_member(page, "Representante de procesos juveniles", "Laura Ríos", "laura@correo.test")
    _add_member(page, "Representante de partidos", "Tomás Mejía", "3001234567")

    page.get_by_role("link", name="Nueva caracterización").click()
    page.locator("#id_year").fill("2024")
    page.locator("#id_status").select_option("activa")
    page.locator("#id_sessions_held").fill("5")
    page.locator("#id_sessions_held_reason").fill("Actas de 2024 aún sin cargar")
    page.locator("#id_active_members").fill("2")
    page.locator("#id_difficulties").fill("Complejidad de las convocatorias")
    page.get_by_role("button", name="Guardar").click()
    page.wait_for_selector("text=Cambios guardados.")
    body = ParticipationBody.objects.get(name="Consejo Municipal de Juventud")
    assert BodyMember.objects.filter(body=body).count() == 2
    assert body.characterizations.get().year == 2024

    citizen_context = browser.new_context(locale="es-CO")
    citizen = citizen_context.new_page()
    citizen.goto(f"{live_server.url}{reverse('bodies:directory')}?entidad=entidad-a")
    citizen.get_by_label("Buscar").fill("juventud")
    citizen.get_by_label("Tipo").select_option("poblacional")
    citizen.get_by_role("button", name="Filtrar").click()
    citizen.wait_for_load_state()
    assert axe_violations(citizen) == []
    citizen.get_by_role("link", name="Consejo Municipal de Juventud (CMJ)").click()
    citizen.wait_for_selector("h1:has-text('Consejo Municipal de Juventud')")
    html = citizen.content()
    assert "Laura Ríos" in html and "Tomás Mejía" in html
    assert "laura@correo.test" not in html and "3001234567" not in html
    assert "juventud@municipio.test" in html
    assert axe_violations(citizen) == []
    citizen_context.close()


def test_overview_2019_shows_27_bodies_and_percentages(live_server, page):
    entity = EntityFactory(slug="entidad-a", name="Municipio de Itagüí", short_name="Itagüí")
    build_itagui_2019(entity)
    problems: list[str] = []
    page.on("pageerror", lambda exc: problems.append(str(exc)))
    page.goto(f"{live_server.url}{reverse('bodies:public_overview')}?entidad=entidad-a&anio=2019")
    assert "se caracterizaron 27 instancias" in page.locator(".overview-total").inner_text()
    table = page.locator("#table-kind")
    assert "Territorial" in table.inner_text()
    for label, count, pct in (
        ("Territorial", 5, 19),
        ("Poblacional", 9, 33),
        ("Sectorial", 13, 48),
    ):
        row = table.locator("tbody tr", has_text=label)
        assert f"{count}" in row.inner_text()
        assert f"{pct} %" in row.inner_text()
    page.wait_for_function("() => document.querySelectorAll('canvas.overview-chart').length > 0")
    page.wait_for_timeout(300)
    assert page.evaluate("window.Chart && Object.keys(window.Chart.instances).length") >= 6
    assert chart_mismatches(page) == []
    assert problems == []
    assert axe_violations(page) == []
