"""Shared API views: the public list of entities and the Swagger UI under a strict CSP."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from drf_spectacular.views import SpectacularSwaggerSplitView
from rest_framework import generics, permissions
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from cabildo.api.serializers import EntitySerializer
from cabildo.core import selectors
from cabildo.core.models import Entity
from cabildo.core.openapi import tag


@extend_schema(
    summary=_("Entidades"),
    description=_("Entidades públicas activas que usan Cabildo (datos institucionales públicos)."),
    tags=[tag(_("entidades"))],
)
class EntityListAPIView(generics.ListAPIView):
    """Public, read-only, paginated list of the active entities."""

    serializer_class = EntitySerializer
    permission_classes = [permissions.AllowAny]
    filter_backends: list[Any] = []

    def get_queryset(self) -> QuerySet[Entity]:
        return selectors.entity_list()


class DocsView(SpectacularSwaggerSplitView):
    """Swagger UI with every asset from our own static files: the page's HTML has no inline
    script or style, and its initialisation script is served by this same view (``?script``),
    so the global strict CSP applies unchanged."""

    template_name = "api/swagger_ui.html"


class NotFoundView(APIView):
    """Any unknown address under ``/api/v1/``: a JSON 404 with the API's error shape."""

    authentication_classes: list[Any] = []
    permission_classes = [permissions.AllowAny]
    schema = None  # not an operation of the API

    def _not_found(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        raise NotFound(_("No existe esta dirección de la API."))

    get = post = put = patch = delete = _not_found
