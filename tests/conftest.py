"""Fixtures shared by every test: two entities, a user per role, browser settings."""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import set_script_prefix

from cabildo.accounts.models import Role, User
from cabildo.core.models import Area, Entity
from tests import properties  # noqa: F401  (loads the Hypothesis profile: repeatable or fuzz)
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
def unprefixed_reverse() -> Any:
    """reverse() in a test starts with the unprefixed paths (the test client sets the prefix of
    the entity it visits; see EntityClient)."""
    from django.urls import set_script_prefix

    set_script_prefix("/")
    yield
    set_script_prefix("/")


@pytest.fixture(autouse=True)
def spanish_by_default() -> Any:
    """Each test starts in Spanish, the default language: a request made in English would
    otherwise leave English active in this thread for the tests that run after it."""
    from django.utils import translation

    translation.activate("es")
    yield
    translation.activate("es")


@pytest.fixture(autouse=True)
def steady_rate_windows(monkeypatch: pytest.MonkeyPatch) -> None:
    """The per-address counters (cabildo.core.throttle) live in django-ratelimit's fixed
    windows, each ending at its own second. A test that counts submissions must not see its
    window end between two of them (a limit of 1/600 turned over once in CI, about one run in
    a hundred): the counters' clock stands still at the second the test began. A test about
    windows ending moves it with ``monkeypatch.setattr("django_ratelimit.core.time.time", ...)``."""
    import time
    import types

    import django_ratelimit.core

    started = time.time()
    monkeypatch.setattr(django_ratelimit.core, "time", types.SimpleNamespace(time=lambda: started))


# The test databases are built from the models (``--no-migrations`` in pyproject.toml): running
# the 89 migrations re-renders the model graph at every operation and took 100 s per worker.
# The migrations themselves are checked by CI on new PostgreSQL and SQLite databases
# (``migrate``, ``makemigrations --check``). What only migrations create is listed here and
# applied after the tables; tests/test_migrations.py fails when a migration adds schema that
# this list does not know.
SCHEMA_MIGRATIONS = [
    ("cabildo.pqrs.migrations.0002_spanish_unaccent_search", "forward"),
    ("cabildo.pqrs.migrations.0005_petition_search_document", "forward"),
]


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: None, django_db_blocker: Any) -> None:
    """The models' tables, then the schema only migrations create (PostgreSQL full-text search:
    the ``es_unaccent`` configuration and the petitions' stored search document)."""
    import importlib

    from django.apps import apps
    from django.db import connection

    with django_db_blocker.unblock(), connection.schema_editor() as editor:
        for module, function in SCHEMA_MIGRATIONS:
            getattr(importlib.import_module(module), function)(apps, editor)


# What migrate writes and no test changes: the content types and the permissions. Kept by the
# flush after a transactional test, the post_migrate signal that follows it finds them all and
# writes nothing (emptied, it wrote some 300 content types and 1,200 permissions again).
KEPT_BY_FLUSH = frozenset({"django_content_type", "auth_permission"})


@pytest.fixture(scope="session", autouse=True)
def _postgres_flush_by_delete() -> Any:
    """After each transactional test (the browser tests' live server) Django empties every table.
    On PostgreSQL it does so with one TRUNCATE of the ~300 tables, which replaces each table's
    files: 3 to 20 s per test, against 0.3 s on SQLite. Deleting the rows inside the flush's
    transaction is as clean (Django's foreign keys are deferred to the commit) and takes a
    fraction of a second on the few rows a test leaves, in one round trip. Sequences are still
    reset by TRUNCATE when a test asks for it (``reset_sequences``). On both databases the flush
    keeps ``KEPT_BY_FLUSH``."""
    from django.db.backends.postgresql.operations import DatabaseOperations

    truncate = DatabaseOperations.sql_flush

    def sql_flush(
        self: DatabaseOperations,
        style: Any,
        tables: Any,
        *,
        reset_sequences: bool = False,
        allow_cascade: bool = False,
    ) -> list[str]:
        if reset_sequences:
            return truncate(
                self, style, tables, reset_sequences=reset_sequences, allow_cascade=allow_cascade
            )
        deletes = [
            f"{style.SQL_KEYWORD('DELETE FROM')} {style.SQL_FIELD(self.quote_name(table))};"
            for table in tables
            if table not in KEPT_BY_FLUSH
        ]
        return ["\n".join(deletes)]  # one round trip, not one per table

    from django.db.backends.sqlite3.base import DatabaseOperations as SQLiteOperations

    sqlite_flush = SQLiteOperations.sql_flush

    def sqlite_sql_flush(
        self: SQLiteOperations,
        style: Any,
        tables: Any,
        *,
        reset_sequences: bool = False,
        allow_cascade: bool = False,
    ) -> list[str]:
        if not reset_sequences:
            tables = [table for table in tables if table not in KEPT_BY_FLUSH]
        return sqlite_flush(
            self, style, tables, reset_sequences=reset_sequences, allow_cascade=allow_cascade
        )

    DatabaseOperations.sql_flush = sql_flush  # type: ignore[method-assign]
    SQLiteOperations.sql_flush = sqlite_sql_flush  # type: ignore[method-assign]
    yield
    DatabaseOperations.sql_flush = truncate  # type: ignore[method-assign]
    SQLiteOperations.sql_flush = sqlite_flush  # type: ignore[method-assign]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    """Debian's Chromium; Playwright never downloads a browser here."""
    return {
        **browser_type_launch_args,
        "executable_path": os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"),
        "args": CHROMIUM_ARGS,
    }


