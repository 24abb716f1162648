from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from cabildo.accounts.models import User
from cabildo.accounts.predicates import manages_entity
from cabildo.accounts.selectors import entity_roles
from cabildo.bodies.models import (
    BodyCharacterization,
    BodyMember,
    BodySession,
    ParticipationBody,
)
from cabildo.core.forms import form_field
from cabildo.core.models import Area, Entity
from cabildo.territories.forms import TerritoryChoiceField

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class BodyForm(forms.ModelForm):
    territory = TerritoryChoiceField()

    class Meta:
        model = ParticipationBody
        fields = [
            "name",
            "acronym",
            "kind",
            "status",
            "is_formal",
            "legal_act_type",
            "legal_act_number",
            "legal_act_date",
            "legal_act_issuer",
            "regulating_norms",
            "functions",
            "scope",
            "territory",
            "represented",
            "secretariat",
            "accompanying_official",
            "meeting_frequency",
            "created_on",
            "public_contact",
        ]
        widgets = {
            "legal_act_date": DATE,
            "created_on": DATE,
            "regulating_norms": forms.Textarea(attrs={"rows": 3}),
            "functions": forms.Textarea(attrs={"rows": 3}),
            "scope": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, entity: Entity, user: User | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.entity = entity
        form_field(self, "territory", TerritoryChoiceField).set_entity(entity)
        areas = Area.objects.for_entity(entity)
        if user is not None and not manages_entity(user, entity):
            areas = areas.filter(pk__in=entity_roles(user, entity.pk).area_ids)
            self.fields["secretariat"].required = True
        form_field(self, "secretariat", forms.ModelChoiceField).queryset = areas
        form_field(
            self, "accompanying_official", forms.ModelChoiceField
        ).queryset = User.objects.filter(memberships__entity=entity, is_active=True).distinct()


class MemberForm(forms.ModelForm):
    class Meta:
        model = BodyMember
        fields = [
            "seat",
            "sector",
            "selection",
            "name",
            "is_vacant",
            "term_start",
            "term_end",
            "contact",
            "is_public",
        ]
        widgets = {"term_start": DATE, "term_end": DATE}

    def __init__(self, *args: Any, body: ParticipationBody, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.entity_id = body.entity_id
        self.instance.body = body


class SessionForm(forms.ModelForm):
    class Meta:
        model = BodySession
        fields = [
            "date",
            "place",
            "attendance_count",
            "agenda",
            "decisions",
            "minutes",
            "is_public",
        ]
        widgets = {
            "date": DATE,
            "agenda": forms.Textarea(attrs={"rows": 3}),
            "decisions": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, body: ParticipationBody, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.entity_id = body.entity_id
        self.instance.body = body


class CharacterizationForm(forms.ModelForm):
    """The year's figures are proposed from the registry; a typed figure that differs is a
    correction and needs its reason (``BodyCharacterization.clean``)."""

    sessions_held = forms.IntegerField(
        label=_("Sesiones realizadas"),
        min_value=0,
        max_value=10000,
        required=False,
        help_text=_("Propuesta del registro: sesiones de la instancia con fecha en la vigencia."),
    )
    active_members = forms.IntegerField(
        label=_("Integrantes activos"),
        min_value=0,
        max_value=10000,
        required=False,
        help_text=_("Propuesta del registro: curules ocupadas cuyo periodo cubre la vigencia."),
    )
    figure_fields = ("sessions_held", "active_members")

    class Meta:
        model = BodyCharacterization
        fields = [
            "year",
            "status",
            "sessions_held_reason",
            "active_members_reason",
            "results",
            "difficulties",
            "challenges",
            "needs",
            "survey_answers",
        ]
        labels = {
            "sessions_held_reason": _("Motivo de la corrección de sesiones"),
            "active_members_reason": _("Motivo de la corrección de integrantes"),
        }
        help_texts = {
            "sessions_held_reason": _(
                "Obligatorio solo si la cifra difiere del registro (p. ej., sesiones cuyas "
                "actas aún no se han cargado)."
            ),
            "active_members_reason": _("Obligatorio solo si la cifra difiere del registro."),
        }
        widgets = {
            name: forms.Textarea(attrs={"rows": 2 if name.endswith("_reason") else 3})
            for name in (
                "sessions_held_reason",
                "active_members_reason",
                "results",
                "difficulties",
                "challenges",
                "needs",
                "survey_answers",
            )
        }

    def __init__(
        self, *args: Any, body: ParticipationBody, year: int | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.instance.entity_id = body.entity_id
        self.instance.body = body
        if year is not None and not self.instance.pk:
            self.instance.year = year
            self.initial.setdefault("year", year)
        self.registry = self.instance.registry_counts()
        for name in self.figure_fields:
            correction = getattr(self.instance, f"{name}_correction")
            self.initial[name] = self.registry[name] if correction is None else correction
            self.fields[name].help_text = _("%(help)s Registro %(year)s: %(count)s.") % {
                "help": self.fields[name].help_text,
                "year": self.instance.year or "—",
                "count": self.registry[name],
            }
        # The figures first, each followed by its reason.
        order = ["year", "status"]
        for name in self.figure_fields:
            order += [name, f"{name}_reason"]
        self.order_fields(order)

    def service_data(self) -> dict[str, Any]:
        data = {k: self.cleaned_data[k] for k in self.Meta.fields}
        data.update({k: self.cleaned_data[k] for k in self.figure_fields})
        return data


class YearForm(forms.Form):
    year = forms.IntegerField(label=_("Vigencia"), min_value=2000, max_value=2100)


class BodyArchiveForm(forms.Form):
    reason = forms.CharField(
        label=_("Motivo del archivo"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("P. ej. «Suprimida por el Acuerdo 05 de 2026» o «Registro duplicado»."),
    )


class BodyDeleteForm(forms.Form):
    confirm_name = forms.CharField(
        label=_("Escriba el nombre de la instancia para confirmar"), max_length=250
    )
