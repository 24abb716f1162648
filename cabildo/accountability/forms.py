from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from cabildo.accountability import law
from cabildo.accountability.models import (
    MIN_TEXT_LENGTH,
    CouncilDebate,
    CouncilMatter,
    CouncilReport,
    DialogueSpace,
    ImprovementAction,
    MayorReportReview,
    OversightItem,
    QuestionChannel,
    QuestionKind,
    Strategy,
    StrategyTask,
    Veeduria,
)
from cabildo.core.forms import PublicFormMixin, form_field
from cabildo.core.models import Area, Entity

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


def _areas(entity: Entity) -> Any:
    return Area.objects.for_entity(entity).filter(is_active=True).order_by("name")


class EntityModelForm(forms.ModelForm):
    """Foreign-key choices limited to the request's entity."""

    def __init__(self, *args: Any, entity: Entity, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.entity = entity
        self.instance.entity = entity
        for name in ("area", "owner_area"):
            if name in self.fields:
                form_field(self, name, forms.ModelChoiceField).queryset = _areas(entity)


class StrategyForm(EntityModelForm):
    class Meta:
        model = Strategy
        fields = ["year", "objective", "lead_team"]
        widgets = {
            "objective": forms.Textarea(attrs={"rows": 3}),
            "lead_team": forms.Textarea(attrs={"rows": 4}),
        }

    def clean_year(self) -> int:
        """The vigencia's range, shown with the other fields' errors (the service checks it
        again)."""
        from cabildo.accountability.services import strategy_year_error

        year = self.cleaned_data["year"]
        message = strategy_year_error(year)
        if message:
            raise forms.ValidationError(message)
        return year


def _activities(entity: Entity, year: int) -> Any:
    from cabildo.plans.models import PlannedActivity

    return (
        PlannedActivity.objects.for_entity(entity)
        .filter(version__plan__year=year)
        .select_related("version")
        .order_by("order", "pk")
    )


class TaskForm(EntityModelForm):
    class Meta:
        model = StrategyTask
        fields = [
            "stage",
            "description",
            "owner_area",
            "owner_name",
            "starts_on",
            "due_date",
            "done_on",
            "activity",
        ]
        widgets = {"starts_on": DATE, "due_date": DATE, "done_on": DATE}

    def __init__(self, *args: Any, strategy: Strategy, **kwargs: Any) -> None:
        super().__init__(*args, entity=strategy.entity, **kwargs)
        form_field(self, "activity", forms.ModelChoiceField).queryset = _activities(
            strategy.entity, strategy.year
        )


class SpaceForm(EntityModelForm):
    class Meta:
        model = DialogueSpace
        fields = [
            "kind",
            "name",
            "planned_date",
            "in_person",
            "area",
            "activity",
            "body",
            "event",
            "questions_close_at",
            "survey",
        ]
        widgets = {"planned_date": DATE, "questions_close_at": DATETIME}

    def __init__(self, *args: Any, strategy: Strategy, **kwargs: Any) -> None:
        from cabildo.bodies.models import ParticipationBody
        from cabildo.execution.models import Event
        from cabildo.exercises.models import Survey

        super().__init__(*args, entity=strategy.entity, **kwargs)
        entity = strategy.entity
        form_field(self, "activity", forms.ModelChoiceField).queryset = _activities(
            entity, strategy.year
        )
        form_field(
            self, "body", forms.ModelChoiceField
        ).queryset = ParticipationBody.objects.for_entity(entity).order_by("name")
        form_field(self, "event", forms.ModelChoiceField).queryset = (
            Event.objects.for_entity(entity)
            .filter(starts_at__year__in=[strategy.year, strategy.year + 1])
            .order_by("starts_at")
        )
        self.fields["event"].help_text = _(
            "El evento (módulo de eventos) en que se realiza: fecha, lugar, inscripciones."
        )
        form_field(self, "survey", forms.ModelChoiceField).queryset = Survey.objects.for_entity(
            entity
        ).order_by("-pk")


class ReportForm(forms.Form):
    title = forms.CharField(label=_("Título del informe"), max_length=300, required=False)
    body = forms.CharField(
        label=_("Informe en texto accesible"),
        widget=forms.Textarea(attrs={"rows": 14}),
        required=False,
        max_length=100000,
        help_text=DialogueSpace._meta.get_field("report_body").help_text,
    )
    pdf = forms.FileField(
        label=_("Informe en PDF (opcional, hasta 20 MB)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf"}),
    )
    publish = forms.BooleanField(
        label=_("Publicar el informe (la ciudadanía podrá leerlo y enviar preguntas)"),
        required=False,
    )


