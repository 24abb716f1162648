"""End to end in Chromium: an official opens the dashboard, drills from a chart into its table,
and downloads the results report as PDF and XLSX; axe-core on the public results page."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.urls import reverse

from cabildo.accounts.models import Role
from tests.browser.charts import chart_mismatches
from tests.conftest import TEST_PASSWORD, axe_violations
from tests.evaluation import scenario
from tests.evaluation.factories import EvaluationFactory, MeasurementFactory
from tests.factories import EntityFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _login(page, live_server, user):
    page.goto(f"{live_server.url}{reverse('accounts:login')}?entidad=entidad-a")
    page.fill("input[name=username]", user.email)
    page.fill("input[name=password]", TEST_PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()


def test_official_drills_into_tables_and_downloads_reports(live_server, page, make_member):
    entity = EntityFactory(slug="entidad-a", name="Municipio de Prueba", short_name="Prueba")
    scenario.build(entity)
    MeasurementFactory(entity=entity, year=2025)
    official = make_member(Role.PLANNING_OFFICE, entity)
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    _login(page, live_server, official)

    page.goto(f"{live_server.url}{reverse('evaluation:dashboard')}?anio=2025")
    assert page.get_by_role("heading", name="Tablero de participación 2025", level=1).is_visible()
    page.wait_for_function("() => Chart.getChart(document.getElementById('grafico-estado-plan'))")
    assert chart_mismatches(page) == []  # each chart is drawn from its table
    # The link under the chart takes the reader to its table.
    page.get_by_role(
        "link", name="Ver los datos del gráfico en la tabla — Actividades del plan por estado"
    ).click()
    assert page.url.endswith("#tabla-estado-plan")
    table = page.locator("#tabla-estado-plan")
    assert table.is_visible()
    assert "Realizada" in table.inner_text()
    # Clicking the chart itself drills down too.
    page.locator("#grafico-semaforo").click()
    page.wait_for_function("() => window.location.hash === '#tabla-semaforo'")
    assert page.evaluate("document.activeElement.id") == "tabla-semaforo"
    assert errors == []

    page.goto(f"{live_server.url}{reverse('evaluation:report_list')}?anio=2025")
    for fmt, label, suffix in (("pdf", "PDF", ".pdf"), ("xlsx", "Hoja de cálculo (XLSX)", ".xlsx")):
        page.goto(f"{live_server.url}{reverse('evaluation:report_list')}?anio=2025")
        page.get_by_label("Formato").select_option(fmt)
        page.get_by_role("button", name="Generar informe 2025").click()
        page.wait_for_load_state()
        link = page.get_by_role("link", name=f"Descargar el informe ({label})")
        link.wait_for(timeout=60_000)
        with page.expect_download() as download_info:
            link.click()
        download = download_info.value
        assert download.suggested_filename == f"informe-resultados-2025-interno{suffix}"
        content = Path(download.path()).read_bytes()
        assert content.startswith(b"%PDF" if fmt == "pdf" else b"PK")


def test_public_results_page_is_accessible(live_server, page):
    entity = EntityFactory(slug="entidad-a", name="Municipio de Prueba", short_name="Prueba")
    scenario.build(entity)
    EvaluationFactory(entity=entity, year=2025, is_published=True)
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(f"{live_server.url}{reverse('evaluation:public_results')}?entidad=entidad-a")
    assert page.get_by_role("heading", name="Resultados del plan de participación").is_visible()
    page.wait_for_function("() => Chart.getChart(document.getElementById('grafico-area'))")
    assert "Rosa Elena" not in page.content()
    assert axe_violations(page) == []
    assert errors == []