SCREENSHOT_FOLDERS = ("CABILDO_SCREENSHOTS", "SCREENSHOTS_DIR")


@pytest.fixture(scope="session", autouse=True)
def _screenshots_only_for_people() -> Any:
    """The browser tests' screenshots are for a person to look at: taken only when
    ``$CABILDO_SCREENSHOTS`` (or ``$SCREENSHOTS_DIR``) names a folder. Otherwise nobody sees
    them, and each full-page capture costs a render: ``screenshot()`` returns no image."""
    if any(os.environ.get(name) for name in SCREENSHOT_FOLDERS):
        yield
        return
    try:
        from playwright.sync_api import Locator, Page
    except ImportError:  # pragma: no cover (Playwright is a test dependency)
        yield
        return
    originals = (Page.screenshot, Locator.screenshot)

    def skipped(self: Any, *args: Any, **kwargs: Any) -> bytes:
        return b""

    Page.screenshot = skipped  # type: ignore[method-assign,assignment]
    Locator.screenshot = skipped  # type: ignore[method-assign,assignment]
    yield
    Page.screenshot, Locator.screenshot = originals  # type: ignore[method-assign,assignment]


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


def _unlogged(load: Callable[[], Any]) -> Any:
    """Run the test client's own lookup without leaving it in the connection's query log: the
    query guards count what the page costs, not what the test client needs to address it."""
    from django.db import connection

    before = len(connection.queries_log)
    try:
        return load()
    finally:
        while len(connection.queries_log) > before:
            connection.queries_log.pop()


class EntityClient(Client):
    """The test client, addressing one entity by its URL as a browser does.

    A path written without a prefix (``reverse()`` outside a request gives an entity's paths
    unprefixed) is sent as ``/<slug>/path`` to the entity named by a ``?entidad=`` in it, else
    ``client.entity`` (set by ``public_client`` and ``staff_client``), else the default entity.
    Paths that carry a prefix, absolute URLs, requests with their own host name and the
    installation's own paths (``/static/``, ``/healthz``, ``/api/``…) go as written.
    ``raw_client`` sends every path as written (old links, the directory of entities)."""

    _entity: Entity | None = None

    @property
    def entity(self) -> Entity | None:
        return self._entity

    @entity.setter
    def entity(self, entity: Entity | None) -> None:
        """Choosing the entity also puts reverse() in the test on its paths."""
        self._entity = entity
        if entity is not None:
            self.__dict__.setdefault("_known_slugs", {})[entity.slug] = entity
        set_script_prefix(f"/{entity.slug}/" if entity is not None else "/")

    def _slug_entity(self, slug: str) -> Entity | None:
        """The entity of a slug, remembered for the client's life: the client's own lookups
        must not count in the tests' query guards."""
        from cabildo.core.middleware import entity_by_slug

        known: dict[str, Entity | None] = self.__dict__.setdefault("_known_slugs", {})
        if slug not in known:
            known[slug] = _unlogged(lambda: entity_by_slug(slug))
        return known[slug]

    def _default(self) -> Entity | None:
        from cabildo.core.middleware import default_entity

        if "_default_entity" not in self.__dict__:
            self.__dict__["_default_entity"] = _unlogged(default_entity)
        return self.__dict__["_default_entity"]

    def entity_path(self, path: str, query_params: dict[str, Any] | None = None) -> str:
        from urllib.parse import parse_qsl, urlencode

        from cabildo.core.middleware import (
            API_PREFIX,
            GLOBAL_PREFIXES,
            NO_ENTITY_PATHS,
            SWITCH_PARAM,
        )

        if not path.startswith("/") or path.startswith("//"):
            return path
        bare, _mark, query = path.partition("?")
        if bare in NO_ENTITY_PATHS or bare.startswith(GLOBAL_PREFIXES):
            return path
        if bare.startswith(API_PREFIX) and self.entity is None:
            return path  # the API takes ?entidad= as a filter, or the default entity
        pairs = parse_qsl(query, keep_blank_values=True)
        switch = dict(pairs).get(SWITCH_PARAM)
        if switch is None and query_params and SWITCH_PARAM in query_params:
            switch = str(query_params.pop(SWITCH_PARAM))
        first = bare.split("/")[1]
        if first and self._slug_entity(first) is not None:  # already names an entity
            if switch is None:
                return path
            bare = bare.removeprefix(f"/{first}") or "/"
        if switch is not None:
            named = self._slug_entity(switch)
            if named is None:
                return f"{bare}?{urlencode([(SWITCH_PARAM, switch)])}"  # the unknown-entity 404
            query = urlencode([(k, v) for k, v in pairs if k != SWITCH_PARAM])
            entity: Entity | None = named
        else:
            entity = self.entity or self._default()
        if entity is None:
            return path
        return f"/{entity.slug}{bare}" + (f"?{query}" if query else "")

    def generic(self, method: str, path: str, *args: Any, **kwargs: Any) -> Any:
        headers = kwargs.get("headers") or {}
        if "HTTP_HOST" in kwargs or "host" in {h.lower() for h in headers}:
            set_script_prefix("/")  # the entity's own host: its paths carry no prefix
            return super().generic(method, path, *args, **kwargs)
        query_params = kwargs.get("query_params")
        if query_params:
            kwargs["query_params"] = query_params = dict(query_params)
        path = self.entity_path(str(path), query_params)
        response = super().generic(method, path, *args, **kwargs)
        # Like a browser tab, the test goes on in the entity it visited last: reverse() in the
        # test then gives that entity's paths, as the pages' own links do.
        if path.startswith("/"):
            slug = path.split("?", 1)[0].split("/")[1]
            if slug and self._slug_entity(slug) is not None:
                set_script_prefix(f"/{slug}/")
        return response