class MemoriaForm(forms.Form):
    memoria = forms.CharField(
        label=_("Memoria del evento"),
        widget=forms.Textarea(attrs={"rows": 10}),
        max_length=50000,
        required=False,
        help_text=_("Qué se presentó, cuántas personas participaron, qué se preguntó y acordó."),
    )
    publish = forms.BooleanField(label=_("Publicar la memoria"), required=False)


class PublicQuestionForm(PublicFormMixin, forms.Form):
    kind = forms.ChoiceField(
        label=_("¿Qué desea enviar?"),
        choices=QuestionKind.choices,
        widget=forms.RadioSelect,
    )
    text = forms.CharField(
        label=_("Su pregunta o propuesta"),
        widget=forms.Textarea(attrs={"rows": 5}),
        min_length=MIN_TEXT_LENGTH,
        max_length=3000,
    )
    author_name = forms.CharField(label=_("Nombre (opcional)"), max_length=200, required=False)
    email = forms.EmailField(
        label=_("Correo electrónico (opcional)"),
        required=False,
        help_text=_("Si lo deja, le avisaremos cuando publiquemos la respuesta."),
    )
    consent = forms.BooleanField(label="", required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        from cabildo.accountability.services import question_purpose_text, question_too_short
        from cabildo.privacy.services import consent_text

        super().__init__(*args, **kwargs)
        self.fields["text"].error_messages["min_length"] = question_too_short()
        self.fields["consent"].label = consent_text(question_purpose_text())
        self.fields["consent"].help_text = _("Solo si deja su nombre o su correo.")

    def clean(self) -> dict[str, Any]:
        """Every refusal at once: the consent is checked with the other fields, not after."""
        from cabildo.accountability.services import consent_missing

        cleaned = super().clean() or {}
        if (cleaned.get("author_name") or cleaned.get("email")) and not cleaned.get("consent"):
            self.add_error("consent", consent_missing())
        return cleaned


class PaperQuestionForm(forms.Form):
    channel = forms.ChoiceField(
        label=_("Canal"),
        choices=[c for c in QuestionChannel.choices if c[0] != QuestionChannel.WEB],
    )
    received_on = forms.DateField(label=_("Recibida el"), widget=DATE)
    kind = forms.ChoiceField(label=_("Tipo"), choices=QuestionKind.choices)
    text = forms.CharField(
        label=_("Pregunta o propuesta (transcrita)"),
        widget=forms.Textarea(attrs={"rows": 5}),
        min_length=MIN_TEXT_LENGTH,
        max_length=3000,
    )
    author_name = forms.CharField(label=_("Nombre (si lo dejó)"), max_length=200, required=False)
    email = forms.EmailField(label=_("Correo (si lo dejó)"), required=False)
    consent = forms.BooleanField(
        label=_("La persona firmó la autorización de tratamiento de datos del formato"),
        required=False,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        from cabildo.accountability.services import question_too_short

        super().__init__(*args, **kwargs)
        self.fields["text"].error_messages["min_length"] = question_too_short()


class RouteForm(forms.Form):
    area = forms.ModelChoiceField(label=_("Dependencia que responde"), queryset=Area.objects.none())

    def __init__(self, *args: Any, entity: Entity, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        form_field(self, "area", forms.ModelChoiceField).queryset = _areas(entity)


class AnswerForm(forms.Form):
    answer = forms.CharField(
        label=_("Respuesta escrita (se publica)"),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=10000,
    )
    answered_on = forms.DateField(
        label=_("Respondida el"), widget=DATE, required=False, help_text=_("Vacío: hoy.")
    )


class ActionForm(EntityModelForm):
    class Meta:
        model = ImprovementAction
        fields = [
            "description",
            "owner_area",
            "owner_name",
            "due_date",
            "status",
            "follow_up",
            "completed_on",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "follow_up": forms.Textarea(attrs={"rows": 3}),
            "due_date": DATE,
            "completed_on": DATE,
        }


# Control social ---------------------------------------------------------------------------------


class VeeduriaForm(EntityModelForm):
    class Meta:
        model = Veeduria
        fields = [
            "name",
            "is_network",
            "registrar",
            "registration_number",
            "registered_on",
            "object",
            "territorial_level",
            "valid_until",
            "contact_email",
            "items",
        ]
        widgets = {
            "registered_on": DATE,
            "valid_until": DATE,
            "object": forms.Textarea(attrs={"rows": 3}),
            "items": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args: Any, entity: Entity, **kwargs: Any) -> None:
        super().__init__(*args, entity=entity, **kwargs)
        form_field(
            self, "items", forms.ModelChoiceField
        ).queryset = OversightItem.objects.for_entity(entity)


class MemberForm(forms.Form):
    name = forms.CharField(label=_("Nombre del veedor"), max_length=200)
    role = forms.CharField(label=_("Rol"), max_length=100, required=False)

    def __init__(self, *args: Any, entity: Entity | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)


class ItemForm(EntityModelForm):
    class Meta:
        model = OversightItem
        fields = [
            "kind",
            "reference",
            "object",
            "value",
            "starts_on",
            "ends_on",
            "supervisor",
            "area",
            "start_informed_on",
        ]
        widgets = {
            "object": forms.Textarea(attrs={"rows": 3}),
            "starts_on": DATE,
            "ends_on": DATE,
            "start_informed_on": DATE,
        }


class SupervisorReportForm(forms.Form):
    report_date = forms.DateField(label=_("Fecha del informe"), widget=DATE)
    period = forms.CharField(label=_("Periodo"), max_length=120)
    summary = forms.CharField(
        label=_("Resumen del avance"), widget=forms.Textarea(attrs={"rows": 5}), max_length=10000
    )


class VeeduriaRequestForm(forms.Form):
    item = forms.ModelChoiceField(
        label=_("Sobre qué objeto (opcional)"),
        queryset=OversightItem.objects.none(),
        required=False,
    )
    nature = forms.ChoiceField(
        label=_("Tipo de solicitud y término"),
        choices=law.veeduria_nature_choices,
        initial="general",
        help_text=_(
            "Ley 850 de 2003, art. 17 y Ley 1755 de 2015, art. 14: cada tipo de solicitud tiene "
            "el término en días hábiles que muestra su opción."
        ),
    )
    subject = forms.CharField(label=_("Asunto"), max_length=200)
    description = forms.CharField(
        label=_("Solicitud"), widget=forms.Textarea(attrs={"rows": 5}), max_length=10000
    )

    def __init__(self, *args: Any, entity: Entity, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        form_field(
            self, "item", forms.ModelChoiceField
        ).queryset = OversightItem.objects.for_entity(entity)


class ObservationForm(forms.Form):
    item = forms.ModelChoiceField(
        label=_("Objeto observado"), queryset=OversightItem.objects.none()
    )
    received_on = forms.DateField(label=_("Recibida el"), widget=DATE)
    text = forms.CharField(
        label=_("Observación"),
        widget=forms.Textarea(attrs={"rows": 5}),
        min_length=MIN_TEXT_LENGTH,
        max_length=10000,
    )

    def __init__(self, *args: Any, entity: Entity, **kwargs: Any) -> None:
        from cabildo.accountability.services import observation_too_short

        super().__init__(*args, **kwargs)
        form_field(
            self, "item", forms.ModelChoiceField
        ).queryset = OversightItem.objects.for_entity(entity)
        self.fields["text"].error_messages["min_length"] = observation_too_short()


# Concejo mode -----------------------------------------------------------------------------------


class CouncilMatterForm(EntityModelForm):
    class Meta:
        model = CouncilMatter
        fields = ["kind", "number", "title", "presented_on", "status", "decided_on"]
        widgets = {"presented_on": DATE, "decided_on": DATE}


class CouncilDebateForm(EntityModelForm):
    class Meta:
        model = CouncilDebate
        fields = ["held_on", "subject", "summoned"]
        widgets = {"held_on": DATE}


class CouncilReportForm(EntityModelForm):
    class Meta:
        model = CouncilReport
        fields = [
            "year",
            "president",
            "administrative",
            "financial",
            "labour",
            "contractual",
            "pending",
        ]
        widgets = {
            name: forms.Textarea(attrs={"rows": 4})
            for name in ("administrative", "financial", "labour", "contractual", "pending")
        }


class MayorReviewForm(EntityModelForm):
    class Meta:
        model = MayorReportReview
        fields = ["year", "received_on", "answered_on", "answer"]
        widgets = {
            "received_on": DATE,
            "answered_on": DATE,
            "answer": forms.Textarea(attrs={"rows": 5}),
        }
