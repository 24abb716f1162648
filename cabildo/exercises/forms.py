from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cabildo.assessment.models import ImprovementAction
from cabildo.core.forms import PublicFormMixin, form_field, set_choice_labels
from cabildo.core.models import Entity
from cabildo.execution.models import ContributionKind, Event
from cabildo.plans.models import CyclePhase, PlannedActivity
from cabildo.plans.selectors import activity_choice_label
from cabildo.privacy.services import consent_text
from cabildo.stakeholders.models import StakeholderGroup
from cabildo.territories.forms import TerritoryChoiceField

from .models import (
    CHOICE_KINDS,
    SCALE_VALUES,
    CharacterizationAgeRange,
    DesiredScenario,
    EducationLevel,
    Identification,
    ModerationStatus,
    Obstacle,
    Occupation,
    Question,
    QuestionKind,
    Survey,
)
from .services import characterization_purpose_text, forum_purpose_text, survey_purpose_text

if TYPE_CHECKING:
    from cabildo.accounts.models import User

CHECK = {"class": "form-check-input"}
DATETIME_WIDGET = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


def _activities(entity: Entity, user: User) -> Any:
    """Activities of the plan versions in force (of the liaison's areas), labelled with their
    year and version."""
    from cabildo.execution.forms.events import activity_choices

    return activity_choices(entity, user)


