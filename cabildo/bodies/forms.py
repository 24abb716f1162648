from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from cabildo.accounts.models import User
from cabildo.accounts.predicates import manages_entity
from cabildo.accounts.selectors import entity_roles
from cabildo.bodies.models import (
    BodyCharacterization,
    BodyKind,
    BodyMember,
    BodySession,
    BodyStatus,
    ParticipationBody,
)
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

    def __init__(self, *args: Any, entity: Entity, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.entity = entity
        self.fields["territory"].set_entity(entity)  # type: ignore[attr-defined]
        areas = Area.objects.for_entity(entity)
        if user is not None and not manages_entity(user, entity):
            areas = areas.filter(pk__in=entity_roles(user, entity.pk).area_ids)
            self.fields["secretariat"].required = True
        self.fields["secretariat"].queryset = areas
        self.fields["accompanying_official"].queryset = User.objects.filter(
            memberships__entity=entity, is_active=True
        ).distinct()


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
    class Meta:
        model = BodyCharacterization
        fields = [
            "year",
            "status",
            "sessions_held",
            "active_members",
            "results",
            "difficulties",
            "challenges",
            "needs",
            "survey_answers",
        ]
        widgets = {
            name: forms.Textarea(attrs={"rows": 3})
            for name in ("results", "difficulties", "challenges", "needs", "survey_answers")
        }

    def __init__(self, *args: Any, body: ParticipationBody, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.entity_id = body.entity_id
        self.instance.body = body


class DirectoryFilterForm(forms.Form):
    q = forms.CharField(label=_("Buscar"), required=False, max_length=100)
    kind = forms.ChoiceField(
        label=_("Tipo"), required=False, choices=[("", _("Todos")), *BodyKind.choices]
    )
    territory = TerritoryChoiceField(label=_("Territorio"))
    area = forms.ModelChoiceField(
        label=_("Dependencia"), required=False, queryset=Area.objects.none(), empty_label=_("Todas")
    )
    status = forms.ChoiceField(
        label=_("Estado"), required=False, choices=[("", _("Todos")), *BodyStatus.choices]
    )

    def __init__(self, *args: Any, entity: Entity, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["territory"].set_entity(entity)
        self.fields["territory"].choices = [
            ("", _("Todos")),
            *list(self.fields["territory"].choices)[1:],
        ]
        self.fields["area"].queryset = Area.objects.for_entity(entity)

    def filters(self) -> dict[str, Any]:
        if not self.is_valid():
            return {}
        data = self.cleaned_data
        return {
            "search": data.get("q") or "",
            "kind": data.get("kind") or "",
            "status": data.get("status") or "",
            "territory": data["territory"].pk if data.get("territory") else None,
            "area": data["area"].pk if data.get("area") else None,
        }


class YearForm(forms.Form):
    year = forms.IntegerField(label=_("Vigencia"), min_value=2000, max_value=2100)


class MatrixImportForm(forms.Form):
    year = forms.IntegerField(label=_("Vigencia"), min_value=2000, max_value=2100)
    file = forms.FileField(
        label=_("Archivo de Excel (.xlsx)"),
        help_text=_("La primera fila debe tener los encabezados de la matriz exportada."),
        widget=forms.ClearableFileInput(
            attrs={
                "accept": ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            }
        ),
    )

    def clean_file(self) -> Any:
        file = self.cleaned_data["file"]
        if not (file.name or "").lower().endswith(".xlsx"):
            raise forms.ValidationError(_("Suba un archivo de Excel con extensión .xlsx."))
        return file


class GroupMatrixImportForm(MatrixImportForm):
    year = None  # type: ignore[assignment]
