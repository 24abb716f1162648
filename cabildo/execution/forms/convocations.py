"""The convocation form."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from cabildo.accounts.models import User
from cabildo.core.forms import form_field, set_choice_labels
from cabildo.core.models import Entity
from cabildo.execution.forms.events import activity_choices, activity_label
from cabildo.execution.models import (
    ConvocationChannel,
    Event,
)
from cabildo.plans.models import PlannedActivity
from cabildo.stakeholders.models import StakeholderGroup


class ConvocationForm(forms.Form):
    activity = forms.ModelChoiceField(
        label=_("Actividad del plan"), queryset=PlannedActivity.objects.none()
    )
    event = forms.ModelChoiceField(
        label=_("Evento"),
        queryset=Event.objects.none(),
        required=False,
        empty_label=_("Sin evento (convocatoria de la actividad)"),
        help_text=_("Debe ser un evento de la actividad elegida."),
    )
    stakeholder_groups = forms.ModelMultipleChoiceField(
        label=_("Grupos de valor convocados"),
        queryset=StakeholderGroup.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    bodies = forms.ModelMultipleChoiceField(
        label=_("Instancias convocadas"),
        queryset=StakeholderGroup.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    channels = forms.MultipleChoiceField(
        label=_("Canales"),
        choices=ConvocationChannel.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    subject = forms.CharField(label=_("Asunto"), max_length=200)
    message = forms.CharField(label=_("Mensaje"), widget=forms.Textarea(attrs={"rows": 6}))
    other_reach = forms.IntegerField(
        label=_("Personas convocadas por otros canales"),
        min_value=0,
        initial=0,
        required=False,
        help_text=_(
            "Carteleras, redes, llamadas, visitas. El alcance total suma además los "
            "destinatarios de correo."
        ),
    )

    def __init__(self, *args: Any, entity: Entity, user: User, **kwargs: Any) -> None:
        from cabildo.bodies.models import ParticipationBody

        super().__init__(*args, **kwargs)
        form_field(self, "activity", forms.ModelChoiceField).queryset = activity_choices(
            entity, user
        )
        set_choice_labels(self, "activity", activity_label)
        form_field(self, "event", forms.ModelChoiceField).queryset = Event.objects.for_entity(
            entity
        ).order_by("-starts_at")
        form_field(
            self, "stakeholder_groups", forms.ModelChoiceField
        ).queryset = StakeholderGroup.objects.filter(entity=entity).order_by("name")
        form_field(
            self, "bodies", forms.ModelChoiceField
        ).queryset = ParticipationBody.objects.filter(entity=entity).order_by("name")

    def clean_other_reach(self) -> int:
        return self.cleaned_data.get("other_reach") or 0
