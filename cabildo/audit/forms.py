"""Filters of "Actividad reciente" (a GET form)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from cabildo.accounts.models import User
from cabildo.audit.selectors import audited_model_choices
from cabildo.core.models import Entity

DATE_ERROR = _("Escriba una fecha válida con el formato AAAA-MM-DD, por ejemplo 2026-03-31.")


class ActivityFilterForm(forms.Form):
    model = forms.ChoiceField(label=_("Tipo de registro"), required=False)
    user = forms.ModelChoiceField(
        label=_("Usuario"),
        queryset=User.objects.none(),
        required=False,
        empty_label=_("Todos los usuarios"),
        error_messages={"invalid_choice": _("Seleccione un usuario de la lista.")},
    )
    date_from = forms.DateField(
        label=_("Desde"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": DATE_ERROR},
    )
    date_to = forms.DateField(
        label=_("Hasta"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": DATE_ERROR},
    )

    def __init__(self, *args: Any, entity: Entity, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["model"].choices = [("", _("Todos los tipos")), *audited_model_choices()]
        self.fields["model"].error_messages["invalid_choice"] = _(
            "Seleccione un tipo de registro de la lista."
        )
        self.fields["user"].queryset = (
            User.objects.filter(memberships__entity=entity).distinct().order_by("full_name")
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        date_from, date_to = data.get("date_from"), data.get("date_to")
        if date_from and date_to and date_from > date_to:
            self.add_error("date_to", _("La fecha final no puede ser anterior a la fecha inicial."))
        return data
