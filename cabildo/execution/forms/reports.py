"""Report forms: the standard internal report of an activity and its review."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _


class ReportForm(forms.Form):
    activities_done = forms.CharField(
        label=_("Actividades realizadas"),
        widget=forms.Textarea(attrs={"rows": 6}),
        required=False,
        help_text=_("Se precarga con los eventos registrados; complétela."),
    )
    results = forms.CharField(
        label=_("Resultados"),
        widget=forms.Textarea(attrs={"rows": 6}),
        required=False,
        help_text=_("Qué se logró frente a la meta y el indicador de la actividad."),
    )
    lessons_learned = forms.CharField(
        label=_("Lecciones aprendidas"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )


class ReportReviewForm(forms.Form):
    ACCEPT = "aceptar"
    RETURN = "devolver"
    decision = forms.ChoiceField(
        label=_("Decisión"),
        choices=[(ACCEPT, _("Aceptar el reporte")), (RETURN, _("Devolver con observaciones"))],
        widget=forms.RadioSelect,
    )
    notes = forms.CharField(
        label=_("Observaciones"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text=_("Obligatorias para devolver el reporte."),
    )

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if data.get("decision") == self.RETURN and not (data.get("notes") or "").strip():
            self.add_error("notes", _("Escriba las observaciones para devolver el reporte."))
        return data
