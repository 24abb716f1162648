"""The registration form of an event (public page and staff registration from paper)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from cabildo.core.forms import PublicFormMixin, form_field
from cabildo.core.models import Entity
from cabildo.execution.models import (
    AgeRange,
    Ethnicity,
    RegistrationChannel,
    Sex,
)
from cabildo.execution.services.registrations import (
    registration_purpose_text,
    sensitive_purpose_text,
)
from cabildo.privacy.forms import MinorConsentMixin
from cabildo.stakeholders.models import StakeholderGroup
from cabildo.territories.forms import TerritoryChoiceField


class RegistrationForm(MinorConsentMixin, PublicFormMixin, forms.Form):
    name = forms.CharField(label=_("Nombre completo"), max_length=200)
    email = forms.EmailField(label=_("Correo electrónico"), required=False)
    phone = forms.CharField(label=_("Teléfono"), max_length=40, required=False)
    stakeholder_group = forms.ModelChoiceField(
        label=_("Grupo de valor al que pertenece"),
        queryset=StakeholderGroup.objects.none(),
        required=False,
        empty_label=_("Prefiero no indicarlo"),
    )
    territory = TerritoryChoiceField(label=_("Territorio donde vive"), required=False)
    share_age_range = forms.BooleanField(
        label=_("Autorizo registrar mi rango de edad (dato opcional)"), required=False
    )
    age_range = forms.ChoiceField(
        label=_("Rango de edad"), choices=[("", "—"), *AgeRange.choices], required=False
    )
    share_sex = forms.BooleanField(
        label=_("Autorizo registrar mi sexo (dato opcional)"), required=False
    )
    sex = forms.ChoiceField(label=_("Sexo"), choices=[("", "—"), *Sex.choices], required=False)
    share_ethnicity = forms.BooleanField(
        label=_("Autorizo registrar mi pertenencia étnica (dato sensible, opcional)"),
        required=False,
    )
    ethnicity = forms.ChoiceField(
        label=_("Pertenencia étnica"), choices=[("", "—"), *Ethnicity.choices], required=False
    )
    share_disability = forms.BooleanField(
        label=_("Autorizo registrar si tengo una discapacidad (dato sensible, opcional)"),
        required=False,
    )
    disability = forms.TypedChoiceField(
        label=_("¿Tiene alguna discapacidad?"),
        choices=[("", "—"), ("si", _("Sí")), ("no", _("No"))],
        coerce=lambda v: v == "si",
        empty_value=None,
        required=False,
    )
    consent = forms.BooleanField(label="", required=False)
    # "Menor de edad" is the age range's answer; age and guardian are one group of questions.
    minor_age = ("age_range", AgeRange.UNDER_18.value)
    fieldsets = (
        (
            _("Edad"),
            ("share_age_range", "age_range", "guardian_name", "guardian_consent"),
        ),
    )

    def __init__(self, *args: Any, entity: Entity, staff: bool = False, **kwargs: Any) -> None:
        from cabildo.privacy.services import consent_text

        super().__init__(*args, **kwargs)
        form_field(
            self, "stakeholder_group", forms.ModelChoiceField
        ).queryset = StakeholderGroup.objects.filter(entity=entity).order_by("name")
        form_field(self, "territory", TerritoryChoiceField).set_entity(entity)
        self.fields["consent"].label = consent_text(registration_purpose_text())
        # No registration without it: marked as required (for the eye and for assistive
        # technology) and refused with the short message, not the whole paragraph.
        self.fields["consent"].required = True
        self.fields["consent"].error_messages["required"] = _(
            "Debe autorizar el tratamiento de sus datos para inscribirse."
        )
        self.sensitive_text = consent_text(sensitive_purpose_text())
        if staff:
            self.fields["channel"] = forms.ChoiceField(
                label=_("Canal"),
                choices=[
                    (RegistrationChannel.PAPER, RegistrationChannel.PAPER.label),
                    (RegistrationChannel.STAFF, RegistrationChannel.STAFF.label),
                    (RegistrationChannel.WALK_IN, RegistrationChannel.WALK_IN.label),
                ],
            )
            self.fields["consent"].label = _(
                "La persona firmó la autorización de tratamiento de datos en la planilla."
            )

    def opt_ins(self) -> dict[str, bool]:
        data = self.cleaned_data
        return {
            "age_range": bool(data.get("share_age_range")),
            "sex": bool(data.get("share_sex")),
            "ethnicity": bool(data.get("share_ethnicity")),
            "disability": bool(data.get("share_disability")),
        }
