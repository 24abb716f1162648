"""End to end in Chromium (issue 18): an official records an indicator's measurement, replaces
it with a reason and sees both versions in its history; then opens the evaluation, which opens
on the plan in force, and changes the year. On a desktop and on a phone."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone

from cabildo.accounts.models import Role
from cabildo.evaluation.models import Measurement
from cabildo.plans.models import PlanStatus
from tests.conftest import TEST_PASSWORD, axe_violations
from tests.evaluation.factories import IndicatorFactory
from tests.factories import EntityFactory
from tests.plans.factories import ActivityFactory, PlanVersionFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def shots_dir(tmp_path: Path) -> Path:
    """Where the screenshots go: $CABILDO_SCREENSHOTS to keep and look at them."""
    folder = Path(os.environ.get("CABILDO_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.mark.parametrize("width", [1280, 375])
def test_official_replaces_a_measurement_and_changes_the_evaluation_year(
    live_server, browser, make_member, width, tmp_path
):
    entity = EntityFactory(slug="entidad-a", name="Municipio de Prueba", short_name="Prueba")
    this_year = timezone.localdate().year
    for year, status in ((this_year - 1, PlanStatus.EVALUATED), (this_year, "en_ejecucion")):
        version = PlanVersionFactory(entity=entity, plan__year=year, status=status)
        ActivityFactory(entity=entity, version=version, name=f"Mesa de trabajo {year}")
    indicator = IndicatorFactory(entity=entity, name="Grupos de valor caracterizados")
    official = make_member(Role.PLANNING_OFFICE, entity, full_name="Marta Gómez")
    base = f"{live_server.url}/{entity.slug}"
    shots = shots_dir(tmp_path)
    context = browser.new_context(locale="es-CO", viewport={"width": width, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)

    detail = f"/{entity.slug}" + reverse("evaluation:indicator_detail", args=[indicator.pk])
    page.goto(base + reverse("accounts:login") + f"?next={detail}")
    page.fill("input[name=username]", official.email)
    page.fill("input[name=password]", TEST_PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()

    # 1. Record the year's measurement.
    assert page.get_by_role("heading", name="Grupos de valor caracterizados", level=1).is_visible()
    page.locator("#id_year").fill(str(this_year))
    page.locator("#id_period").fill("1")
    page.locator("#id_numerator").fill("6")
    page.locator("#id_denominator").fill("8")
    page.locator("#id_notes").fill("Según el informe de caracterización")
    page.get_by_role("button", name="Registrar medición").click()
    page.wait_for_load_state()
    assert "Medición registrada." in page.content()
    first = Measurement.objects.get()

    # 2. Recording it again without a reason is refused, with the field named.
    page.locator("#id_numerator").fill("7")
    page.locator("#id_denominator").fill("8")
    page.get_by_role("button", name="Registrar medición").click()
    page.wait_for_load_state()
    assert "Ya hay una medición de" in page.locator("#id_reason_error").inner_text()
    assert Measurement.objects.count() == 1

    # 3. "Reemplazar" opens the form on the period; with the reason it is a new version.
    page.get_by_role("link", name="Reemplazar").first.click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="Reemplazar una medición").is_visible()
    assert float(page.locator("#id_numerator").input_value()) == 6  # the current values
    page.locator("#id_numerator").fill("7")
    page.locator("#id_reason").fill("El acta 12 registró la mesa de víctimas")
    page.get_by_role("button", name="Reemplazar medición").click()
    page.wait_for_load_state()
    assert "Medición reemplazada: versión 2" in page.content()
    assert Measurement.objects.current().get().version == 2

    # 4. The matrix shows the current value; its history is one click away.
    page.goto(base + reverse("evaluation:matrix"))
    matrix = page.locator("main table").inner_text()
    assert "87,50 %" in matrix and "75,00" not in matrix
    page.get_by_role("link", name=f"historial Grupos de valor caracterizados {this_year}").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name=f"Historial de la medición {this_year}").is_visible()
    rows = page.locator("main table tbody tr")
    assert rows.count() == 2
    assert "Vigente" in rows.nth(0).inner_text() and "Marta Gómez" in rows.nth(0).inner_text()
    assert "El acta 12 registró la mesa de víctimas" in rows.nth(0).inner_text()
    assert "Reemplazada" in rows.nth(1).inner_text()
    assert "75" in rows.nth(1).inner_text()
    page.screenshot(path=str(shots / f"medicion-historial-{width}.png"), full_page=True)
    assert axe_violations(page) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    first.refresh_from_db()
    assert not first.is_current

    # 5. The evaluation opens on the plan in force; the selector changes the year.
    page.goto(base + reverse("evaluation:evaluation"))
    year_select = page.locator("#id_anio")
    assert year_select.input_value() == str(this_year)
    assert str(this_year) in page.locator("h1").inner_text()
    year_select.select_option(str(this_year - 1))
    page.get_by_role("button", name="Ver").click()
    page.wait_for_load_state()
    assert page.url.endswith(f"?anio={this_year - 1}")
    assert page.locator("#id_anio").input_value() == str(this_year - 1)
    assert str(this_year - 1) in page.locator("h1").inner_text()
    page.screenshot(path=str(shots / f"evaluacion-anio-{width}.png"), full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert errors == []
    context.close()
