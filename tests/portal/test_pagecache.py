"""The whole-page cache of the public pages (cabildo.portal.pagecache)."""

from __future__ import annotations

import re

import pytest
from django.contrib.messages import constants
from django.contrib.messages.storage.base import Message
from django.contrib.messages.storage.cookie import CookieStorage
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cabildo.core.mixins import PublicPageCacheMixin
from cabildo.core.public_cache import entity_version, invalidate_entity
from cabildo.portal import pagecache
from cabildo.portal.views import HomeView
from tests.conftest import EntityClient
from tests.portal.factories import AttentionChannelFactory

pytestmark = pytest.mark.django_db

NONCE_IN_BODY = re.compile(r'nonce="([^"]+)"')
CSRF_IN_BODY = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def _get(client, url, entity, **params):
    return client.get(url, {"entidad": entity.slug, **params})


def _nonce_of_header(response) -> str:
    return re.search(r"'nonce-([^']+)'", response["Content-Security-Policy"]).group(1)


def test_second_anonymous_visit_is_served_from_the_cache(client, entity):
    first = _get(client, "/", entity)
    second = _get(client, "/", entity)
    assert first.status_code == second.status_code == 200
    assert first[pagecache.CACHE_HEADER] == "miss"
    assert second[pagecache.CACHE_HEADER] == "hit"
    # Same page, apart from the per-request values.
    strip = lambda r: CSRF_IN_BODY.sub("", NONCE_IN_BODY.sub("", r.content.decode()))  # noqa: E731
    assert strip(first) == strip(second)
    assert entity.name in second.content.decode()


def test_each_answer_gets_its_own_nonce_matching_its_csp_header(client, entity):
    _get(client, "/", entity)
    nonces = []
    for _ in range(2):
        response = _get(client, "/", entity)
        assert response[pagecache.CACHE_HEADER] == "hit"
        in_body = set(NONCE_IN_BODY.findall(response.content.decode()))
        assert in_body == {_nonce_of_header(response)}
        assert pagecache.NONCE_MARK.decode() not in response.content.decode()
        nonces.append(_nonce_of_header(response))
    assert nonces[0] != nonces[1]


def test_the_csrf_token_of_a_cached_page_is_the_visitors_own(entity):
    """A visitor served from the cache can still switch the language (a POST with CSRF)."""
    warm = EntityClient()
    assert _get(warm, "/", entity)[pagecache.CACHE_HEADER] == "miss"
    visitor = EntityClient(enforce_csrf_checks=True)
    page = _get(visitor, "/", entity)
    assert page[pagecache.CACHE_HEADER] == "hit"
    tokens = CSRF_IN_BODY.findall(page.content.decode())
    assert tokens and pagecache.CSRF_MARK.decode() not in tokens
    assert "csrftoken" in page.cookies
    response = visitor.post(
        reverse("set_language"),
        {"language": "en", "next": "/", "csrfmiddlewaretoken": tokens[0]},
    )
    assert response.status_code == 302
    # Someone else's token (the one the cache was filled with) is refused.
    stranger = EntityClient(enforce_csrf_checks=True)
    stranger.cookies["csrftoken"] = "x" * 32
    refused = stranger.post(
        reverse("set_language"),
        {"language": "en", "next": "/", "csrfmiddlewaretoken": tokens[0]},
    )
    assert refused.status_code == 403


def test_a_change_of_the_entitys_data_is_shown_at_once(client, entity):
    _get(client, reverse("portal:channels"), entity)
    assert _get(client, reverse("portal:channels"), entity)[pagecache.CACHE_HEADER] == "hit"
    AttentionChannelFactory(entity=entity, name="Ventanilla nueva del sótano")
    response = _get(client, reverse("portal:channels"), entity)
    assert response[pagecache.CACHE_HEADER] == "miss"
    assert "Ventanilla nueva del sótano" in response.content.decode()


def test_another_entitys_change_keeps_the_page(client, entity, other_entity):
    _get(client, reverse("portal:channels"), entity)
    AttentionChannelFactory(entity=other_entity)
    assert _get(client, reverse("portal:channels"), entity)[pagecache.CACHE_HEADER] == "hit"


def test_updates_without_signals_invalidate_explicitly(entity):
    before = entity_version(entity)
    invalidate_entity(entity.pk)
    assert entity_version(entity) > before


def test_signed_in_officials_always_get_a_fresh_page(staff_client, entity):
    client = staff_client("admin", entity)
    for _ in range(2):
        response = client.get("/")
        assert response.status_code == 200
        assert pagecache.CACHE_HEADER not in response


def test_unknown_query_parameters_are_rendered_not_cached(client, entity):
    for _ in range(2):
        response = _get(client, "/", entity, utm_source="x")
        assert response.status_code == 200
        assert pagecache.CACHE_HEADER not in response
    # A declared parameter is cached, per value.
    url = reverse("pqrs:public_stats")
    assert _get(client, url, entity, year=2025)[pagecache.CACHE_HEADER] == "miss"
    assert _get(client, url, entity, year=2025)[pagecache.CACHE_HEADER] == "hit"
    assert _get(client, url, entity, year=2024)[pagecache.CACHE_HEADER] == "miss"


def test_a_visitor_with_a_pending_message_gets_a_fresh_page(client, entity):
    _get(client, "/", entity)
    storage = CookieStorage(type("Request", (), {"COOKIES": {}})())
    client.cookies["messages"] = storage._encode(
        [Message(constants.SUCCESS, "Su solicitud fue radicada.")]
    )
    response = _get(client, "/", entity)
    assert pagecache.CACHE_HEADER not in response
    assert "Su solicitud fue radicada." in response.content.decode()


def test_each_language_has_its_own_page(client, entity):
    spanish = _get(client, "/", entity)
    english = client.get("/", {"entidad": entity.slug}, HTTP_ACCEPT_LANGUAGE="en")
    assert spanish[pagecache.CACHE_HEADER] == "miss"
    assert english[pagecache.CACHE_HEADER] == "miss"
    assert 'lang="en"' in english.content.decode()
    again = client.get("/", {"entidad": entity.slug}, HTTP_ACCEPT_LANGUAGE="en")
    assert again[pagecache.CACHE_HEADER] == "hit"
    assert 'lang="en"' in again.content.decode()


def test_error_pages_are_not_stored(client, entity):
    url = reverse("portal:section", args=["no-existe"])
    for _ in range(2):
        response = _get(client, url, entity)
        assert response.status_code == 404
        assert pagecache.CACHE_HEADER not in response


def test_a_cached_page_costs_no_query_beyond_the_entity(client, entity):
    _get(client, "/", entity)
    with CaptureQueriesContext(connection) as queries:
        response = _get(client, "/", entity)
        assert response[pagecache.CACHE_HEADER] == "hit"
    # The entity of the URL: nothing else (no session, no write).
    tables = {t for q in queries.captured_queries for t in re.findall(r'FROM "(\w+)"', q["sql"])}
    assert tables == {"core_entity", "core_entityhostname"}, tables
    assert len(queries.captured_queries) == 1  # the entity of the URL (host name or prefix)


def test_htmx_fragments_are_cached_apart(client, entity):
    _get(client, "/", entity)
    response = client.get("/", {"entidad": entity.slug}, HTTP_HX_REQUEST="true")
    assert response[pagecache.CACHE_HEADER] == "miss"


def test_only_views_that_opt_in_are_cacheable():
    assert issubclass(HomeView, PublicPageCacheMixin)
    assert pagecache.cache_params(HomeView.as_view()) == ()
    assert pagecache.cache_params(lambda request: None) is None
