"""Swagger UI renders in Chromium under the project's strict CSP, with no violation."""

from __future__ import annotations

import pytest

from tests.conftest import console_problems_of
from tests.factories import EntityFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_swagger_ui_renders_without_csp_violations(live_server, page):
    EntityFactory(slug="entidad-a")
    problems = console_problems_of(page)
    page.goto(f"{live_server.url}/api/v1/docs/")
    page.wait_for_selector(".swagger-ui .info .title", timeout=15000)
    assert "Cabildo API" in page.inner_text(".swagger-ui .info .title")
    page.wait_for_selector("text=/api/v1/entities/", timeout=15000)
    assert problems == []


def test_browsable_api_renders_without_csp_violations(live_server, page):
    """DRF's own page (``Accept: text/html``): its language on <html>, its «Filtros» button
    floated by the stylesheet instead of an inline style the CSP blocks."""
    EntityFactory(slug="entidad-a")
    problems = console_problems_of(page)
    page.goto(f"{live_server.url}/entidad-a/api/v1/bodies/?kind=territorial")
    assert page.evaluate("document.documentElement.lang") == "es-CO"
    button = page.locator("[data-drf-style=end]")
    assert button.evaluate("b => getComputedStyle(b).float") == "right"
    assert problems == []
