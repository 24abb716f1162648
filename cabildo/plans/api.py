"""``GET /api/v1/plans/<year>/``: the public version of the entity's plan, with its activities.

Public (no login), read-only. Same data as the public plan page: no personal data.
"""

from __future__ import annotations

from typing import Any

from django.urls import path
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.exceptions import NotFound
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from cabildo.core.openapi import tag
from cabildo.plans import selectors
from cabildo.plans.models import Channel, PlannedActivity, PlanVersion


class ActivitySerializer(serializers.ModelSerializer):
    area = serializers.CharField(source="area.name")
    space = serializers.CharField(source="space_label")
    body_is_formal = serializers.SerializerMethodField()
    stakeholder_groups = serializers.SerializerMethodField()
    channels = serializers.ListField(
        child=serializers.ChoiceField(choices=Channel.choices),
        help_text=_("Canales de la actividad (uno o varios)."),
    )

    class Meta:
        model = PlannedActivity
        fields = [
            "id",
            "name",
            "description",
            "area",
            "goal",
            "unit",
            "indicator",
            "responsible",
            "periodicity",
            "phase",
            "procedure",
            "incidence_level",
            "space",
            "body_is_formal",
            "stakeholder_groups",
            "channels",
            "mechanism",
            "methodology",
            "budget",
            "alliances",
            "start_date",
            "end_date",
            "is_accountability",
            "murc_action",
        ]

    def get_body_is_formal(self, obj: PlannedActivity) -> bool:
        return obj.is_in_formal_body

    def get_stakeholder_groups(self, obj: PlannedActivity) -> list[str]:
        return [g.name for g in obj.stakeholder_groups.all()]


class PublicPlanSerializer(serializers.ModelSerializer):
    year = serializers.IntegerField(source="plan.year")
    title = serializers.CharField(source="plan.title")
    activities = serializers.SerializerMethodField()

    class Meta:
        model = PlanVersion
        fields = ["year", "title", "number", "status", "changelog", "approved_on", "activities"]

    def get_activities(self, obj: PlanVersion) -> Any:
        return ActivitySerializer(selectors.version_activities(version=obj), many=True).data


@extend_schema(
    summary=_("Plan de participación publicado"),
    description=_(
        "La última versión pública del plan de participación de la entidad para la vigencia, "
        "con sus actividades."
    ),
    tags=[tag(_("plan de participación"))],
    responses=PublicPlanSerializer,
)
class PublicPlanAPIView(APIView):
    permission_classes = [AllowAny]

    def get(self, request: Request, year: int) -> Response:
        entity = getattr(request, "entity", None)
        version = selectors.public_version(entity=entity, year=year) if entity else None
        if version is None:
            raise NotFound(_("No hay un plan publicado para esa vigencia."))
        return Response(PublicPlanSerializer(version).data)


urlpatterns = [path("plans/<int:year>/", PublicPlanAPIView.as_view(), name="public_plan")]
