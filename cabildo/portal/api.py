"""Public, read-only API of the open datasets, generated from each ``PublicDataset``.

``GET /api/v1/datos-abiertos/``: the catalogue; ``GET /api/v1/datos-abiertos/<slug>/``: the
records of one dataset for the entity of the URL (host, ``/<slug>/`` prefix or
``?entidad=``), paginated and filterable by the dataset's ``filterset_fields``. Rate-limited
per client.
"""

from __future__ import annotations

import re
from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from django.urls import path
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import NotFound, Throttled
from rest_framework.generics import ListAPIView
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import SimpleRateThrottle
from rest_framework.views import APIView

from cabildo.core.drf import FilterBackend
from cabildo.core.http import request_entity
from cabildo.core.links import entity_url
from cabildo.core.net import client_key
from cabildo.core.openapi import tag
from cabildo.core.registry import PublicDataset
from cabildo.portal import opendata

DEFAULT_RATE = "120/min"
TAG = tag(_("datos abiertos"))
ENTITY_PARAMETER = OpenApiParameter(
    "entidad",
    str,
    description=_(
        "Identificador de la entidad (p. ej. «cali»). Por defecto, la entidad del nombre de "
        "host o la entidad predeterminada."
    ),
)


class PublicDataThrottle(SimpleRateThrottle):
    """Requests per client (the user when logged in, the IP address otherwise), counted in
    the cache. The rate is the ``CABILDO_PUBLIC_API_RATE`` setting (default 120 a minute)."""

    scope = "datos_abiertos"

    def get_rate(self) -> str:
        return getattr(settings, "CABILDO_PUBLIC_API_RATE", DEFAULT_RATE)

    def get_cache_key(self, request: Request, view: Any) -> str:
        if request.user and request.user.is_authenticated:
            ident = f"u{request.user.pk}"
        else:
            ident = client_key(request)
        return self.cache_format % {"scope": self.scope, "ident": ident}


class PublicDataThrottled(Throttled):
    default_detail = _("Ha hecho demasiadas solicitudes a la API de datos abiertos.")
    extra_detail_singular = _("Podrá consultarla de nuevo en {wait} segundo.")
    extra_detail_plural = _("Podrá consultarla de nuevo en {wait} segundos.")


class ThrottledMixin:
    throttle_classes = [PublicDataThrottle]
    permission_classes = [AllowAny]

    def throttled(self, request: Request, wait: float | None) -> None:
        raise PublicDataThrottled(wait)


class DatasetListAPIView(ThrottledMixin, ListAPIView):
    """Base of the generated views: one subclass per dataset (``dataset`` set)."""

    dataset: PublicDataset

    def get_queryset(self) -> Any:
        if getattr(self, "swagger_fake_view", False):  # schema generation: no request entity
            # No entity then: a dataset's queryset filters for_entity(None), which is empty.
            return self.dataset.queryset(None)  # type: ignore[arg-type]
        return self.dataset.queryset(request_entity(self.request))


def _model_of(dataset: PublicDataset) -> Any:
    """The model behind the dataset (for django-filter), if its rows come from a queryset."""
    try:
        rows = dataset.queryset(None)  # type: ignore[arg-type]  # (as above: no entity, no rows)
    except Exception:  # a dataset built from an iterable that needs an entity
        return None
    return rows.model if isinstance(rows, QuerySet) else None


def _class_name(slug: str) -> str:
    return "".join(part.capitalize() for part in re.split(r"[^a-zA-Z0-9]+", slug) if part)


def dataset_view(dataset: PublicDataset) -> type[DatasetListAPIView]:
    has_model = _model_of(dataset) is not None
    attrs: dict[str, Any] = {
        "dataset": dataset,
        "serializer_class": dataset.serializer_class,
        "filter_backends": [FilterBackend] if has_model else [],
        "filterset_fields": list(dataset.filterset_fields) if has_model else [],
        "filterset_class": dataset.filterset_class if has_model else None,
        "__doc__": str(dataset.description),
    }
    view = type(f"{_class_name(dataset.slug)}APIView", (DatasetListAPIView,), attrs)
    return extend_schema(
        summary=dataset.title,
        description=dataset.description,
        tags=[TAG],
        parameters=[ENTITY_PARAMETER],
    )(view)


class CatalogueEntrySerializer(serializers.Serializer):
    slug = serializers.CharField(help_text=_("Identificador del conjunto de datos."))
    title = serializers.CharField(help_text=_("Nombre del conjunto de datos."))
    description = serializers.CharField(help_text=_("Qué contiene."))
    api = serializers.CharField(help_text=_("Dirección de sus registros en esta API."))
    csv = serializers.CharField(help_text=_("Dirección del archivo CSV (UTF-8)."))
    json = serializers.CharField(help_text=_("Dirección del archivo JSON."))
    dictionary = serializers.CharField(help_text=_("Dirección del diccionario de datos."))


@extend_schema(
    summary=_("Catálogo de datos abiertos"),
    description=_("Los conjuntos de datos abiertos publicados, con sus direcciones."),
    tags=[TAG],
    responses=CatalogueEntrySerializer(many=True),
)
class CatalogueAPIView(ThrottledMixin, APIView):
    def get(self, request: Request) -> Response:
        entity = getattr(request, "entity", None)
        if entity is None:
            raise NotFound(_("No hay una entidad configurada."))
        entries = [
            {
                "slug": d.slug,
                "title": str(d.title),
                "description": str(d.description),
                "api": entity_url(entity, f"api:portal:{d.slug}"),
                "csv": entity_url(entity, "opendata:csv", args=[d.slug]),
                "json": entity_url(entity, "opendata:json", args=[d.slug]),
                "dictionary": entity_url(entity, "opendata:dictionary", args=[d.slug]),
            }
            for d in opendata.datasets()
        ]
        return Response(CatalogueEntrySerializer(entries, many=True).data)


urlpatterns = [
    path("datos-abiertos/", CatalogueAPIView.as_view(), name="catalogue"),
    *[
        path(f"datos-abiertos/{d.slug}/", dataset_view(d).as_view(), name=d.slug)
        for d in opendata.datasets()
    ],
]
