"""Fixtures shared by every test: two entities, a user per role, browser settings."""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any

import pytest

from cabildo.accounts.models import Role, User
from cabildo.core.models import Area, Entity
from tests.factories import AreaFactory, EntityFactory, MembershipFactory, UserFactory

# Browser tests drive a live server from the test thread (pytest-django + Playwright).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
TEST_PASSWORD = "clave-de-prueba-123"


@pytest.fixture(autouse=True)
def spanish_by_default() -> Any:
    """Each test starts in Spanish, the default language: a request made in English would
    otherwise leave English active in this thread for the tests that run after it."""
    from django.utils import translation

    translation.activate("es")
    yield
    translation.activate("es")


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    """Debian's Chromium; Playwright never downloads a browser here."""
    return {
        **browser_type_launch_args,
        "executable_path": os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"),
        "args": CHROMIUM_ARGS,
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict[str, Any]) -> dict[str, Any]:
    return {**browser_context_args, "locale": "es-CO"}


@pytest.fixture
def entity(db: Any) -> Entity:
    return EntityFactory(slug="entidad-a", name="Municipio A", short_name="A")


@pytest.fixture
def other_entity(db: Any) -> Entity:
    return EntityFactory(slug="entidad-b", name="Municipio B", short_name="B")


@pytest.fixture
def area(entity: Entity) -> Area:
    return AreaFactory(entity=entity, name="Secretaría de Participación")


@pytest.fixture
def make_member(db: Any) -> Callable[..., User]:
    """``make_member(role, entity, area=None)`` → a user with that role in that entity."""

    def make(role: str, entity: Entity, area: Area | None = None, **user_kwargs: Any) -> User:
        if role == Role.AREA_LIAISON and area is None:
            area = AreaFactory(entity=entity)
        user = UserFactory(**user_kwargs)
        MembershipFactory(user=user, entity=entity, role=role, area=area)
        return user

    return make


@pytest.fixture
def staff_client(
    client: Any, make_member: Callable[..., User], entity: Entity
) -> Callable[..., Any]:
    """``staff_client(role, entity=entity, area=None)`` → the test client logged in as that role,
    acting in ``entity``."""

    def login(role: str, entity: Entity = entity, area: Area | None = None) -> Any:
        user = make_member(role, entity, area)
        client.force_login(user)
        session = client.session
        session["cabildo_entity"] = entity.slug
        session.save()
        client.user = user
        return client

    return login


def axe_violations(page: Any, impacts: tuple[str, ...] = ("serious", "critical")) -> list[str]:
    """axe-core violations of the given impacts on the page, as readable lines."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    found = []
    for violation in results.response["violations"]:
        if violation.get("impact") in impacts:
            targets = [", ".join(node["target"]) for node in violation["nodes"][:5]]
            found.append(
                f"{violation['id']} ({violation['impact']}): {violation['help']} → {targets}"
            )
    return found
