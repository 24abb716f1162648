"""End to end: a citizen uses the deadline calculator in Chromium."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from cabildo.accounts.models import Role
from cabildo.workdays.models import ClosureDay
from tests.conftest import TEST_PASSWORD, axe_violations
from tests.factories import EntityFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def calculator_url(live_server):
    entity = EntityFactory(slug="calculadora", name="Municipio de la Calculadora")
    return f"{live_server.url}/plazos/?entidad={entity.slug}"


def test_citizen_computes_a_deadline(page, calculator_url):
    page.goto(calculator_url)
    page.get_by_label("Fecha de inicio").fill("2026-12-18")
    page.get_by_label("Cantidad").fill("15")
    page.get_by_role("button", name="Calcular").click()
    page.wait_for_load_state()
    result = page.locator("#resultado")
    assert "13 de enero de 2027" in result.inner_text()
    assert result.locator("time.due-date").get_attribute("datetime") == "2027-01-13"
    table = result.get_by_role("table").inner_text()
    for reason in ("Navidad", "Año Nuevo", "Día de los Reyes Magos (observado)", "sábado"):
        assert reason in table
    assert "Municipio de la Calculadora" in page.content()


def test_bad_input_shows_error_summary(page, calculator_url):
    page.goto(calculator_url)
    page.get_by_label("Fecha de inicio").fill("2026-12-18")
    page.get_by_label("Cantidad").fill("400")
    page.get_by_role("button", name="Calcular").click()
    page.wait_for_load_state()
    assert "no puede superar 365 días hábiles" in page.locator(".error-summary").inner_text()
    assert page.locator("#resultado").count() == 0


def test_calculator_has_no_serious_accessibility_violations(page, calculator_url):
    page.goto(calculator_url)
    assert axe_violations(page) == []
    page.goto(calculator_url.split("?")[0] + "?start=2026-12-18&amount=15&unit=dias")
    assert page.locator("#resultado").count() == 1
    assert axe_violations(page) == []
    page.goto(calculator_url.split("?")[0] + "?start=2026-01-31&amount=1&unit=meses")
    assert axe_violations(page) == []
    page.goto(calculator_url.split("?")[0] + "?start=nada&amount=0")
    assert page.locator(".error-summary").count() == 1
    assert axe_violations(page) == []


def test_admin_records_a_closure_day_and_the_calculator_skips_it(page, live_server, make_member):
    entity = EntityFactory(slug="cierres", name="Municipio de los Cierres")
    admin = make_member(Role.ENTITY_ADMIN, entity)
    page.goto(f"{live_server.url}{reverse('accounts:login')}?entidad={entity.slug}")
    page.fill("input[name=username]", admin.email)
    page.fill("input[name=password]", TEST_PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()

    page.goto(f"{live_server.url}{reverse('workdays:closure_day_list')}")
    assert axe_violations(page) == []
    page.get_by_role("link", name="Nuevo día de cierre").click()
    page.get_by_label("Fecha").fill("2026-12-21")
    page.get_by_label("Motivo").fill("Inventario de bienes")
    page.get_by_role("button", name="Guardar").click()
    page.wait_for_selector("text=Día de cierre registrado.")
    assert "Inventario de bienes" in page.locator("table").inner_text()
    assert ClosureDay.objects.get(entity=entity).date == date(2026, 12, 21)

    # The same date again is refused with a message, and nothing more is saved.
    page.get_by_role("link", name="Nuevo día de cierre").click()
    page.get_by_label("Fecha").fill("2026-12-21")
    page.get_by_label("Motivo").fill("Otra vez")
    page.get_by_role("button", name="Guardar").click()
    page.wait_for_load_state()
    assert "ya tiene un día de cierre registrado" in page.locator(".error-summary").inner_text()
    assert axe_violations(page) == []
    assert ClosureDay.objects.filter(entity=entity).count() == 1

    page.goto(f"{live_server.url}/plazos/?start=2026-12-18&amount=15")
    result = page.locator("#resultado")
    assert result.locator("time.due-date").get_attribute("datetime") == "2027-01-14"
    assert "Inventario de bienes" in result.inner_text()
