"""The browsable API pages follow the visitor's language (no class names nor docstrings)."""

from __future__ import annotations

import pytest
from django.conf import settings

from tests.browser.catalogues import ensure_compiled

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _compiled() -> None:
    ensure_compiled()


@pytest.mark.parametrize(
    ("language", "expected", "absent"),
    [
        ("es", ["<title>Entidades", "Entidades públicas activas que usan Cabildo"], []),
        ("en", ["<title>Entities", "Active public entities using Cabildo"], ["Entidades"]),
    ],
)
def test_browsable_api_page_in_visitor_language(client, entity, language, expected, absent):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    html = client.get("/api/v1/entities/", HTTP_ACCEPT="text/html").content.decode()
    for text in expected:
        assert text in html
    for text in [*absent, "Entity List Api", "Public, read-only, paginated list"]:
        assert text not in html


def test_view_without_annotation_is_named_after_its_model(rf):
    from rest_framework import generics

    from cabildo.api.naming import view_description, view_name
    from cabildo.core.models import Area

    class Unannotated(generics.ListAPIView):
        """Developer documentation, never shown."""

        queryset = Area.objects.none()

    view = Unannotated()
    view.request = rf.get("/")
    view.kwargs = {}
    assert view_name(view) == "Dependencias"
    assert view_description(view) == ""
