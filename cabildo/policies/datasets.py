"""Open datasets of the policy cycle: the stages of each published policy, and the answered
comments of the drafts whose informe de observaciones was published. No personal data: no
emails, no names."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from cabildo.core.registry import ParticipaSection, PublicDataset
from cabildo.policies.models import DraftComment
from cabildo.policies.selectors import answered_comments, public_stages


class StageDatasetSerializer(serializers.Serializer):
    id = serializers.IntegerField(label=_("id"), help_text=_("Identificador de la etapa."))
    policy = serializers.CharField(
        source="policy.title", label=_("política"), help_text=_("Política o reglamentación.")
    )
    kind = serializers.CharField(
        source="get_kind_display", label=_("etapa"), help_text=_("Etapa del ciclo.")
    )
    status = serializers.CharField(
        source="get_status_display",
        label=_("estado"),
        help_text=_("Pendiente, en curso o cumplida."),
    )
    started_on = serializers.DateField(label=_("inicio"), help_text=_("AAAA-MM-DD."))
    finished_on = serializers.DateField(label=_("terminada el"), help_text=_("AAAA-MM-DD."))
    area = serializers.CharField(
        source="area.name", default="", label=_("dependencia"), help_text=_("Responsable.")
    )
    act_number = serializers.CharField(
        label=_("número del acto"), help_text=_("Acuerdo, decreto o acta de aprobación.")
    )
    act_date = serializers.DateField(label=_("fecha del acto"), help_text=_("AAAA-MM-DD."))


class CommentDatasetSerializer(serializers.Serializer):
    id = serializers.IntegerField(label=_("id"), help_text=_("Identificador del comentario."))
    policy = serializers.CharField(
        source="draft.policy.title", label=_("política"), help_text=_("Proyecto comentado.")
    )
    version = serializers.IntegerField(
        source="draft.number", label=_("versión"), help_text=_("Versión del borrador.")
    )
    article = serializers.SerializerMethodField(
        label=_("artículo"), help_text=_("Número del artículo; vacío si es sobre todo el texto.")
    )
    received = serializers.DateTimeField(
        source="created_at", label=_("recibido en"), help_text=_("Fecha y hora.")
    )
    text = serializers.CharField(label=_("comentario"), help_text=_("Lo que se comentó."))
    answer = serializers.CharField(
        source="get_answer_display",
        label=_("respuesta"),
        help_text=_("Aceptada, aceptada parcialmente o rechazada."),
    )
    reason = serializers.CharField(label=_("razón"), help_text=_("La razón de la respuesta."))
    changed_in = serializers.IntegerField(
        source="changed_in.number",
        default=None,
        label=_("versión con el cambio"),
        help_text=_("Versión del texto que recoge el cambio."),
    )

    def get_article(self, obj: DraftComment) -> int | None:
        return obj.article.number if obj.article is not None else None


DATASETS = [
    PublicDataset(
        slug="etapas-politicas-publicas",
        title=_("Etapas de las políticas públicas y reglamentaciones"),
        description=_(
            "Cada etapa de las políticas y proyectos normativos publicados: fechas, estado, "
            "dependencia responsable y acto de aprobación."
        ),
        serializer_class=StageDatasetSerializer,
        queryset=public_stages,
        section=ParticipaSection.DIAGNOSIS,
        order=20,
    ),
    PublicDataset(
        slug="comentarios-proyectos-normativos",
        title=_("Comentarios a los proyectos normativos y sus respuestas"),
        description=_(
            "Los comentarios de la ciudadanía a los borradores consultados artículo por "
            "artículo, con la respuesta de la entidad y la razón (informe de observaciones)."
        ),
        serializer_class=CommentDatasetSerializer,
        queryset=answered_comments,
        section=ParticipaSection.CONSULTATION,
        filterset_fields=("answer",),
        order=20,
    ),
]
