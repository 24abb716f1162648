from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from cabildo.core.models import Entity
from cabildo.stakeholders.models import StakeholderGroup, StakeholderType
from cabildo.territories.forms import TerritoryChoiceField


class GroupForm(forms.ModelForm):
    territory = TerritoryChoiceField()

    class Meta:
        model = StakeholderGroup
        fields = [
            "name",
            "type",
            "territory",
            "zone",
            "age_range",
            "sex_gender",
            "ethnicity",
            "disability",
            "interests",
            "language",
            "technology_access",
            "preferred_channels",
            "participation_history",
            "estimated_size",
            "organisation_contact",
            "characterized_on",
        ]
        widgets = {
            "characterized_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "interests": forms.Textarea(attrs={"rows": 3}),
            "participation_history": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, entity: Entity, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.entity = entity
        self.fields["territory"].set_entity(entity)
        types = StakeholderType.objects.for_entity(entity)
        if self.instance.pk:
            types = types.filter(is_active=True) | types.filter(pk=self.instance.type_id)
        else:
            types = types.filter(is_active=True)
        self.fields["type"].queryset = types


class TypeForm(forms.ModelForm):
    class Meta:
        model = StakeholderType
        fields = ["name", "order", "is_active"]

    def __init__(self, *args: Any, entity: Entity, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.entity = entity


class GroupFilterForm(forms.Form):
    q = forms.CharField(label=_("Buscar"), required=False, max_length=100)
    type = forms.ModelChoiceField(
        label=_("Tipo"),
        required=False,
        queryset=StakeholderType.objects.none(),
        empty_label=_("Todos"),
    )
    year = forms.IntegerField(
        label=_("Vigencia del indicador"), required=False, min_value=2000, max_value=2100
    )

    def __init__(self, *args: Any, entity: Entity, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["type"].queryset = StakeholderType.objects.for_entity(entity)
