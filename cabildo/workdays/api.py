"""``GET /api/v1/deadlines/``: the due date of a term in business days, explained.

Public (no login). Skipped days always carry Spanish reasons («sábado», «domingo», the
holiday's Spanish name, or the entity's closure reason), whatever the request's language.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.urls import path
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiResponse,
    extend_schema,
    inline_serializer,
)
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from cabildo.core.models import Entity
from cabildo.workdays.calendar import MAX_START, MIN_START, calendar_for
from cabildo.workdays.forms import MAX_BUSINESS_DAYS, start_out_of_range_message


class DeadlineQuerySerializer(serializers.Serializer):
    start = serializers.DateField(
        input_formats=["%Y-%m-%d"],
        help_text=_(
            "Fecha de inicio (radicación), AAAA-MM-DD. El plazo cuenta desde el día siguiente."
        ),
        error_messages={
            "required": _("Indique la fecha de inicio en el parámetro «start» (AAAA-MM-DD)."),
            "invalid": _(
                "La fecha de inicio no es válida: use el formato AAAA-MM-DD, p. ej. 2026-12-18."
            ),
            "datetime": _("La fecha de inicio debe ser una fecha, no una fecha y hora."),
        },
    )
    business_days = serializers.IntegerField(
        min_value=1,
        max_value=MAX_BUSINESS_DAYS,
        help_text=_("Número de días hábiles del término, de 1 a 365."),
        error_messages={
            "required": _("Indique el número de días hábiles en el parámetro «business_days»."),
            "invalid": _("El número de días hábiles debe ser un número entero, p. ej. 15."),
            "max_string_length": _("El número de días hábiles es demasiado largo."),
            "min_value": _("El número de días hábiles debe ser al menos 1."),
            "max_value": _("El número de días hábiles no puede superar 365."),
        },
    )
    entity = serializers.SlugField(
        required=False,
        allow_blank=True,
        help_text=_(
            "Identificador de la entidad cuyo calendario se usa (sábados y días de cierre). "
            "Si se omite, se usa la entidad de la solicitud."
        ),
        error_messages={"invalid": _("El identificador de entidad no es válido.")},
    )

    def validate_start(self, value: date) -> date:
        if not MIN_START <= value <= MAX_START:
            raise serializers.ValidationError(start_out_of_range_message())
        return value

    def validate_entity(self, value: str) -> Entity | None:
        if not value:
            return None
        entity = Entity.objects.filter(slug=value, is_active=True).first()
        if entity is None:
            raise serializers.ValidationError(
                _("La entidad «%(slug)s» no existe.") % {"slug": value}
            )
        return entity


class SkippedDaySerializer(serializers.Serializer):
    date = serializers.DateField(help_text=_("Día no hábil que no se contó."))
    reason = serializers.CharField(
        help_text=_("Motivo en español: «sábado», «domingo», el festivo o el día de cierre.")
    )


class DeadlineSerializer(serializers.Serializer):
    start = serializers.DateField()
    business_days = serializers.IntegerField()
    due_date = serializers.DateField(help_text=_("Fecha de vencimiento (último día hábil)."))
    skipped = SkippedDaySerializer(many=True)


ERROR_RESPONSE = inline_serializer(
    name="DeadlineError",
    fields={
        "detail": serializers.CharField(),
        "errors": serializers.DictField(child=serializers.ListField(child=serializers.CharField())),
    },
)


class DeadlineView(APIView):
    permission_classes = [AllowAny]

    @extend_schema(
        operation_id="deadlines_compute",
        summary=_("Calcular un vencimiento en días hábiles"),
        description=_(
            "Suma días hábiles a partir del día siguiente a «start» (Ley 1755 de 2015, art. 14; "
            "Ley 4 de 1913, art. 62), sin contar domingos, festivos de Colombia, sábados (si la "
            "entidad no los trabaja) ni los días de cierre de la entidad. Devuelve los días no "
            "hábiles descontados con su motivo en español."
        ),
        tags=["plazos"],
        parameters=[DeadlineQuerySerializer],
        responses={
            200: DeadlineSerializer,
            400: OpenApiResponse(ERROR_RESPONSE, description=_("Parámetros no válidos.")),
        },
        examples=[
            OpenApiExample(
                "2026-12-18 + 15",
                response_only=True,
                value={
                    "start": "2026-12-18",
                    "business_days": 15,
                    "due_date": "2027-01-13",
                    "skipped": [
                        {"date": "2026-12-19", "reason": "sábado"},
                        {"date": "2026-12-20", "reason": "domingo"},
                        {"date": "2026-12-25", "reason": "Navidad"},
                    ],
                },
            )
        ],
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        query = DeadlineQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        data = query.validated_data
        entity = data.get("entity") or getattr(request, "entity", None)
        with translation.override("es"):
            computation = calendar_for(entity).explain(data["start"], data["business_days"])
            payload = computation.as_dict()
        return Response(payload)


urlpatterns = [
    path("deadlines/", DeadlineView.as_view(), name="deadlines"),
]
