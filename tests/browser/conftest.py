"""Fixtures for the foundation's browser tests (layout, login, language, accessibility)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.catalogues import ensure_compiled
from tests.conftest import console_problems_of
from tests.factories import EntityFactory


@pytest.fixture(scope="session", autouse=True)
def _compiled_catalogues() -> None:
    """The language-switch test needs the English .mo files."""
    ensure_compiled()


@pytest.fixture
def site(live_server: Any) -> Any:
    """Two entities served by the live server; the first is the default one."""
    main = EntityFactory(
        slug="itagui",
        name="Municipio de Itagüí",
        short_name="Itagüí",
        municipality_name="Itagüí",
        department_name="Antioquia",
        address="Carrera 51 # 51-55",
        phone="(604) 373 7676",
        email="participacion@itagui.test",
        office_hours="Lunes a viernes de 7:30 a. m. a 5:30 p. m.",
    )
    other = EntityFactory(slug="cartago", name="Concejo Municipal de Cartago", short_name="Cartago")
    live_server.entity = main
    live_server.other_entity = other
    return live_server


@pytest.fixture
def console_problems(page: Any) -> list[str]:
    """Console errors and CSP reports seen by the page."""
    return console_problems_of(page)
