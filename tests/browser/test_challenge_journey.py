"""End to end in Chromium: past the per-address limit, the citizen's browser solves the
self-hosted proof-of-work challenge (ALTCHA, cabildo.core.challenge) by itself and the
petition is accepted; the same on the tracking page after wrong codes. On a desktop and a
phone, in Spanish and English; the widget must run under the CSP (no console errors)."""

from __future__ import annotations

import pytest
from django.conf import settings as django_settings
from django.core.cache import cache
from django.urls import reverse

from cabildo.pqrs.models import Petition
from cabildo.pqrs.views import TRACK_MAX_FAILURES
from tests.browser.test_pqrs_citizen_journey import shots_dir
from tests.conftest import axe_violations, console_problems_of
from tests.factories import EntityFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

VERIFIED = {"es": "Verificado", "en": "Verified"}


@pytest.fixture
def challenge_on(settings):
    settings.PUBLIC_FORM_CHALLENGE = True
    settings.PUBLIC_FORM_CHALLENGE_FACTOR = 3
    settings.PUBLIC_FORM_RATE_LIMITS = {"default": "10000/60", "pqrs": "1/600"}
    cache.clear()
    yield
    cache.clear()


def _fill_petition(page, subject: str) -> None:
    page.locator("#id_kind").select_option(index=0)
    page.locator("#id_subject").fill(subject)
    page.locator("#id_description").fill("Los árboles del parque tapan el alumbrado.")
    page.locator("#id_anonymous").check()


def _wait_verified(page, language: str) -> None:
    widget = page.locator("altcha-widget")
    widget.wait_for()
    page.wait_for_function(
        "() => { const w = document.querySelector('altcha-widget');"
        " const input = w && w.querySelector('input[name=altcha]');"
        " return input && input.value && input.value.length > 20; }",
        timeout=60_000,
    )
    assert VERIFIED[language] in widget.inner_text()


@pytest.mark.parametrize(
    ("width", "language"), [(1280, "es"), (375, "es"), (1280, "en"), (375, "en")]
)
def test_past_the_limit_the_browser_solves_the_challenge_and_the_petition_is_accepted(
    live_server, browser, challenge_on, width, language, tmp_path
):
    entity = EntityFactory(slug="entidad-a", name="Municipio de Prueba", short_name="Prueba")
    base = f"{live_server.url}/{entity.slug}"
    shots = shots_dir(tmp_path)
    context = browser.new_context(locale="es-CO", viewport={"width": width, "height": 900})
    context.add_cookies(
        [{"name": django_settings.LANGUAGE_COOKIE_NAME, "value": language, "url": live_server.url}]
    )
    page = context.new_page()
    problems = console_problems_of(page)

    page.goto(base + reverse("pqrs:file"))
    assert page.locator("altcha-widget").count() == 0  # under the limit: no challenge
    _fill_petition(page, "Primera: poda de árboles")
    page.locator("form button[type=submit]").last.click()
    page.wait_for_selector("#codigo")

    page.goto(base + reverse("pqrs:file"))  # past the limit: the widget appears
    _fill_petition(page, "Segunda: alumbrado apagado")
    _wait_verified(page, language)
    page.screenshot(path=str(shots / f"reto-formulario-{language}-{width}.png"), full_page=True)
    assert axe_violations(page) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.locator("form button[type=submit]").last.click()
    page.wait_for_selector("#codigo")
    assert page.locator("#radicado").inner_text().strip()
    page.screenshot(path=str(shots / f"reto-aceptada-{language}-{width}.png"), full_page=True)
    subjects = set(Petition.objects.values_list("subject", flat=True))
    assert subjects == {"Primera: poda de árboles", "Segunda: alumbrado apagado"}
    assert problems == []
    context.close()


@pytest.mark.parametrize("width", [1280, 375])
def test_the_tracking_page_asks_for_the_challenge_after_wrong_codes(
    live_server, browser, challenge_on, width, tmp_path
):
    entity = EntityFactory(slug="entidad-a", name="Municipio de Prueba", short_name="Prueba")
    base = f"{live_server.url}/{entity.slug}"
    shots = shots_dir(tmp_path)
    context = browser.new_context(locale="es-CO", viewport={"width": width, "height": 900})
    page = context.new_page()
    problems = console_problems_of(page)

    page.goto(base + reverse("pqrs:file"))
    _fill_petition(page, "Consulta de seguimiento")
    page.locator("form button[type=submit]").last.click()
    page.wait_for_selector("#codigo")
    number = page.locator("#radicado").inner_text().strip()
    code = page.locator("#codigo").inner_text().strip()
    cache.clear()  # the filing's own count is not what this test is about

    for _ in range(TRACK_MAX_FAILURES):
        page.goto(base + reverse("pqrs:track"))
        page.locator("#id_filing_number").fill(number)
        page.locator("#id_code").fill("CODIGO-EQUIVOCADO")
        page.locator("form button[type=submit]").last.click()
        page.wait_for_load_state()
    problems.clear()  # each wrong code answers 404, which Chromium logs as a failed load
    page.goto(base + reverse("pqrs:track"))
    page.locator("#id_filing_number").fill(number)
    page.locator("#id_code").fill(code)
    _wait_verified(page, "es")
    page.screenshot(path=str(shots / f"reto-seguimiento-{width}.png"), full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.locator("form button[type=submit]").last.click()
    page.wait_for_selector("#resultado")  # found: the petition's state is shown
    assert number in page.locator("#resultado").inner_text()
    assert page.locator("#estado").inner_text().strip()
    page.screenshot(path=str(shots / f"reto-seguimiento-resultado-{width}.png"), full_page=True)
    assert problems == []
    context.close()
