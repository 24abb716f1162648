from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cabildo.accounts.models import Role, User
from cabildo.accounts.selectors import entity_roles
from cabildo.core.forms import PublicFormMixin, form_field, set_choice_labels
from cabildo.core.models import Area, Entity
from cabildo.execution.models import (
    AgeRange,
    CommitmentStatus,
    ContributionKind,
    ConvocationChannel,
    Ethnicity,
    Event,
    OverCapacity,
    RegistrationChannel,
    Sex,
    Viability,
    event_schedule_errors,
)
from cabildo.execution.services.events import over_capacity_question
from cabildo.execution.services.registrations import (
    confirmed_count,
    registration_purpose_text,
    sensitive_purpose_text,
)
from cabildo.plans import selectors as plan_selectors
from cabildo.plans.models import IncidenceLevel, PlannedActivity
from cabildo.privacy.forms import MinorConsentMixin
from cabildo.stakeholders.models import StakeholderGroup
from cabildo.territories.forms import TerritoryChoiceField

DATETIME_WIDGET = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class EventForm(forms.ModelForm):
    link = forms.URLField(label=_("Enlace de conexión"), required=False, assume_scheme="https")

    class Meta:
        model = Event
        fields = [
            "activity",
            "title",
            "description",
            "starts_at",
            "ends_at",
            "modality",
            "place",
            "address",
            "link",
            "agenda",
            "capacity",
            "registration_opens_at",
            "registration_closes_at",
            "accessibility_notes",
            "is_published",
        ]
        widgets = {
            "starts_at": DATETIME_WIDGET,
            "ends_at": DATETIME_WIDGET,
            "registration_opens_at": DATETIME_WIDGET,
            "registration_closes_at": DATETIME_WIDGET,
            "description": forms.Textarea(attrs={"rows": 3}),
            "agenda": forms.Textarea(attrs={"rows": 4}),
            "accessibility_notes": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args: Any, entity: Entity, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.entity = entity
        # Only the plan version in force, labelled with its year and version; an event being
        # edited keeps its own activity.
        form_field(self, "activity", forms.ModelChoiceField).queryset = activity_choices(
            entity, user, keep=self.instance.activity_id
        )
        set_choice_labels(self, "activity", activity_label)
        # Plain integer: the service explains why 0 or a negative number is not a capacity.
        self.fields["capacity"] = forms.IntegerField(
            label=_("Cupo"),
            required=False,
            help_text=_("Déjelo vacío si no hay límite de cupos."),
        )
        # Lowering the capacity below the confirmed registrations asks what to do with them:
        # the question appears only then (the service refuses the change without an answer).
        self.excess = 0
        if self.is_bound and self.instance.pk:
            try:
                capacity = int(self.data.get(self.add_prefix("capacity"), ""))
            except (TypeError, ValueError):
                capacity = None
            if capacity is not None and capacity != self.instance.capacity:
                self.excess = confirmed_count(self.instance) - capacity
        if self.excess > 0:
            self.fields["over_capacity"] = forms.ChoiceField(
                label=_("Inscripciones confirmadas que exceden el nuevo cupo"),
                choices=OverCapacity.choices,
                widget=forms.RadioSelect,
                error_messages={
                    "required": over_capacity_question(excess=self.excess, capacity=capacity)
                },
            )
            # Asked right below the capacity it follows from.
            order = list(self.fields)
            order.remove("over_capacity")
            order.insert(order.index("capacity") + 1, "over_capacity")
            self.order_fields(order)

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        activity, starts_at = data.get("activity"), data.get("starts_at")
        moved = self.instance.pk is None or (starts_at, getattr(activity, "pk", None)) != (
            self.initial.get("starts_at"),
            self.initial.get("activity"),
        )
        if activity is not None and starts_at is not None and moved:
            for name, messages in event_schedule_errors(activity, starts_at).items():
                for message in messages:
                    self.add_error(name, message)
        return data

    def _post_clean(self) -> None:
        # Model validation runs in the service; keep the form to field cleaning only.
        pass


def activity_choices(entity: Entity, user: User, *, keep: int | None = None) -> Any:
    """Activities an official may pick: those of the plan versions in force (of their own
    areas for a liaison), plus ``keep`` (the activity a row being edited already has)."""
    in_force = plan_selectors.activities_in_force(entity=entity)
    activities = PlannedActivity.objects.for_entity(entity).filter(
        Q(pk__in=in_force.values("pk")) | Q(pk=keep or 0)
    )
    roles = entity_roles(user, entity.pk)
    if not roles.has(Role.ENTITY_ADMIN, Role.PARTICIPATION_LEAD):
        activities = activities.filter(Q(area_id__in=roles.area_ids) | Q(pk=keep or 0))
    return activities.select_related("version__plan").order_by(
        "-version__plan__year", "order", "pk"
    )


activity_label = plan_selectors.activity_choice_label


class CancelEventForm(forms.Form):
    reason = forms.CharField(
        label=_("Motivo de la cancelación"), widget=forms.Textarea(attrs={"rows": 3})
    )


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


class ContributionForm(forms.Form):
    kind = forms.ChoiceField(label=_("Tipo de aporte"), choices=ContributionKind.choices)
    text = forms.CharField(label=_("Aporte"), widget=forms.Textarea(attrs={"rows": 4}))
    author_name = forms.CharField(
        label=_("Nombre de quien aporta"),
        max_length=200,
        required=False,
        help_text=_("Opcional: déjelo vacío si la persona prefiere no identificarse."),
    )
    stakeholder_group = forms.ModelChoiceField(
        label=_("Grupo de valor"),
        queryset=StakeholderGroup.objects.none(),
        required=False,
        empty_label=_("Sin indicar"),
    )

    def __init__(self, *args: Any, entity: Entity, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        form_field(
            self, "stakeholder_group", forms.ModelChoiceField
        ).queryset = StakeholderGroup.objects.filter(entity=entity).order_by("name")


class ContributionAnalysisForm(forms.Form):
    viability = forms.ChoiceField(
        label=_("Viabilidad"), choices=[("", "—"), *Viability.choices], required=False
    )
    justification = forms.CharField(
        label=_("Justificación"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    adjustment = forms.CharField(
        label=_("Ajuste realizado"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("Qué cambió en la gestión, el plan o la decisión a partir del aporte."),
    )
    incidence_level = forms.ChoiceField(
        label=_("Nivel de incidencia alcanzado"),
        choices=[("", "—"), *IncidenceLevel.choices],
        required=False,
    )


class CommitmentForm(forms.Form):
    description = forms.CharField(
        label=_("Acuerdo o compromiso"), widget=forms.Textarea(attrs={"rows": 3})
    )
    responsible_area = forms.ModelChoiceField(
        label=_("Dependencia responsable"), queryset=Area.objects.none()
    )
    responsible_person = forms.CharField(
        label=_("Persona responsable"), max_length=200, required=False
    )
    due_date = forms.DateField(
        label=_("Fecha límite"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    status = forms.ChoiceField(label=_("Estado"), choices=CommitmentStatus.choices)
    note = forms.CharField(
        label=_("Nota de seguimiento"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text=_(
            "Se agrega con la fecha de hoy al seguimiento. Obligatoria para marcarlo cumplido."
        ),
    )

    def __init__(self, *args: Any, entity: Entity, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        form_field(
            self, "responsible_area", forms.ModelChoiceField
        ).queryset = Area.objects.for_entity(entity).order_by("name")


# Attendance sheets, activity cancellation, convocations and reports ----------------------------


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


class ActivityCancelForm(forms.Form):
    reason = forms.CharField(
        label=_("Motivo de la cancelación"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
    )


class ConvocationForm(forms.Form):
    activity = forms.ModelChoiceField(
        label=_("Actividad del plan"), queryset=PlannedActivity.objects.none()
    )
    event = forms.ModelChoiceField(
        label=_("Evento"),
        queryset=Event.objects.none(),
        required=False,
        empty_label=_("Sin evento (convocatoria de la actividad)"),
        help_text=_("Debe ser un evento de la actividad elegida."),
    )
    stakeholder_groups = forms.ModelMultipleChoiceField(
        label=_("Grupos de valor convocados"),
        queryset=StakeholderGroup.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    bodies = forms.ModelMultipleChoiceField(
        label=_("Instancias convocadas"),
        queryset=StakeholderGroup.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    channels = forms.MultipleChoiceField(
        label=_("Canales"),
        choices=ConvocationChannel.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    subject = forms.CharField(label=_("Asunto"), max_length=200)
    message = forms.CharField(label=_("Mensaje"), widget=forms.Textarea(attrs={"rows": 6}))
    other_reach = forms.IntegerField(
        label=_("Personas convocadas por otros canales"),
        min_value=0,
        initial=0,
        required=False,
        help_text=_(
            "Carteleras, redes, llamadas, visitas. El alcance total suma además los "
            "destinatarios de correo."
        ),
    )

    def __init__(self, *args: Any, entity: Entity, user: User, **kwargs: Any) -> None:
        from cabildo.bodies.models import ParticipationBody

        super().__init__(*args, **kwargs)
        form_field(self, "activity", forms.ModelChoiceField).queryset = activity_choices(
            entity, user
        )
        set_choice_labels(self, "activity", activity_label)
        form_field(self, "event", forms.ModelChoiceField).queryset = Event.objects.for_entity(
            entity
        ).order_by("-starts_at")
        form_field(
            self, "stakeholder_groups", forms.ModelChoiceField
        ).queryset = StakeholderGroup.objects.filter(entity=entity).order_by("name")
        form_field(
            self, "bodies", forms.ModelChoiceField
        ).queryset = ParticipationBody.objects.filter(entity=entity).order_by("name")

    def clean_other_reach(self) -> int:
        return self.cleaned_data.get("other_reach") or 0


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
