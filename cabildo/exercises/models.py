"""Online participation exercises: surveys, virtual forums, the participatory diagnosis of
obstacles and desired scenarios, and the characterization of requesters.

Citizens' answers (``SurveyResponse``, ``Answer``) and characterizations carry no change
history: they are written once (in bulk for paper forms) and never edited by staff.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cabildo.core import dates
from cabildo.core.models import TenantModel, TenantQuerySet
from cabildo.plans.models import CyclePhase, vigencia_text


def window_errors(
    model: type[models.Model], activity: Any, opens_at: Any, closes_at: Any
) -> dict[str, list[str]]:
    """A survey or a forum of an activity of the plan for year Y opens within that vigencia
    and closes by the end of the following year (a December event's survey closes in
    January)."""
    if activity is None or opens_at is None:
        return {}
    year = activity.version.plan.year
    local = [
        timezone.localtime(v).date() if v is not None and timezone.is_aware(v) else dates.as_date(v)
        for v in (opens_at, closes_at)
    ]
    return dates.collect(
        [
            (
                "opens_at",
                dates.within(
                    local[0],
                    date(year, 1, 1),
                    date(year, 12, 31),
                    label=dates.field_label(model, "opens_at"),
                    what=vigencia_text(year),
                ),
            ),
            (
                "closes_at",
                dates.year_in_range(
                    local[1],
                    label=dates.field_label(model, "closes_at"),
                    minimum=year,
                    maximum=year + 1,
                ),
            ),
        ]
    )


# Surveys --------------------------------------------------------------------------------------


class Identification(models.TextChoices):
    ANONYMOUS = "anonima", _("Anónima")
    IDENTIFIED = "identificada", _("Identificada (con correo electrónico)")


class QuestionKind(models.TextChoices):
    SINGLE = "unica", _("Selección única")
    MULTIPLE = "multiple", _("Selección múltiple")
    SCALE = "escala", _("Escala de 1 a 5")
    SHORT_TEXT = "texto_corto", _("Texto corto")
    LONG_TEXT = "texto_largo", _("Texto largo")
    TERRITORY = "territorio", _("Territorio")
    STAKEHOLDER_GROUP = "grupo_valor", _("Grupo de valor")


CHOICE_KINDS = (QuestionKind.SINGLE, QuestionKind.MULTIPLE)
TEXT_KINDS = (QuestionKind.SHORT_TEXT, QuestionKind.LONG_TEXT)
SCALE_VALUES = (1, 2, 3, 4, 5)


class AnswerChannel(models.TextChoices):
    WEB = "web", _("Formulario web")
    PAPER = "papel", _("Formulario en papel (digitado por un funcionario)")


class SurveyQuerySet(TenantQuerySet["Survey"]):
    def open_now(self) -> SurveyQuerySet:
        now = timezone.now()
        return self.filter(is_published=True, opens_at__lte=now, closes_at__gt=now)

    def with_public_results(self) -> SurveyQuerySet:
        return self.filter(results_published=True)


SurveyManager = models.Manager.from_queryset(SurveyQuerySet)


class Survey(TenantModel):
    """A questionnaire of a planned activity (optionally of one of its events)."""

    activity = models.ForeignKey(
        "plans.PlannedActivity",
        on_delete=models.PROTECT,
        related_name="surveys",
        verbose_name=_("actividad del plan"),
    )
    event = models.ForeignKey(
        "execution.Event",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="surveys",
        verbose_name=_("evento"),
    )
    title = models.CharField(_("título"), max_length=300)
    description = models.TextField(_("presentación"), blank=True)
    opens_at = models.DateTimeField(_("apertura"))
    closes_at = models.DateTimeField(_("cierre"))
    identification = models.CharField(
        _("respuestas"),
        max_length=20,
        choices=Identification.choices,
        default=Identification.ANONYMOUS,
        help_text=_(
            "Identificada: se pide el correo (una respuesta por correo) y la autorización de "
            "datos. Anónima: se limita el número de respuestas por dispositivo."
        ),
    )
    is_published = models.BooleanField(_("publicada en el portal"), default=False)
    results_published = models.BooleanField(_("resultados publicados"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects: ClassVar[SurveyManager] = SurveyManager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("encuesta")
        verbose_name_plural = _("encuestas")
        ordering = ["-opens_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closes_at__gt=models.F("opens_at")),
                name="survey_closes_after_opening",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_area_id(self) -> int | None:
        return self.activity.area_id if self.activity_id else None

    @property
    def is_identified(self) -> bool:
        return self.identification == Identification.IDENTIFIED

    def is_open_at(self, moment: datetime) -> bool:
        return self.is_published and self.opens_at <= moment < self.closes_at

    @property
    def is_open(self) -> bool:
        return self.is_open_at(timezone.now())

    def clean(self) -> None:
        errors: dict[str, list] = {}
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            errors["closes_at"] = [_("El cierre debe ser posterior a la apertura.")]
        if self.entity_id and self.activity_id and self.activity.entity_id != self.entity_id:
            errors["activity"] = [_("La actividad no pertenece a la entidad.")]
        if (
            self.activity_id
            and self.event is not None
            and self.event.activity_id != self.activity_id
        ):
            errors["event"] = [_("El evento no pertenece a la actividad elegida.")]
        if errors:
            raise ValidationError(errors)


class SurveySection(TenantModel):
    survey = models.ForeignKey(
        Survey, on_delete=models.CASCADE, related_name="sections", verbose_name=_("encuesta")
    )
    title = models.CharField(_("título de la sección"), max_length=300)
    description = models.TextField(_("descripción"), blank=True)
    order = models.PositiveIntegerField(_("orden"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("sección")
        verbose_name_plural = _("secciones")
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.title

    def get_area_id(self) -> int | None:
        return self.survey.get_area_id()


class Question(TenantModel):
    survey = models.ForeignKey(
        Survey, on_delete=models.CASCADE, related_name="questions", verbose_name=_("encuesta")
    )
    section = models.ForeignKey(
        SurveySection,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="questions",
        verbose_name=_("sección"),
    )
    text = models.CharField(_("pregunta"), max_length=500)
    help_text = models.CharField(_("ayuda"), max_length=300, blank=True)
    kind = models.CharField(_("tipo de pregunta"), max_length=20, choices=QuestionKind.choices)
    required = models.BooleanField(_("obligatoria"), default=False)
    order = models.PositiveIntegerField(_("orden"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("pregunta")
        verbose_name_plural = _("preguntas")
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.text

    def get_area_id(self) -> int | None:
        return self.survey.get_area_id()

    @property
    def is_choice(self) -> bool:
        return self.kind in CHOICE_KINDS

    @property
    def is_text(self) -> bool:
        return self.kind in TEXT_KINDS


class QuestionOption(TenantModel):
    question = models.ForeignKey(
        Question, on_delete=models.CASCADE, related_name="options", verbose_name=_("pregunta")
    )
    label = models.CharField(_("opción"), max_length=300)
    order = models.PositiveIntegerField(_("orden"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("opción de respuesta")
        verbose_name_plural = _("opciones de respuesta")
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.label


class SurveyResponse(TenantModel):
    """One person's filled-in questionnaire. ``email`` only in identified surveys; it is
    personal data and never leaves the staff pages (exports and results ignore it)."""

    survey = models.ForeignKey(
        Survey, on_delete=models.CASCADE, related_name="responses", verbose_name=_("encuesta")
    )
    channel = models.CharField(
        _("canal"), max_length=20, choices=AnswerChannel.choices, default=AnswerChannel.WEB
    )
    email = models.EmailField(_("correo electrónico"), blank=True)
    consent = models.ForeignKey(
        "privacy.Consent",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("autorización de datos"),
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("digitada por"),
    )
    created_at = models.DateTimeField(_("respondida en"), default=timezone.now)

    class Meta:
        verbose_name = _("respuesta a encuesta")
        verbose_name_plural = _("respuestas a encuestas")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "email"],
                condition=~models.Q(email=""),
                name="survey_response_unique_email",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.survey} #{self.pk}"


class Answer(TenantModel):
    """The answer to one question. A multiple-choice question gives one row per option."""

    response = models.ForeignKey(SurveyResponse, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    option = models.ForeignKey(
        QuestionOption, on_delete=models.CASCADE, null=True, blank=True, related_name="answers"
    )
    number = models.PositiveSmallIntegerField(null=True, blank=True)
    text = models.TextField(blank=True)
    territory = models.ForeignKey(
        "territories.Territory",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    stakeholder_group = models.ForeignKey(
        "stakeholders.StakeholderGroup",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("respuesta a pregunta")
        verbose_name_plural = _("respuestas a preguntas")
        indexes = [models.Index(fields=["question", "option"])]

    def __str__(self) -> str:
        return f"{self.question_id}: {self.option_id or self.number or self.text[:30]}"


# Forums ---------------------------------------------------------------------------------------


class Forum(TenantModel):
    """A virtual forum on a topic of a planned activity, open to comments during a window."""

    activity = models.ForeignKey(
        "plans.PlannedActivity",
        on_delete=models.PROTECT,
        related_name="forums",
        verbose_name=_("actividad del plan"),
    )
    topic = models.CharField(_("tema"), max_length=300)
    description = models.TextField(_("planteamiento"), blank=True)
    opens_at = models.DateTimeField(_("apertura"))
    closes_at = models.DateTimeField(_("cierre"))
    is_published = models.BooleanField(_("publicado en el portal"), default=False)
    closing_summary = models.TextField(
        _("síntesis de cierre"),
        blank=True,
        help_text=_("Conclusiones de la entidad al cerrar el foro; se publican en el portal."),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("foro virtual")
        verbose_name_plural = _("foros virtuales")
        ordering = ["-opens_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closes_at__gt=models.F("opens_at")),
                name="forum_closes_after_opening",
            ),
        ]

    def __str__(self) -> str:
        return self.topic

    def get_area_id(self) -> int | None:
        return self.activity.area_id if self.activity_id else None

    @property
    def is_open(self) -> bool:
        now = timezone.now()
        return self.is_published and self.opens_at <= now < self.closes_at

    def clean(self) -> None:
        errors: dict[str, list] = {}
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            errors["closes_at"] = [_("El cierre debe ser posterior a la apertura.")]
        if self.entity_id and self.activity_id and self.activity.entity_id != self.entity_id:
            errors["activity"] = [_("La actividad no pertenece a la entidad.")]
        if errors:
            raise ValidationError(errors)


class ModerationStatus(models.TextChoices):
    PENDING = "pendiente", _("Pendiente de moderación")
    PUBLISHED = "publicado", _("Publicado")
    REJECTED = "rechazado", _("Retirado por moderación")


class ForumComment(TenantModel):
    thread_replies: list[ForumComment]  # set by selectors.comment_thread() (not a column)

    forum = models.ForeignKey(
        Forum, on_delete=models.CASCADE, related_name="comments", verbose_name=_("foro")
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="replies",
        verbose_name=_("en respuesta a"),
    )
    pseudonym = models.CharField(
        _("nombre o seudónimo"),
        max_length=120,
        blank=True,
        help_text=_("Opcional. Se muestra con su comentario."),
    )
    email = models.EmailField(_("correo electrónico"), blank=True)
    consent = models.ForeignKey(
        "privacy.Consent",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("autorización de datos"),
    )
    text = models.TextField(_("comentario"))
    status = models.CharField(
        _("estado"),
        max_length=20,
        choices=ModerationStatus.choices,
        default=ModerationStatus.PENDING,
    )
    rejection_reason = models.CharField(_("motivo del retiro"), max_length=300, blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("moderado por"),
    )
    moderated_at = models.DateTimeField(_("moderado en"), null=True, blank=True)
    contribution = models.OneToOneField(
        "execution.Contribution",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="forum_comment",
        verbose_name=_("aporte generado"),
    )
    created_at = models.DateTimeField(_("enviado en"), default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("comentario del foro")
        verbose_name_plural = _("comentarios del foro")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.text[:60]

    def get_area_id(self) -> int | None:
        return self.forum.get_area_id() if self.forum_id else None

    def clean(self) -> None:
        errors: dict[str, list] = {}
        if not (self.text or "").strip():
            errors["text"] = [_("Escriba su comentario.")]
        if self.status == ModerationStatus.REJECTED and not self.rejection_reason.strip():
            errors["rejection_reason"] = [_("Indique el motivo por el que se retira.")]
        if self.parent is not None and self.parent.forum_id != self.forum_id:
            errors["parent"] = [_("El comentario al que responde es de otro foro.")]
        if errors:
            raise ValidationError(errors)


# Participatory diagnosis ----------------------------------------------------------------------


class DiagnosisQuerySet(TenantQuerySet["Diagnosis"]):
    def published(self) -> DiagnosisQuerySet:
        return self.filter(is_published=True)


DiagnosisManager = models.Manager.from_queryset(DiagnosisQuerySet)


class Diagnosis(TenantModel):
    """The participatory diagnosis of one year: obstacles to participation and desired
    scenarios by phase of the management cycle (the structure of seed 004 §3.1 and §3.2)."""

    year = models.PositiveIntegerField(_("año"))
    title = models.CharField(_("título"), max_length=300)
    methodology = models.TextField(
        _("cómo se hizo"),
        blank=True,
        help_text=_("Quiénes participaron (áreas, instancias, grupos de valor) y con qué método."),
    )
    is_published = models.BooleanField(_("publicado en el portal"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects: ClassVar[DiagnosisManager] = DiagnosisManager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("diagnóstico participativo")
        verbose_name_plural = _("diagnósticos participativos")
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(fields=["entity", "year"], name="diagnosis_one_per_year"),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.year})"


class Obstacle(TenantModel):
    diagnosis = models.ForeignKey(
        Diagnosis,
        on_delete=models.CASCADE,
        related_name="obstacles",
        verbose_name=_("diagnóstico"),
    )
    phase = models.CharField(
        _("fase del ciclo de la gestión"), max_length=20, choices=CyclePhase.choices
    )
    theme = models.CharField(
        _("tema"), max_length=200, help_text=_("Agrupa obstáculos y escenarios afines.")
    )
    text = models.TextField(_("obstáculo"))
    order = models.PositiveIntegerField(_("orden"), default=0)
    improvement_actions = models.ManyToManyField(
        "assessment.ImprovementAction",
        blank=True,
        related_name="+",
        verbose_name=_("acciones de mejora que lo atienden"),
    )
    plan_activities = models.ManyToManyField(
        "plans.PlannedActivity",
        blank=True,
        related_name="+",
        verbose_name=_("actividades del plan que lo atienden"),
    )

    history = HistoricalRecords(m2m_fields=[improvement_actions, plan_activities])

    class Meta:
        verbose_name = _("obstáculo")
        verbose_name_plural = _("obstáculos")
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.text[:80]


class DesiredScenario(TenantModel):
    diagnosis = models.ForeignKey(
        Diagnosis,
        on_delete=models.CASCADE,
        related_name="scenarios",
        verbose_name=_("diagnóstico"),
    )
    phase = models.CharField(
        _("fase del ciclo de la gestión"), max_length=20, choices=CyclePhase.choices
    )
    theme = models.CharField(_("tema"), max_length=200)
    text = models.TextField(_("escenario deseado"))
    order = models.PositiveIntegerField(_("orden"), default=0)
    obstacles = models.ManyToManyField(
        Obstacle,
        blank=True,
        related_name="scenarios",
        verbose_name=_("obstáculos que supera"),
    )

    history = HistoricalRecords(m2m_fields=[obstacles])

    class Meta:
        verbose_name = _("escenario deseado")
        verbose_name_plural = _("escenarios deseados")
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.text[:80]


# Requester characterization -------------------------------------------------------------------


class CharacterizationAgeRange(models.TextChoices):
    UNDER_18 = "menor18", _("Menor de 18 años")
    R18_28 = "18-28", _("18 a 28 años")
    R29_59 = "29-59", _("29 a 59 años")
    R60_PLUS = "60+", _("60 años o más")


class Occupation(models.TextChoices):
    EMPLOYEE = "empleado", _("Empleado(a)")
    SELF_EMPLOYED = "independiente", _("Trabajador(a) independiente")
    STUDENT = "estudiante", _("Estudiante")
    HOME = "hogar", _("Labores del hogar")
    UNEMPLOYED = "desempleado", _("Sin empleo")
    RETIRED = "pensionado", _("Pensionado(a)")
    OTHER = "otra", _("Otra")


class EducationLevel(models.TextChoices):
    NONE = "ninguno", _("Ninguno")
    PRIMARY = "primaria", _("Básica primaria")
    SECONDARY = "secundaria", _("Básica secundaria o media")
    TECHNICAL = "tecnica", _("Técnica o tecnológica")
    UNIVERSITY = "universitaria", _("Universitaria")
    POSTGRADUATE = "posgrado", _("Posgrado")


class ServiceKind(models.TextChoices):
    PETITION = "pqrsd", _("PQRSD")
    EVENT = "evento", _("Inscripción a evento")


class Characterization(TenantModel):
    """Optional characterization answers of a requester, given under their own consent, for
    one service: a PQRSD filing or an event registration."""

    petition = models.OneToOneField(
        "pqrs.Petition",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="characterization",
    )
    registration = models.OneToOneField(
        "execution.Registration",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="characterization",
    )
    age_range = models.CharField(
        _("rango de edad"), max_length=20, choices=CharacterizationAgeRange.choices, blank=True
    )
    occupation = models.CharField(
        _("ocupación"), max_length=20, choices=Occupation.choices, blank=True
    )
    education_level = models.CharField(
        _("nivel educativo"), max_length=20, choices=EducationLevel.choices, blank=True
    )
    territory = models.ForeignKey(
        "territories.Territory",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("territorio"),
    )
    consent = models.ForeignKey("privacy.Consent", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("caracterización")
        verbose_name_plural = _("caracterizaciones")
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(petition__isnull=False, registration__isnull=True)
                    | models.Q(petition__isnull=True, registration__isnull=False)
                ),
                name="characterization_one_service",
            ),
        ]

    def __str__(self) -> str:
        return f"{_('Caracterización')} #{self.pk}"

    @property
    def service_kind(self) -> str:
        return ServiceKind.PETITION if self.petition_id else ServiceKind.EVENT
