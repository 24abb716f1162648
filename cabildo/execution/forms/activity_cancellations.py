"""The form that cancels a planned activity."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class ActivityCancelForm(forms.Form):
    reason = forms.CharField(
        label=_("Motivo de la cancelación"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
    )
