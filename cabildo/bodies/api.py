"""Public, read-only API of the participation bodies (the same data as the public directory).

``GET /api/v1/bodies/``: the directory (filters ``q``, ``kind``, ``status``, ``territory``,
``area``); ``GET /api/v1/bodies/<pk>/``: a body with its public seats and sessions;
``GET /api/v1/bodies/system/<year>/``: the sistema municipal for a year. No personal data.
"""

from __future__ import annotations

from typing import Any

from django.urls import path
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.exceptions import NotFound
from rest_framework.generics import ListAPIView
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from cabildo.bodies import selectors
from cabildo.bodies.filters import DirectoryFilterSet
from cabildo.bodies.models import FIGURES, BodySession, ParticipationBody
from cabildo.core.http import request_entity as _entity
from cabildo.core.openapi import tag


class BodySerializer(serializers.ModelSerializer):
    territory = serializers.CharField(source="territory.name", default=None)
    secretariat = serializers.CharField(source="secretariat.name", default=None)
    legal_act = serializers.CharField(read_only=True)

    class Meta:
        model = ParticipationBody
        fields = [
            "id",
            "name",
            "acronym",
            "kind",
            "is_formal",
            "legal_act",
            "status",
            "territory",
            "secretariat",
            "represented",
            "meeting_frequency",
            "public_contact",
        ]


class PublicSeatSerializer(serializers.Serializer):
    seat = serializers.CharField()
    sector = serializers.CharField()
    name = serializers.CharField()
    is_vacant = serializers.BooleanField()
    term_start = serializers.DateField(allow_null=True)
    term_end = serializers.DateField(allow_null=True)


class PublicSessionSerializer(serializers.ModelSerializer):
    has_minutes = serializers.SerializerMethodField()

    class Meta:
        model = BodySession
        fields = ["id", "date", "place", "attendance_count", "agenda", "decisions", "has_minutes"]

    def get_has_minutes(self, obj: BodySession) -> bool:
        return bool(obj.minutes)


class BodyDetailSerializer(BodySerializer):
    functions = serializers.CharField()
    scope = serializers.CharField()
    regulating_norms = serializers.CharField()

    class Meta(BodySerializer.Meta):
        fields = [*BodySerializer.Meta.fields, "functions", "scope", "regulating_norms"]


@extend_schema(
    summary=_("Directorio de instancias de participación"),
    tags=[tag(_("instancias de participación"))],
)
class BodyListAPIView(ListAPIView):
    """The public directory's bodies, with its filters (the same FilterSet: a bad value is a
    400 naming the parameter)."""

    permission_classes = [AllowAny]
    serializer_class = BodySerializer
    filterset_class = DirectoryFilterSet

    def get_queryset(self) -> Any:
        if getattr(self, "swagger_fake_view", False):  # schema generation: no request entity
            return ParticipationBody.objects.none()
        return selectors.body_list(entity=_entity(self.request), public=True)


@extend_schema(
    summary=_("Ficha pública de una instancia"),
    tags=[tag(_("instancias de participación"))],
    responses=BodyDetailSerializer,
)
class BodyDetailAPIView(APIView):
    permission_classes = [AllowAny]
    model = ParticipationBody

    def get(self, request: Request, pk: int) -> Response:
        entity = _entity(request)
        try:
            body = selectors.body_detail(entity=entity, pk=pk, public=True)
        except ParticipationBody.DoesNotExist as exc:
            raise NotFound(_("La instancia no existe.")) from exc
        data = dict(BodyDetailSerializer(body).data)
        data["seats"] = PublicSeatSerializer(selectors.public_members(body=body), many=True).data
        data["sessions"] = PublicSessionSerializer(
            selectors.body_sessions(body=body, public_only=True), many=True
        ).data
        return Response(data)


@extend_schema(
    summary=_("Sistema municipal de participación de una vigencia"),
    tags=[tag(_("instancias de participación"))],
    responses=dict,
)
class SystemAPIView(APIView):
    permission_classes = [AllowAny]

    def get(self, request: Request, year: int) -> Response:
        overview = selectors.system_overview(entity=_entity(request), year=year)
        return Response(
            {
                "year": overview["year"],
                "total": overview["total"],
                "dimensions": {
                    d.key: [
                        {
                            "value": r["value"],
                            "label": str(r["label"]) if r["label"] is not None else None,
                            "count": r["count"],
                            "percent": r["percent"],
                        }
                        for r in d.rows
                    ]
                    for d in overview["dimensions"]
                },
                "difficulties": overview["difficulties"],
                "results": overview["results"],
                "challenges": overview["challenges"],
                "sessions_held": overview["sessions_held"],
                "active_members": overview["active_members"],
                "bodies": [
                    {
                        "id": row["body"].pk,
                        "name": row["body"].name,
                        **{
                            name: {
                                "value": row[name].value,
                                "registry": row[name].recount,
                                "corrected": row[name].corrected,
                                "reason": row[name].reason,
                            }
                            for name in FIGURES
                        },
                    }
                    for row in overview["bodies"]
                ],
            }
        )


urlpatterns = [
    path("bodies/", BodyListAPIView.as_view(), name="body_list"),
    path("bodies/<int:pk>/", BodyDetailAPIView.as_view(), name="body_detail"),
    path("bodies/system/<int:year>/", SystemAPIView.as_view(), name="system"),
]
