from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from cabildo.core.forms import form_field
from cabildo.core.models import Entity
from cabildo.stakeholders import catalogues
from cabildo.stakeholders.models import StakeholderGroup, StakeholderType
from cabildo.territories.forms import TerritoryChoiceField


class FieldSet:
    """Some of a form's fields, shaped like a form for ``core/_form.html``: a legend, the
    fields, and (``summary=True``) only the error summary of the whole form."""

    def __init__(
        self,
        form: forms.BaseForm,
        names: list[str],
        *,
        legend: Any = "",
        help_text: Any = "",
        family: Any = "",
        counts: bool = False,
        summary: bool = False,
    ) -> None:
        self.form = form
        self.family = family
        self.counts = counts
        self.legend = legend
        self.help_text = help_text
        self.summary = summary
        self.names = names

    def __iter__(self) -> Any:
        return iter(self.form) if self.summary else iter(self.visible_fields())

    @property
    def errors(self) -> Any:
        return self.form.errors if self.summary else None

    def non_field_errors(self) -> Any:
        return self.form.non_field_errors()

    def hidden_fields(self) -> list[Any]:
        return self.form.hidden_fields() if self.summary else []

    def visible_fields(self) -> list[Any]:
        return [] if self.summary else [self.form[name] for name in self.names]


def count_field(key: str, index: int) -> str:
    return f"n_{key}_{index}"


class GroupForm(forms.ModelForm):
    """The characterization in the four families of Función Pública's guide; demographic
    variables as counts per category that add up to the estimated size."""

    territory = TerritoryChoiceField()

    class Meta:
        model = StakeholderGroup
        fields = [
            "name",
            "type",
            "territory",
            "zone",
            "estimated_size",
            "composition",
            "interest_topics",
            "languages",
            "technology_access",
            "channels",
            "participation_spaces",
            "participation_frequency",
            "notes",
            "organisation_contact",
            "characterized_on",
        ]
        widgets = {
            "characterized_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, entity: Entity, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.entity = entity
        form_field(self, "territory", TerritoryChoiceField).set_entity(entity)
        types = StakeholderType.objects.for_entity(entity)
        if self.instance.pk:
            types = types.filter(is_active=True) | types.filter(pk=self.instance.type_id)
        else:
            types = types.filter(is_active=True)
        form_field(self, "type", forms.ModelChoiceField).queryset = types
        # The composition comes from the count fields below, never from the request.
        self.fields["composition"].disabled = True
        self.fields["composition"].widget = forms.HiddenInput()
        self.fields["estimated_size"].help_text = _(
            "Personas del grupo; las partes de cada variable demográfica suman este número."
        )
        for variable in catalogues.LISTED:
            self.fields[variable.key] = forms.MultipleChoiceField(
                label=variable.label,
                choices=variable.choices,
                required=False,
                widget=forms.CheckboxSelectMultiple,
                initial=getattr(self.instance, variable.key) or [],
            )
        for variable in catalogues.COUNTED:
            counts = self.instance.counts(variable.key)
            for index, (code, label) in enumerate(variable.choices):
                self.fields[count_field(variable.key, index)] = forms.IntegerField(
                    label=_("%(variable)s: %(category)s")
                    % {"variable": variable.label, "category": label},
                    min_value=0,
                    max_value=100_000_000,
                    required=False,
                    initial=counts.get(code),
                )

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        size = data.get("estimated_size")
        composition: dict[str, dict[str, int]] = {}
        for variable in catalogues.COUNTED:
            counts = {}
            for index, code in enumerate(variable.codes):
                value = data.get(count_field(variable.key, index))
                if value:
                    counts[code] = value
            if not counts:
                continue
            composition[variable.key] = counts
            for message in catalogues.composition_errors({variable.key: counts}, size).get(
                "composition", []
            ):
                self.add_error(count_field(variable.key, 0), message)
        data["composition"] = composition
        return data

    def fieldsets(self) -> list[FieldSet]:
        """The summary, the group's identity, then the four families of variables."""
        sets = [
            FieldSet(self, [], summary=True),
            FieldSet(self, ["name", "type", "estimated_size"], legend=_("Grupo de valor")),
            FieldSet(
                self,
                ["territory", "zone"],
                legend=catalogues.FAMILY_LABELS[catalogues.Family.GEOGRAPHIC],
                help_text=catalogues.FAMILY_HELP[catalogues.Family.GEOGRAPHIC],
            ),
        ]
        demographic = catalogues.Family.DEMOGRAPHIC
        for number, variable in enumerate(catalogues.COUNTED):
            sets.append(
                FieldSet(
                    self,
                    [count_field(variable.key, i) for i in range(len(variable.codes))],
                    legend=variable.label,
                    family=catalogues.FAMILY_LABELS[demographic] if number == 0 else "",
                    help_text=catalogues.FAMILY_HELP[demographic] if number == 0 else "",
                    counts=True,
                )
            )
        sets.append(
            FieldSet(
                self,
                ["interest_topics", "languages", "technology_access"],
                legend=catalogues.FAMILY_LABELS[catalogues.Family.INTRINSIC],
                help_text=catalogues.FAMILY_HELP[catalogues.Family.INTRINSIC],
            )
        )
        sets.append(
            FieldSet(
                self,
                ["channels", "participation_spaces", "participation_frequency"],
                legend=catalogues.FAMILY_LABELS[catalogues.Family.BEHAVIOURAL],
                help_text=catalogues.FAMILY_HELP[catalogues.Family.BEHAVIOURAL],
            )
        )
        sets.append(
            FieldSet(
                self,
                ["notes", "organisation_contact", "characterized_on"],
                legend=_("Observaciones y seguimiento"),
            )
        )
        return sets


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
        form_field(
            self, "type", forms.ModelChoiceField
        ).queryset = StakeholderType.objects.for_entity(entity)
