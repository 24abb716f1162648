"""The scanned attendance sheet form."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class AttendanceSheetForm(forms.Form):
    file = forms.FileField(
        label=_("Planilla escaneada"),
        help_text=_("PDF o imagen PNG o JPEG."),
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,image/png,image/jpeg"}),
    )
    description = forms.CharField(
        label=_("Descripción"),
        max_length=200,
        required=False,
        help_text=_("Por ejemplo: «Planilla de la mesa 2, hojas 1 a 3»."),
    )
