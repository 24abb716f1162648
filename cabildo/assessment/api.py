"""``GET /api/v1/autodiagnosticos/``: the entity's self-assessments with their ratings.

Staff only (session login, a role in the request's entity). Read-only; ratings come from
:mod:`cabildo.assessment.scoring` in one aggregate query for the whole list.
"""

from __future__ import annotations

from typing import Any

from django.urls import path
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from cabildo.assessment import scoring, selectors
from cabildo.core.drf import RulesPermission
from cabildo.core.http import request_entity


def _level(value: Any) -> dict[str, Any] | None:
    level = scoring.level_for(value)
    if level is None:
        return None
    return {"number": level.number, "label": str(level.label), "colour": level.colour}


class AssessmentRatingsAPIView(APIView):
    permission_classes = [RulesPermission]
    permission_required = "assessment.view_selfassessment"

    @extend_schema(
        summary=_("Autodiagnósticos MIPG de la entidad con sus calificaciones"),
        responses=inline_serializer(
            name="AssessmentRatings",
            many=True,
            fields={
                "year": serializers.IntegerField(),
                "state": serializers.CharField(),
                "catalogue_version": serializers.CharField(),
                "scored": serializers.IntegerField(),
                "total": serializers.DecimalField(max_digits=4, decimal_places=1, allow_null=True),
                "level": serializers.DictField(allow_null=True),
                "categories": serializers.ListField(child=serializers.DictField()),
            },
        ),
    )
    def get(self, request: Request) -> Response:
        entity = request_entity(request)
        result = []
        comparison = selectors.comparison(entity=entity)
        index = {year: i for i, year in enumerate(comparison.years)}
        for assessment, ratings in selectors.assessments_with_ratings(entity=entity):
            i = index[assessment.year]
            result.append(
                {
                    "year": assessment.year,
                    "state": assessment.state,
                    "catalogue_version": str(assessment.catalogue_version),
                    "scored": ratings.scored,
                    "total": ratings.total,
                    "level": _level(ratings.total),
                    "categories": [
                        {
                            "name": row.label,
                            "rating": row.values[i],
                            "level": _level(row.values[i]),
                        }
                        for row in comparison.rows
                    ],
                }
            )
        return Response(result)


urlpatterns = [
    path(
        "autodiagnosticos/",
        AssessmentRatingsAPIView.as_view(),
        name="assessment_ratings",
    ),
]
