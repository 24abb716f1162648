"""Shared API views: the public list of entities and the Swagger UI under a strict CSP."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from drf_spectacular.views import SpectacularSwaggerSplitView
from rest_framework import generics, permissions

from cabildo.api.serializers import EntitySerializer
from cabildo.core import selectors
from cabildo.core.models import Entity


@extend_schema(
    summary=_("Entidades"),
    description=_("Entidades públicas activas que usan Cabildo (datos institucionales públicos)."),
    tags=[_("entidades")],
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
