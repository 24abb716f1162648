"""Contribution forms: recording one at an event, its analysis."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from cabildo.core.forms import form_field
from cabildo.core.models import Entity
from cabildo.execution.models import (
    ContributionKind,
    Viability,
)
from cabildo.plans.models import IncidenceLevel
from cabildo.stakeholders.models import StakeholderGroup


class ContributionForm(forms.Form):
    kind = forms.ChoiceField(label=_("Tipo de aporte"), choices=ContributionKind.choices)
    text = forms.CharField(label=_("Aporte"), widget=forms.Textarea(attrs={"rows": 4}))
    author_name = forms.CharField(
        label=_("Nombre de quien aporta"),
        max_length=200,
        required=False,
        help_text=_("Opcional: déjelo vacío si la persona prefiere no identificarse."),
    )
    stakeholder_group = forms.ModelChoiceField(
        label=_("Grupo de valor"),
        queryset=StakeholderGroup.objects.none(),
        required=False,
        empty_label=_("Sin indicar"),
    )

    def __init__(self, *args: Any, entity: Entity, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        form_field(
            self, "stakeholder_group", forms.ModelChoiceField
        ).queryset = StakeholderGroup.objects.filter(entity=entity).order_by("name")


class ContributionAnalysisForm(forms.Form):
    viability = forms.ChoiceField(
        label=_("Viabilidad"), choices=[("", "—"), *Viability.choices], required=False
    )
    justification = forms.CharField(
        label=_("Justificación"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    adjustment = forms.CharField(
        label=_("Ajuste realizado"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("Qué cambió en la gestión, el plan o la decisión a partir del aporte."),
    )
    incidence_level = forms.ChoiceField(
        label=_("Nivel de incidencia alcanzado"),
        choices=[("", "—"), *IncidenceLevel.choices],
        required=False,
    )