@pytest.fixture
def client() -> EntityClient:
    return EntityClient()


@pytest.fixture
def raw_client() -> Client:
    """The plain test client: every path exactly as written."""
    return Client()


@pytest.fixture
def public_client(client: EntityClient) -> Callable[[Entity], EntityClient]:
    """``public_client(entity)`` → the anonymous test client on ``entity``'s pages."""

    def on(entity: Entity) -> EntityClient:
        client.entity = entity
        return client

    return on


@pytest.fixture
def staff_client(
    client: EntityClient, make_member: Callable[..., User], entity: Entity
) -> Callable[..., Any]:
    """``staff_client(role, entity=entity, area=None)`` → the test client logged in as that role,
    on ``entity``'s pages."""

    def login(role: str, entity: Entity = entity, area: Area | None = None) -> Any:
        user = make_member(role, entity, area)
        client.force_login(user)
        client.entity = entity
        client.user = user  # type: ignore[attr-defined]
        return client

    return login


def console_problems_of(page: Any) -> list[str]:
    """A list that fills with the page's console errors, CSP reports and uncaught errors."""
    problems: list[str] = []
    page.on(
        "console",
        lambda msg: (
            problems.append(msg.text)
            if msg.type == "error" or "Content Security Policy" in msg.text
            else None
        ),
    )
    page.on("pageerror", lambda exc: problems.append(str(exc)))
    return problems


# The axe-core rules about the page's language: all a second language can change (the same
# markup, styles and names, the words translated). A page checked in full in Spanish is checked
# in English with these only (a full run costs 1 to 2 s of CPU a page here).
LANGUAGE_RULES = ("html-has-lang", "html-lang-valid", "html-xml-lang-mismatch", "valid-lang")


def axe_violations(
    page: Any,
    impacts: tuple[str, ...] = ("serious", "critical"),
    rules: tuple[str, ...] | None = None,
) -> list[str]:
    """axe-core violations of the given impacts on the page, as readable lines (all the rules,
    or only ``rules``)."""
    from axe_playwright_python.sync_playwright import Axe

    options: dict[str, Any] = {"resultTypes": ["violations"]}
    if rules:
        options["runOnly"] = {"type": "rule", "values": list(rules)}
    results = Axe().run(page, options=options)
    found = []
    for violation in results.response["violations"]:
        if violation.get("impact") in impacts:
            targets = [", ".join(node["target"]) for node in violation["nodes"][:5]]
            found.append(
                f"{violation['id']} ({violation['impact']}): {violation['help']} → {targets}"
            )
    return found
