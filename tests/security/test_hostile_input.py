"""Hostile input never answers 500 (issue 21): NUL bytes, huge numbers, deeply nested JSON and
bad hosts, sent to every URL pattern and API operation of the project.

Runs on SQLite by default; run it on PostgreSQL too (where a NUL byte in a query is a database
error): ``DATABASE_URL=postgres://postgres@127.0.0.1:5432/cabildo_<name> pytest <this file>``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

import pytest
from django.test import Client, override_settings
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import RoutePattern

from cabildo.accounts.models import Role
from cabildo.core.guards import parse_id

pytestmark = pytest.mark.django_db

HUGE = "99999999999999999999999"
SKIPPED = ("admin-tecnico/", "static/", "media/", "i18n/")
HOSTILE_QUERY = {
    "q": "\x00",
    "kind": "\x00",
    "status": "\x00",
    "entidad": "\x00",
}
HUGE_QUERY = {
    "area": HUGE,
    "event": HUGE,
    "page": HUGE,
    "year": HUGE,
    "cursor": HUGE,
    "kind": HUGE,
    "status": HUGE,
    "q": HUGE,
    "period": HUGE,
}
CONVERTER = re.compile(r"<(?:(?P<kind>\w+):)?(?P<name>\w+)>")


def _routes(patterns=None, prefix: str = "") -> Iterator[str]:
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        if not isinstance(entry.pattern, RoutePattern):
            continue  # regex routes: the technical admin and the static files
        route = prefix + str(entry.pattern)
        if route.startswith(SKIPPED):
            continue
        if isinstance(entry, URLResolver):
            yield from _routes(entry.url_patterns, route)
        elif isinstance(entry, URLPattern):
            yield route


def _fill(route: str, value_for_int: str, value_for_text: str) -> str:
    def replace(match: re.Match) -> str:
        return value_for_int if match["kind"] == "int" else value_for_text

    return "/" + CONVERTER.sub(replace, route)


@pytest.fixture(scope="module")
def routes() -> list[str]:
    found = sorted(set(_routes()))
    assert len(found) > 50
    return found


def _assert_no_500(failures: list[str]) -> None:
    assert not failures, "\n".join(failures[:40])


def test_a_nul_byte_anywhere_is_a_400(client, entity, routes):
    failures = []
    for route in routes:
        for url, query in (
            (_fill(route, "1", "x"), HOSTILE_QUERY),
            (_fill(route, "1", "\x00"), {}),
        ):
            if "\x00" not in url and not query:
                continue
            response = client.get(url, query)
            if response.status_code != 400:
                failures.append(f"{response.status_code} GET {url!r} {query}")
    _assert_no_500(failures)


def test_the_nul_answer_is_spanish_json_under_the_api(client, entity):
    response = client.get("/api/v1/pqrs/%00/", {"code": "x"})
    assert response.status_code == 400
    assert response.json() == {
        "detail": "La solicitud contiene caracteres no permitidos.",
        "errors": {},
    }
    page = client.get("/sitemap.xml", {"x": "\x00"})
    assert page.status_code == 400
    assert "Solicitud no válida" in page.content.decode()


@pytest.mark.parametrize("who", ["anonymous", Role.ENTITY_ADMIN])
def test_huge_numbers_in_paths_and_filters_never_answer_500(
    client, staff_client, entity, routes, who
):
    if who != "anonymous":
        client = staff_client(who)
    failures = []
    for route in routes:
        url = _fill(route, HUGE, "x")
        query = {**HUGE_QUERY, "entidad": entity.slug} if url.startswith("/api/") else HUGE_QUERY
        try:
            response = client.get(url, query)
        except Exception as exc:  # the test client re-raises what would be a 500
            failures.append(f"{type(exc).__name__}: {exc} GET {url}")
            continue
        if response.status_code >= 500:
            failures.append(f"{response.status_code} GET {url}")
    _assert_no_500(failures)


def _deep(levels: int) -> str:
    return "[" * levels + "]" * levels


@pytest.mark.parametrize("who", ["anonymous", Role.ENTITY_ADMIN])
def test_deep_json_to_every_api_operation_is_a_400(client, staff_client, entity, routes, who):
    if who != "anonymous":
        client = staff_client(who)
    body = json.dumps({"description": "x", "nested": None}).replace("null", _deep(50_000))
    failures = []
    for route in routes:
        if not route.startswith("api/"):
            continue
        url = _fill(route, "1", "x") + f"?entidad={entity.slug}"
        for method in ("post", "put", "patch"):
            try:
                response = getattr(client, method)(url, body, content_type="application/json")
            except Exception as exc:
                failures.append(f"{type(exc).__name__} {method.upper()} {url}")
                continue
            if response.status_code >= 500:
                failures.append(f"{response.status_code} {method.upper()} {url}")
    _assert_no_500(failures)


def test_deep_json_filing_is_refused_in_spanish(client, entity):
    response = client.post(
        f"/api/v1/pqrs/?entidad={entity.slug}", _deep(50_000), content_type="application/json"
    )
    assert response.status_code == 400
    assert "anidamiento" in response.json()["detail"]


@override_settings(ALLOWED_HOSTS=["cabildo.test"], DEBUG=False, SECURE_SSL_REDIRECT=True)
@pytest.mark.parametrize("path", ["/", "/api/v1/pqrs/", "/healthz", "/no-existe/"])
def test_a_bad_host_is_a_400_page(entity, path):
    raw = Client(raise_request_exception=False)
    for secure in (True, False):
        response = raw.get(path, HTTP_HOST="evil.example", secure=secure)
        assert response.status_code == 400, (path, secure, response.status_code)


def test_bad_host_page_renders_before_authentication(rf):
    """The 400 page's template runs the context processors on a request that never reached
    the authentication middleware (no ``request.user``)."""
    from django.views.defaults import bad_request

    request = rf.get("/")
    assert not hasattr(request, "user")
    response = bad_request(request, Exception("bad host"))
    assert response.status_code == 400
    assert "Solicitud no válida" in response.content.decode()


@pytest.mark.parametrize(
    ("value", "expected"),
    [("7", 7), (" 12 ", 12), ("0", None), ("-1", None), (HUGE, None), ("9" * 19, None)],
)
def test_parse_id(value, expected):
    assert parse_id(value) == expected
    assert parse_id(str(2**63 - 1)) == 2**63 - 1
    assert parse_id("١٢") is None  # Arabic-Indic digits are digits to str.isdigit()
