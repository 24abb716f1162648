"""The commitment form: recording one at an event and its follow-up."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from cabildo.core.forms import form_field
from cabildo.core.models import Area, Entity
from cabildo.execution.models import (
    CommitmentStatus,
)


class CommitmentForm(forms.Form):
    description = forms.CharField(
        label=_("Acuerdo o compromiso"), widget=forms.Textarea(attrs={"rows": 3})
    )
    responsible_area = forms.ModelChoiceField(
        label=_("Dependencia responsable"), queryset=Area.objects.none()
    )
    responsible_person = forms.CharField(
        label=_("Persona responsable"), max_length=200, required=False
    )
    due_date = forms.DateField(
        label=_("Fecha límite"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    status = forms.ChoiceField(label=_("Estado"), choices=CommitmentStatus.choices)
    note = forms.CharField(
        label=_("Nota de seguimiento"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text=_(
            "Se agrega con la fecha de hoy al seguimiento. Obligatoria para marcarlo cumplido."
        ),
    )

    def __init__(self, *args: Any, entity: Entity, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        form_field(
            self, "responsible_area", forms.ModelChoiceField
        ).queryset = Area.objects.for_entity(entity).order_by("name")
