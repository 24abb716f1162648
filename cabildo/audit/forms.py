"""Filters of "Actividad reciente" (a GET form)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from cabildo.accounts.models import User
from cabildo.audit.models import AccessAction
from cabildo.audit.selectors import audited_model_choices
from cabildo.core.forms import form_field
from cabildo.core.models import Entity

DATE_ERROR = _("Escriba una fecha válida con el formato AAAA-MM-DD, por ejemplo 2026-03-31.")


class DateRangeFilterForm(forms.Form):
    """Two optional dates, the second not before the first."""

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

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        date_from, date_to = data.get("date_from"), data.get("date_to")
        if date_from and date_to and date_from > date_to:
            self.add_error("date_to", _("La fecha final no puede ser anterior a la fecha inicial."))
        return data


def _entity_users(entity: Entity) -> Any:
    return User.objects.filter(memberships__entity=entity).distinct().order_by("full_name")


class ActivityFilterForm(DateRangeFilterForm):
    field_order = ["model", "user", "date_from", "date_to"]

    model = forms.ChoiceField(label=_("Tipo de registro"), required=False)
    user = forms.ModelChoiceField(
        label=_("Usuario"),
        queryset=User.objects.none(),
        required=False,
        empty_label=_("Todos los usuarios"),
        error_messages={"invalid_choice": _("Seleccione un usuario de la lista.")},
    )

    def __init__(self, *args: Any, entity: Entity, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        form_field(self, "model", forms.ChoiceField).choices = [
            ("", _("Todos los tipos")),
            *audited_model_choices(),
        ]
        self.fields["model"].error_messages["invalid_choice"] = _(
            "Seleccione un tipo de registro de la lista."
        )
        form_field(self, "user", forms.ModelChoiceField).queryset = _entity_users(entity)


class AccessLogFilterForm(DateRangeFilterForm):
    field_order = ["action", "user", "date_from", "date_to"]

    action = forms.ChoiceField(
        label=_("Acción"),
        required=False,
        choices=[("", _("Todas las acciones")), *AccessAction.choices],
        error_messages={"invalid_choice": _("Seleccione una acción de la lista.")},
    )
    user = forms.ModelChoiceField(
        label=_("Usuario"),
        queryset=User.objects.none(),
        required=False,
        empty_label=_("Todos los usuarios"),
        error_messages={"invalid_choice": _("Seleccione un usuario de la lista.")},
    )

    def __init__(self, *args: Any, entity: Entity, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        form_field(self, "user", forms.ModelChoiceField).queryset = _entity_users(entity)
