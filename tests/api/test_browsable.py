"""The browsable API's HTML pages (``cabildo.api.renderers.BrowsableAPIRenderer``): the page's
language on ``<html>``, as on every other page of the product, and no inline style that the
CSP (``style-src 'self'``) blocks."""

import re

import pytest
from django.test import Client

from cabildo.accounts.models import Role
from tests.bodies.factories import ParticipationBodyFactory

pytestmark = pytest.mark.django_db

PAGES = [
    "/api/v1/bodies/",  # a list with filters (the «Filtros» button)
    "/api/v1/bodies/?kind=x",  # a 400
    "/api/v1/pqrs/",  # POST only: the raw data form
    "/api/v1/execution/staff/contributions/",  # a staff list with filters
]


def _page(client, entity, path, **headers):
    response = client.get(f"/{entity.slug}{path}", HTTP_ACCEPT="text/html", **headers)
    assert response["Content-Type"].startswith("text/html"), path
    return response, response.content.decode()


@pytest.mark.parametrize("path", PAGES)
def test_page_has_the_language_and_no_inline_style(raw_client, make_member, entity, path):
    ParticipationBodyFactory(entity=entity, name="Consejo de Cultura")
    raw_client.force_login(make_member(Role.ENTITY_ADMIN, entity, None))
    response, html = _page(raw_client, entity, path)
    assert '<html lang="es-CO">' in html
    inline = re.search(r"<[^>]+\sstyle=[^>]*>", html)
    assert inline is None, inline.group(0)
    assert "<style" not in html
    assert "/static/api/css/browsable.css" in html
    policy = response["Content-Security-Policy"]
    assert "style-src 'self'" in policy and "unsafe-inline" not in policy


def test_page_in_english(entity):
    ParticipationBodyFactory(entity=entity)
    client = Client()
    client.cookies["django_language"] = "en"
    _response, html = _page(client, entity, "/api/v1/bodies/")
    assert '<html lang="en">' in html


def test_the_filters_button_keeps_its_place(entity):
    _response, html = _page(Client(), entity, "/api/v1/bodies/")
    assert 'data-drf-style="end"' in html and 'data-target="#filtersModal"' in html
