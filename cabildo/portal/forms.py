from __future__ import annotations

from django import forms

from cabildo.portal.models import AttentionChannel


class AttentionChannelForm(forms.ModelForm):
    class Meta:
        model = AttentionChannel
        fields = ["kind", "name", "contact", "hours", "notes", "order", "is_active"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}
