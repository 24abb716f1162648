"""In Chromium: the staff PQRSD list's filters (the FilterSet shared with the API) at desk and
phone widths, in Spanish and English, with good and bad values; and the API's answer to the
same bad values."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from django.urls import reverse

from cabildo.accounts.models import Role
from tests.conftest import TEST_PASSWORD, axe_violations
from tests.factories import AreaFactory, EntityFactory
from tests.pqrs.factories import PetitionFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _shot(page, name: str) -> None:
    """A screenshot in ``$CABILDO_SCREENSHOTS`` when set (to look at), else nowhere."""
    if folder := os.environ.get("CABILDO_SCREENSHOTS"):
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)


@pytest.mark.parametrize(("lang", "width"), [("es", 1280), ("es", 375), ("en", 1280), ("en", 375)])
def test_staff_list_filters_good_and_bad_values(live_server, browser, make_member, lang, width):
    entity = EntityFactory(slug="entidad-a", name="Municipio de Prueba", short_name="Prueba")
    area = AreaFactory(entity=entity, name="Secretaría de Infraestructura")
    lamp = PetitionFactory(entity=entity, area=area, subject="Alumbrado del parque")
    PetitionFactory(entity=entity, subject="Basuras en la esquina")
    lead = make_member(Role.PARTICIPATION_LEAD, entity)
    page = browser.new_page(
        locale="es-CO" if lang == "es" else "en-US",
        viewport={"width": width, "height": 900},
        extra_http_headers={"Accept-Language": lang},
    )
    page.goto(f"{live_server.url}{reverse('accounts:login')}?entidad=entidad-a")
    page.fill("input[name=username]", lead.email)
    page.fill("input[name=password]", TEST_PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    url = f"{live_server.url}/entidad-a/pqrs/gestion/"

    # Good values chosen in the form: the class by its code, the area, a date range.
    page.goto(url)
    page.select_option("#id_kind", lamp.kind.code)
    page.select_option("#id_area", str(area.pk))
    page.fill("#id_date_from", "2020-01-01")
    page.locator("form[method=get] button[type=submit]").click()
    page.wait_for_load_state()
    assert "kind=" + lamp.kind.code in page.url
    body = page.content()
    assert lamp.filing_number in body and "Basuras en la esquina" not in body
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    _shot(page, f"pqrs-filters-good-{lang}-{width}")

    # Bad values typed into the address: errors beside the fields, the valid filter applied.
    page.goto(
        url + "?status=inventado&kind=nada&date_from=2026-13-45&semaphore=morado"
        f"&order=asunto&area={area.pk}&cursor=basura"
    )
    errors = page.locator(".invalid-feedback")
    assert errors.count() == 5
    text = page.locator("main").inner_text()
    if lang == "es":
        assert "Fecha no válida (use AAAA-MM-DD)." in text
        assert "«nada» no es un valor válido para «Clase»." in text
    else:
        assert "Invalid date (use YYYY-MM-DD)." in text
    assert lamp.filing_number in text and "Basuras en la esquina" not in text
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert axe_violations(page) == []
    _shot(page, f"pqrs-filters-bad-{lang}-{width}")

    # A backwards range.
    page.goto(url + "?date_from=2026-05-02&date_to=2026-05-01")
    expected = (
        "La fecha final es anterior a la inicial."
        if lang == "es"
        else "The end date is before the start date."
    )
    assert expected in page.locator("main").inner_text()
    _shot(page, f"pqrs-filters-range-{lang}-{width}")

    # The API with the same bad values: a 400 naming each parameter, in the page's language.
    response = page.goto(
        f"{live_server.url}/entidad-a/api/v1/pqrs/gestion/?format=json&status=inventado"
        "&kind=nada&date_from=2026-13-45&area=abc&cursor=basura"
    )
    assert response is not None and response.status == 400
    data = json.loads(page.locator("body").inner_text())
    assert set(data["errors"]) >= {"status", "kind", "date_from", "area"}
    _shot(page, f"pqrs-api-bad-{lang}-{width}")