class SurveyForm(forms.Form):
    activity = forms.ModelChoiceField(
        label=_("Actividad del plan"), queryset=PlannedActivity.objects.none()
    )
    event = forms.ModelChoiceField(
        label=_("Evento (opcional)"),
        queryset=Event.objects.none(),
        required=False,
        help_text=_("Si la encuesta es de un evento, debe ser un evento de la actividad elegida."),
    )
    title = forms.CharField(label=_("Título"), max_length=300)
    description = forms.CharField(
        label=_("Presentación"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("Para qué se consulta y cómo se usarán las respuestas."),
    )
    opens_at = forms.DateTimeField(label=_("Apertura"), widget=DATETIME_WIDGET)
    closes_at = forms.DateTimeField(label=_("Cierre"), widget=DATETIME_WIDGET)
    identification = forms.ChoiceField(
        label=_("Respuestas"),
        choices=Identification.choices,
        help_text=Survey._meta.get_field("identification").help_text,
    )
    is_published = forms.BooleanField(label=_("Publicar en el portal"), required=False)

    def __init__(self, *args: Any, entity: Entity, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        form_field(self, "activity", forms.ModelChoiceField).queryset = _activities(entity, user)
        set_choice_labels(self, "activity", activity_choice_label)
        form_field(self, "event", forms.ModelChoiceField).queryset = (
            Event.objects.for_entity(entity).select_related("activity").order_by("-starts_at")
        )


class SectionForm(forms.Form):
    title = forms.CharField(label=_("Título de la sección"), max_length=300)
    description = forms.CharField(
        label=_("Descripción de la sección"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )


class QuestionForm(forms.Form):
    text = forms.CharField(label=_("Pregunta"), max_length=500)
    kind = forms.ChoiceField(label=_("Tipo de pregunta"), choices=QuestionKind.choices)
    options = forms.CharField(
        label=_("Opciones de respuesta"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text=_("Solo para selección única o múltiple: una opción por línea (mínimo dos)."),
    )
    section = forms.ModelChoiceField(
        label=_("Sección"), queryset=Question.objects.none(), required=False
    )
    help_text = forms.CharField(label=_("Ayuda para responder"), max_length=300, required=False)
    required = forms.BooleanField(label=_("Respuesta obligatoria"), required=False)

    def __init__(self, *args: Any, survey: Survey, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        form_field(self, "section", forms.ModelChoiceField).queryset = survey.sections.all()

    @property
    def option_list(self) -> list[str]:
        return self.cleaned_data.get("options", "").splitlines()


def question_initial(question: Question) -> dict[str, Any]:
    return {
        "text": question.text,
        "kind": question.kind,
        "options": "\n".join(o.label for o in question.options.all()),
        "section": question.section_id,
        "help_text": question.help_text,
        "required": question.required,
    }


class AnswerForm(PublicFormMixin, forms.Form):
    """The questionnaire, built from the survey's questions (field ``q<pk>`` each). Fields are
    never required here: the service says which obligatory questions are missing, so the
    error is the same for web and paper answers."""

    def __init__(
        self,
        *args: Any,
        survey: Survey,
        questions: list[Question],
        identified: bool,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.survey = survey
        self.questions = questions
        groups: Any = None
        for question in questions:
            self.fields[f"q{question.pk}"] = self._field(question, survey.entity)
            if question.kind == QuestionKind.STAKEHOLDER_GROUP and groups is None:
                groups = StakeholderGroup.objects.for_entity(survey.entity).order_by("name")
            if question.kind == QuestionKind.STAKEHOLDER_GROUP:
                form_field(self, f"q{question.pk}", forms.ModelChoiceField).queryset = groups
        if identified:
            self.fields["email"] = forms.EmailField(label=_("Correo electrónico"))
            self.fields["consent"] = forms.BooleanField(
                label=consent_text(survey_purpose_text()), required=False
            )

    def _field(self, question: Question, entity: Entity) -> forms.Field:
        common: dict[str, Any] = {
            "label": question.text,
            "required": False,
            "help_text": question.help_text,
        }
        choices = [(o.pk, o.label) for o in question.options.all()]
        if question.kind == QuestionKind.SINGLE:
            return forms.ChoiceField(choices=choices, widget=forms.RadioSelect(CHECK), **common)
        if question.kind == QuestionKind.MULTIPLE:
            return forms.MultipleChoiceField(
                choices=choices, widget=forms.CheckboxSelectMultiple(CHECK), **common
            )
        if question.kind == QuestionKind.SCALE:
            scale = [(v, str(v)) for v in SCALE_VALUES]
            common["help_text"] = question.help_text or _("1 es el valor más bajo y 5 el más alto.")
            return forms.TypedChoiceField(
                choices=scale, coerce=int, widget=forms.RadioSelect(CHECK), **common
            )
        if question.kind == QuestionKind.SHORT_TEXT:
            return forms.CharField(max_length=300, **common)
        if question.kind == QuestionKind.LONG_TEXT:
            return forms.CharField(
                max_length=5000, widget=forms.Textarea(attrs={"rows": 4}), **common
            )
        if question.kind == QuestionKind.TERRITORY:
            field = TerritoryChoiceField(**common)
            field.set_entity(entity)
            return field
        return forms.ModelChoiceField(
            queryset=StakeholderGroup.objects.none(), empty_label=_("Elija una opción"), **common
        )

    def email_field(self) -> Any:
        field = self["email"]
        field.is_required = True  # type: ignore[attr-defined]  # a flag the template reads
        return field

    def values(self) -> dict[int, Any]:
        return {q.pk: self.cleaned_data.get(f"q{q.pk}") for q in self.questions}

    def sections(self) -> list[dict[str, Any]]:
        """Bound fields grouped by section, in question order (for the template)."""
        groups: list[dict[str, Any]] = []
        for question in self.questions:
            section = question.section
            if not groups or groups[-1]["section"] != section:
                groups.append({"section": section, "fields": []})
            field = self[f"q{question.pk}"]
            # Flags the template reads on the bound field (fieldset or label, required mark).
            field.is_group = question.kind in (*CHOICE_KINDS, QuestionKind.SCALE)  # type: ignore[attr-defined]
            field.is_required = question.required  # type: ignore[attr-defined]
            groups[-1]["fields"].append(field)
        return groups


class ForumForm(forms.Form):
    activity = forms.ModelChoiceField(
        label=_("Actividad del plan"), queryset=PlannedActivity.objects.none()
    )
    topic = forms.CharField(label=_("Tema"), max_length=300)
    description = forms.CharField(
        label=_("Planteamiento"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text=_("Qué se pregunta a la ciudadanía y qué hará la entidad con los comentarios."),
    )
    opens_at = forms.DateTimeField(label=_("Apertura"), widget=DATETIME_WIDGET)
    closes_at = forms.DateTimeField(label=_("Cierre"), widget=DATETIME_WIDGET)
    is_published = forms.BooleanField(label=_("Publicar en el portal"), required=False)

    def __init__(self, *args: Any, entity: Entity, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        form_field(self, "activity", forms.ModelChoiceField).queryset = _activities(entity, user)
        set_choice_labels(self, "activity", activity_choice_label)


class CommentForm(PublicFormMixin, forms.Form):
    text = forms.CharField(
        label=_("Su comentario"), widget=forms.Textarea(attrs={"rows": 4}), max_length=5000
    )
    pseudonym = forms.CharField(
        label=_("Nombre o seudónimo (opcional)"),
        max_length=120,
        required=False,
        help_text=_("Se muestra con su comentario. Puede dejarlo vacío."),
    )
    email = forms.EmailField(
        label=_("Correo electrónico (opcional)"),
        required=False,
        help_text=_("Solo si quiere que la entidad le responda. No se publica."),
    )
    consent = forms.BooleanField(label="", required=False)
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["consent"].label = consent_text(forum_purpose_text())


class ModerationForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Decisión"),
        choices=[
            (ModerationStatus.PUBLISHED, _("Publicar")),
            (ModerationStatus.REJECTED, _("Retirar")),
        ],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Motivo del retiro"),
        max_length=300,
        required=False,
        help_text=_("Obligatorio al retirar; se publica en lugar del comentario."),
    )


class ContributionFromCommentForm(forms.Form):
    event = forms.ModelChoiceField(
        label=_("Evento de la actividad"), queryset=Event.objects.none(), required=False
    )
    kind = forms.ChoiceField(label=_("Tipo de aporte"), choices=ContributionKind.choices)

    def __init__(self, *args: Any, activity: PlannedActivity, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        form_field(self, "event", forms.ModelChoiceField).queryset = Event.objects.filter(
            activity=activity
        ).order_by("starts_at")


class CloseForumForm(forms.Form):
    summary = forms.CharField(
        label=_("Síntesis de cierre"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Qué se recogió y qué hará la entidad. Al guardarla, el foro se cierra."),
    )


class DiagnosisForm(forms.Form):
    year = forms.IntegerField(label=_("Año"), min_value=2000, max_value=2100)
    title = forms.CharField(label=_("Título"), max_length=300)
    methodology = forms.CharField(
        label=_("Cómo se hizo"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text=_("Quiénes participaron (áreas, instancias, grupos de valor) y con qué método."),
    )
    is_published = forms.BooleanField(label=_("Publicar en el portal"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {}).setdefault("year", timezone.localdate().year)
        super().__init__(*args, **kwargs)


class ObstacleForm(forms.Form):
    phase = forms.ChoiceField(label=_("Fase del ciclo de la gestión"), choices=CyclePhase.choices)
    theme = forms.CharField(
        label=_("Tema"),
        max_length=200,
        help_text=_("Por ejemplo: acceso a la información, espacios de diálogo, control social."),
    )
    text = forms.CharField(label=_("Obstáculo"), widget=forms.Textarea(attrs={"rows": 3}))
    improvement_actions = forms.ModelMultipleChoiceField(
        label=_("Acciones de mejora que lo atienden"),
        queryset=ImprovementAction.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    plan_activities = forms.ModelMultipleChoiceField(
        label=_("Actividades del plan que lo atienden"),
        queryset=PlannedActivity.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, entity: Entity, year: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        form_field(self, "improvement_actions", forms.ModelChoiceField).queryset = (
            ImprovementAction.objects.for_entity(entity).select_related("activity").order_by("-pk")
        )
        set_choice_labels(self, "improvement_actions", _action_label)
        form_field(self, "plan_activities", forms.ModelChoiceField).queryset = (
            PlannedActivity.objects.for_entity(entity)
            .filter(version__plan__year__in=[year, year + 1])
            .order_by("version__plan__year", "order")
        )


def _action_label(action: ImprovementAction) -> str:
    return action.improvement_alternative or str(action.activity)


def obstacle_initial(obstacle: Obstacle) -> dict[str, Any]:
    return {
        "phase": obstacle.phase,
        "theme": obstacle.theme,
        "text": obstacle.text,
        "improvement_actions": list(obstacle.improvement_actions.all()),
        "plan_activities": list(obstacle.plan_activities.all()),
    }


class ScenarioForm(forms.Form):
    phase = forms.ChoiceField(label=_("Fase del ciclo de la gestión"), choices=CyclePhase.choices)
    theme = forms.CharField(label=_("Tema"), max_length=200)
    text = forms.CharField(label=_("Escenario deseado"), widget=forms.Textarea(attrs={"rows": 3}))
    obstacles = forms.ModelMultipleChoiceField(
        label=_("Obstáculos que supera"),
        queryset=Obstacle.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, diagnosis: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        form_field(self, "obstacles", forms.ModelChoiceField).queryset = diagnosis.obstacles.all()
        set_choice_labels(self, "obstacles", lambda o: f"{o.get_phase_display()}: {o.text}")


def scenario_initial(scenario: DesiredScenario) -> dict[str, Any]:
    return {
        "phase": scenario.phase,
        "theme": scenario.theme,
        "text": scenario.text,
        "obstacles": list(scenario.obstacles.all()),
    }


class CharacterizationForm(forms.Form):
    """Optional characterization questions with their own consent, embedded (with the prefix
    ``car``) in the PQRSD filing form and the event registration form."""

    prefix = "car"

    consent = forms.BooleanField(label="", required=False)
    age_range = forms.ChoiceField(
        label=_("Rango de edad"),
        choices=[("", _("Prefiero no responder")), *CharacterizationAgeRange.choices],
        required=False,
    )
    occupation = forms.ChoiceField(
        label=_("Ocupación"),
        choices=[("", _("Prefiero no responder")), *Occupation.choices],
        required=False,
    )
    education_level = forms.ChoiceField(
        label=_("Nivel educativo"),
        choices=[("", _("Prefiero no responder")), *EducationLevel.choices],
        required=False,
    )
    territory = TerritoryChoiceField(label=_("Territorio donde vive"), required=False)

    def __init__(
        self, *args: Any, entity: Entity, exclude: tuple[str, ...] = (), **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["consent"].label = consent_text(characterization_purpose_text())
        form_field(self, "territory", TerritoryChoiceField).set_entity(entity)
        for name in exclude:
            del self.fields[name]

    def answers(self) -> dict[str, Any]:
        """Keyword arguments for ``services.characterization_record``."""
        data = self.cleaned_data if self.is_valid() else {}
        return {
            "consent_given": bool(data.get("consent")),
            "age_range": data.get("age_range", ""),
            "occupation": data.get("occupation", ""),
            "education_level": data.get("education_level", ""),
            "territory": data.get("territory"),
        }
