from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cabildo.accounts.models import Role, User
from cabildo.accounts.selectors import entity_roles
from cabildo.consultations import forms as consultation_forms
from cabildo.core.forms import TextLimitMixin, form_field
from cabildo.core.models import Area, Entity
from cabildo.plans.models import (
    Channel,
    ParticipationPlan,
    PlannedActivity,
    PlanVersion,
    Viability,
)
from cabildo.plans.selectors import body_model, stakeholder_group_model
from cabildo.plans.services import CONSULTATION_DEFAULT_DAYS, observation_purpose_text

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class PlanForm(TextLimitMixin, forms.ModelForm):
    class Meta:
        model = ParticipationPlan
        fields = ["year", "title", "objective"]


class ActivityForm(TextLimitMixin, forms.ModelForm):
    channels = forms.MultipleChoiceField(
        label=_("Canales"),
        choices=Channel.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Marque todos los canales por los que se realiza la actividad."),
        error_messages={"required": _("Elija al menos un canal.")},
    )
    budget = forms.DecimalField(
        label=_("Presupuesto (COP)"),
        min_value=Decimal("0"),
        max_digits=16,
        decimal_places=2,
        initial=0,
        error_messages={
            "invalid": _("El presupuesto debe ser un número (pesos colombianos, sin puntos)."),
            "min_value": _("El presupuesto no puede ser negativo."),
        },
    )

    class Meta:
        model = PlannedActivity
        fields = [
            "area",
            "name",
            "description",
            "phase",
            "procedure",
            "incidence_level",
            "body",
            "other_space",
            "stakeholder_groups",
            "channels",
            "mechanism",
            "methodology",
            "goal",
            "unit",
            "indicator",
            "budget",
            "alliances",
            "start_date",
            "end_date",
            "responsible",
            "periodicity",
            "is_accountability",
            "murc_action",
        ]
        widgets = {
            "start_date": DATE_WIDGET,
            "end_date": DATE_WIDGET,
            "description": forms.Textarea(attrs={"rows": 3}),
            "methodology": forms.Textarea(attrs={"rows": 3}),
            "alliances": forms.Textarea(attrs={"rows": 2}),
            "stakeholder_groups": forms.CheckboxSelectMultiple,
        }

    def __init__(
        self, *args: Any, entity: Entity, user: User, version: PlanVersion, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.instance.entity = entity
        self.instance.version = version
        areas = Area.objects.for_entity(entity).filter(is_active=True)
        roles = entity_roles(user, entity.pk)
        if not roles.has(Role.ENTITY_ADMIN, Role.PARTICIPATION_LEAD):
            areas = areas.filter(pk__in=roles.area_ids)
        form_field(self, "area", forms.ModelChoiceField).queryset = areas
        form_field(self, "body", forms.ModelChoiceField).queryset = (
            body_model().objects.filter(entity=entity).order_by("name")
        )
        form_field(self, "stakeholder_groups", forms.ModelChoiceField).queryset = (
            stakeholder_group_model().objects.filter(entity=entity).order_by("name")
        )

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error(
                "end_date",
                _("La fecha de finalización no puede ser anterior a la fecha de inicio."),
            )
        return data

    def _post_clean(self) -> None:
        # Model validation runs in the service (full_clean); only the form's own checks here.
        pass


class PublishForm(forms.Form):
    start_date = forms.DateField(label=_("Inicio de la consulta"), widget=DATE_WIDGET)
    days = forms.IntegerField(
        label=_("Duración (días calendario)"),
        min_value=1,
        max_value=90,
        initial=CONSULTATION_DEFAULT_DAYS,
    )
    confirm_uncovered = forms.BooleanField(
        label=_(
            "Confirmo que conozco los grupos de valor sin cobertura y publico el plan de todas "
            "formas."
        ),
        required=False,
    )

    def __init__(self, *args: Any, needs_confirmation: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["start_date"].initial = timezone.localdate()
        if not needs_confirmation:
            del self.fields["confirm_uncovered"]


class AdjustForm(forms.Form):
    changelog = forms.CharField(
        label=_("Cambios incorporados"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Se publica junto con la respuesta a cada observación."),
    )


class ApproveForm(forms.Form):
    approved_on = forms.DateField(label=_("Fecha de aprobación"), widget=DATE_WIDGET)
    approval_act = forms.CharField(
        label=_("Acto de aprobación"),
        max_length=300,
        help_text=_(
            "Instancia y documento que aprobó el plan, por ejemplo «Comité Institucional de "
            "Gestión y Desempeño, acta N.º 3». Se muestra en el plan y en su PDF."
        ),
    )


class CloseForm(forms.Form):
    reason = forms.CharField(
        label=_("Motivo del cierre anticipado"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Obligatorio si la vigencia del plan no ha terminado; queda registrado en el plan."
        ),
    )


class ObservationForm(consultation_forms.CommentForm):
    """The general consultation's comment form, on an activity of the consulted version or
    on the plan as a whole, with the commenter's grupo de valor (optional)."""

    field_order = ["activity", "text", "email", "stakeholder_group", "consent"]
    text_label = _("Su observación")
    email_help = _("Si lo deja, le avisaremos cuando publiquemos la respuesta.")
    consent_required = _("Debe autorizar el tratamiento de sus datos para enviar la observación.")

    activity = forms.ModelChoiceField(
        label=_("¿Sobre qué actividad?"),
        queryset=PlannedActivity.objects.none(),
        required=False,
        empty_label=_("Sobre el plan en general"),
    )
    stakeholder_group = forms.ModelChoiceField(
        label=_("Grupo de valor al que pertenece (opcional)"),
        queryset=PlannedActivity.objects.none(),
        required=False,
        empty_label=_("Prefiero no indicarlo"),
    )

    def purpose_text(self) -> str:
        return observation_purpose_text()

    def __init__(self, *args: Any, version: PlanVersion, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        form_field(self, "activity", forms.ModelChoiceField).queryset = version.activities.order_by(
            "order", "pk"
        )
        form_field(self, "stakeholder_group", forms.ModelChoiceField).queryset = (
            stakeholder_group_model().objects.filter(entity_id=version.entity_id).order_by("name")
        )


class AssignForm(forms.Form):
    area = forms.ModelChoiceField(label=_("Dependencia responsable"), queryset=Area.objects.none())

    def __init__(self, *args: Any, entity: Entity, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        form_field(self, "area", forms.ModelChoiceField).queryset = Area.objects.for_entity(
            entity
        ).filter(is_active=True)


class AnalysisForm(forms.Form):
    viability = forms.ChoiceField(label=_("Viabilidad"), choices=Viability.choices)
    justification = forms.CharField(
        label=_("Justificación (respuesta pública)"), widget=forms.Textarea(attrs={"rows": 4})
    )
    changed_activity = forms.ModelChoiceField(
        label=_("Actividad ajustada o creada por la observación"),
        queryset=PlannedActivity.objects.none(),
        required=False,
    )

    def __init__(self, *args: Any, version: PlanVersion, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        form_field(
            self, "changed_activity", forms.ModelChoiceField
        ).queryset = PlannedActivity.objects.filter(
            version__plan_id=version.plan_id, entity_id=version.entity_id
        ).select_related("version")


HideForm = consultation_forms.HideForm
