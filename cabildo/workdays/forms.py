from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.utils import formats
from django.utils.translation import gettext_lazy as _

from cabildo.workdays.calendar import MAX_START, MIN_START
from cabildo.workdays.models import ClosureDay

MAX_BUSINESS_DAYS = 365
MAX_MONTHS = 60


def start_out_of_range_message() -> str:
    return _("La fecha de inicio debe estar entre el %(min)s y el %(max)s.") % {
        "min": formats.date_format(MIN_START, "DATE_FORMAT"),
        "max": formats.date_format(MAX_START, "DATE_FORMAT"),
    }


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class ClosureDayForm(forms.Form):
    date = forms.DateField(
        label=_("Fecha"),
        widget=DateInput(),
        error_messages={
            "required": _("Indique la fecha del día de cierre."),
            "invalid": _("Escriba una fecha válida con el formato AAAA-MM-DD."),
        },
    )
    reason = forms.CharField(
        label=_("Motivo"),
        max_length=ClosureDay._meta.get_field("reason").max_length,
        help_text=_("Por ejemplo: «Decreto 123 de 2026: cierre por jornada de inventario»."),
        error_messages={"required": _("Indique el motivo del cierre.")},
    )


class Unit:
    BUSINESS_DAYS = "dias"
    MONTHS = "meses"


class CalculatorForm(forms.Form):
    """The public deadline calculator (a GET form)."""

    start = forms.DateField(
        label=_("Fecha de inicio (radicación o notificación)"),
        widget=DateInput(),
        help_text=_("El plazo empieza a contar el día siguiente."),
        error_messages={
            "required": _("Indique la fecha de inicio."),
            "invalid": _("Escriba una fecha válida con el formato AAAA-MM-DD, p. ej. 2026-12-18."),
        },
    )
    amount = forms.IntegerField(
        label=_("Cantidad"),
        help_text=_("De 1 a 365 días hábiles, o de 1 a 60 meses."),
        widget=forms.NumberInput(
            attrs={"min": 1, "max": MAX_BUSINESS_DAYS, "inputmode": "numeric"}
        ),
        error_messages={
            "required": _("Indique cuántos días hábiles (o meses) tiene el plazo."),
            "invalid": _("La cantidad debe ser un número entero, p. ej. 15."),
        },
    )
    unit = forms.ChoiceField(
        label=_("Contar en"),
        choices=[
            (Unit.BUSINESS_DAYS, _("Días hábiles")),
            (Unit.MONTHS, _("Meses calendario")),
        ],
        initial=Unit.BUSINESS_DAYS,
        required=False,
        help_text=_("Los términos en meses se cuentan según el calendario."),
        error_messages={"invalid_choice": _("Elija «Días hábiles» o «Meses calendario».")},
    )

    def clean_start(self) -> date:
        start: date = self.cleaned_data["start"]
        if not MIN_START <= start <= MAX_START:
            raise forms.ValidationError(start_out_of_range_message())
        return start

    def clean_unit(self) -> str:
        return self.cleaned_data.get("unit") or Unit.BUSINESS_DAYS

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or self.cleaned_data
        amount = cleaned.get("amount")
        unit = cleaned.get("unit") or Unit.BUSINESS_DAYS
        if amount is None:
            return cleaned
        if amount < 1:
            self.add_error("amount", _("La cantidad debe ser al menos 1."))
        elif unit == Unit.BUSINESS_DAYS and amount > MAX_BUSINESS_DAYS:
            self.add_error("amount", _("El plazo no puede superar 365 días hábiles."))
        elif unit == Unit.MONTHS and amount > MAX_MONTHS:
            self.add_error("amount", _("El plazo no puede superar 60 meses."))
        return cleaned
