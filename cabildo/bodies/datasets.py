"""Open dataset of the directory of participation bodies (instancias). Without the members'
names or any contact data."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from cabildo.bodies import selectors
from cabildo.bodies.models import ParticipationBody
from cabildo.core.models import Entity
from cabildo.core.registry import ParticipaSection, PublicDataset


class BodyDatasetSerializer(serializers.Serializer):
    id = serializers.IntegerField(label=_("id"), help_text=_("Identificador de la instancia."))
    name = serializers.CharField(label=_("nombre"), help_text=_("Nombre de la instancia."))
    acronym = serializers.CharField(label=_("sigla"), help_text=_("Sigla, si la tiene."))
    kind = serializers.CharField(
        source="get_kind_display",
        label=_("tipo de instancia"),
        help_text=_("Territorial, poblacional o sectorial."),
    )
    is_formal = serializers.BooleanField(
        label=_("formal"), help_text=_("Si fue creada por una norma (instancia formal).")
    )
    legal_act = serializers.CharField(
        label=_("acto de creación"), help_text=_("Norma que la crea, p. ej. «Acuerdo 012 de 2019».")
    )
    status = serializers.CharField(
        source="get_status_display",
        label=_("estado"),
        help_text=_("En conformación, activa, inactiva o suprimida."),
    )
    territory = serializers.CharField(
        source="territory.name",
        default="",
        label=_("territorio"),
        help_text=_("Comuna, corregimiento o territorio que cubre."),
    )
    secretariat = serializers.CharField(
        source="secretariat.name",
        default="",
        label=_("dependencia que acompaña"),
        help_text=_("Secretaría u oficina de la entidad que la acompaña."),
    )
    represented = serializers.CharField(
        label=_("a quién representa"), help_text=_("Población o sector representado.")
    )
    meeting_frequency = serializers.CharField(
        source="get_meeting_frequency_display",
        label=_("periodicidad de reuniones"),
        help_text=_("Con qué frecuencia se reúne."),
    )
    members_count = serializers.IntegerField(
        label=_("integrantes"), help_text=_("Número de curules ocupadas.")
    )
    sessions_count = serializers.IntegerField(
        label=_("sesiones registradas"), help_text=_("Número de sesiones registradas.")
    )


def bodies(entity: Entity | None) -> QuerySet[ParticipationBody]:
    if entity is None:
        return ParticipationBody.objects.none()
    return selectors.body_list(entity=entity, public=True)


DATASETS = [
    PublicDataset(
        slug="instancias-participacion",
        title=_("Instancias de participación ciudadana"),
        description=_(
            "Directorio de consejos, comités y mesas de participación: tipo, acto de creación, "
            "estado, territorio, dependencia que los acompaña, integrantes y sesiones."
        ),
        serializer_class=BodyDatasetSerializer,
        queryset=bodies,
        section=ParticipaSection.SOCIAL_CONTROL,
        filterset_fields=("kind", "status", "is_formal"),
        order=30,
    ),
]
