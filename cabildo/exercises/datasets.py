"""Open data of the exercises app: aggregated results of the surveys whose results the entity
published (counts per answer; no text answers, nobody's data)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from cabildo.core.registry import ParticipaSection, PublicDataset

from .selectors import published_results_rows


class SurveyResultSerializer(serializers.Serializer):
    survey_id = serializers.IntegerField(
        label=_("id_encuesta"), help_text=_("Identificador de la encuesta.")
    )
    survey = serializers.CharField(label=_("encuesta"), help_text=_("Título de la encuesta."))
    question_id = serializers.IntegerField(
        label=_("id_pregunta"), help_text=_("Identificador de la pregunta.")
    )
    question = serializers.CharField(label=_("pregunta"), help_text=_("Texto de la pregunta."))
    question_kind = serializers.CharField(
        label=_("tipo_pregunta"),
        help_text=_(
            "Selección única, selección múltiple, escala de 1 a 5, territorio o grupo de valor."
        ),
    )
    answer = serializers.CharField(
        label=_("respuesta"),
        help_text=_("Opción, valor de la escala, territorio o grupo de valor."),
    )
    count = serializers.IntegerField(
        label=_("cantidad"), help_text=_("Personas que eligieron esta respuesta.")
    )
    respondents = serializers.IntegerField(
        label=_("personas_que_respondieron"),
        help_text=_("Personas que respondieron la pregunta."),
    )
    percent = serializers.FloatField(
        label=_("porcentaje"),
        help_text=_("Cantidad sobre personas que respondieron la pregunta, en porcentaje."),
    )


DATASETS = [
    PublicDataset(
        slug="resultados-encuestas",
        title=_("Resultados de encuestas de participación"),
        description=_(
            "Respuestas agregadas de las encuestas cuyos resultados publicó la entidad: "
            "cuántas personas eligieron cada opción. No incluye respuestas de texto libre ni "
            "datos de quienes respondieron."
        ),
        serializer_class=SurveyResultSerializer,
        queryset=published_results_rows,
        section=ParticipaSection.CONSULTATION,
        filterset_fields=(),
        order=60,
    ),
]
