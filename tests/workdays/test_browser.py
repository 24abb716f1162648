"""End to end: a citizen uses the deadline calculator in Chromium."""

from __future__ import annotations

import pytest

from tests.conftest import axe_violations
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
