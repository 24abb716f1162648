"""MIPG autodiagnóstico of the participation policy and the improvement plan it drives.

The catalogue (components, categories, management activities) is national seed data and
is versioned: every assessment points at the catalogue version it was scored against, so a
new official version can be loaded without touching past assessments. Rating arithmetic
lives in :mod:`cabildo.assessment.scoring`.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cabildo.core import dates
from cabildo.core.models import Area, TenantModel, TenantQuerySet

if TYPE_CHECKING:
    from cabildo.assessment.scoring import Level

score_validators = [
    MinValueValidator(0, _("El puntaje debe estar entre 0 y 100.")),
    MaxValueValidator(100, _("El puntaje debe estar entre 0 y 100.")),
]


# --- Catalogue (global) -------------------------------------------------------------------


class CatalogueVersion(models.Model):
    name = models.CharField(_("nombre"), max_length=200)
    version_label = models.CharField(_("versión"), max_length=40)
    published_on = models.DateField(_("fecha de publicación"), null=True, blank=True)
    source_note = models.TextField(_("fuente y observaciones"), blank=True)
    is_current = models.BooleanField(_("versión vigente"), default=False)

    class Meta:
        verbose_name = _("versión del catálogo")
        verbose_name_plural = _("versiones del catálogo")
        ordering = ["-published_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["name", "version_label"], name="assessment_catalogue_version_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.version_label})"


class AssessmentComponent(models.Model):
    version = models.ForeignKey(
        CatalogueVersion,
        on_delete=models.CASCADE,
        related_name="components",
        verbose_name=_("versión del catálogo"),
    )
    order = models.PositiveSmallIntegerField(_("orden"))
    name = models.CharField(_("nombre"), max_length=300)

    class Meta:
        verbose_name = _("componente")
        verbose_name_plural = _("componentes")
        ordering = ["version", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["version", "order"], name="assessment_component_order_unique"
            )
        ]

    def __str__(self) -> str:
        return self.name


class AssessmentCategory(models.Model):
    component = models.ForeignKey(
        AssessmentComponent,
        on_delete=models.CASCADE,
        related_name="categories",
        verbose_name=_("componente"),
    )
    order = models.PositiveSmallIntegerField(_("orden"))
    name = models.CharField(_("nombre"), max_length=300)

    class Meta:
        verbose_name = _("categoría")
        verbose_name_plural = _("categorías")
        ordering = ["component__order", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["component", "order"], name="assessment_category_order_unique"
            )
        ]

    def __str__(self) -> str:
        return self.name


class ManagementActivity(models.Model):
    version = models.ForeignKey(
        CatalogueVersion,
        on_delete=models.CASCADE,
        related_name="activities",
        verbose_name=_("versión del catálogo"),
    )
    category = models.ForeignKey(
        AssessmentCategory,
        on_delete=models.CASCADE,
        related_name="activities",
        verbose_name=_("categoría"),
    )
    code = models.CharField(_("código"), max_length=20)
    order = models.PositiveSmallIntegerField(_("orden"))
    text = models.TextField(_("actividad de gestión"))

    class Meta:
        verbose_name = _("actividad de gestión")
        verbose_name_plural = _("actividades de gestión")
        ordering = ["version", "order"]
        constraints = [
            models.UniqueConstraint(fields=["version", "code"], name="assessment_activity_code"),
            models.UniqueConstraint(fields=["version", "order"], name="assessment_activity_order"),
        ]

    def __str__(self) -> str:
        return f"{self.code}. {self.text[:80]}"


# --- Self-assessment -------------------------------------------------------------------------


class AssessmentState(models.TextChoices):
    IN_PROGRESS = "en_diligenciamiento", _("En diligenciamiento")
    CLOSED = "cerrado", _("Cerrado")


class CyclePhase(models.TextChoices):
    DIAGNOSIS = "diagnostico", _("Diagnóstico")
    FORMULATION = "formulacion", _("Formulación")
    IMPLEMENTATION = "implementacion", _("Implementación")
    EVALUATION = "evaluacion", _("Evaluación")


class SelfAssessment(TenantModel):
    year = models.PositiveSmallIntegerField(
        _("vigencia"),
        validators=[
            MinValueValidator(2017, _("La vigencia debe ser 2017 o posterior (MIPG).")),
            MaxValueValidator(2100, _("La vigencia no es válida.")),
        ],
    )
    catalogue_version = models.ForeignKey(
        CatalogueVersion,
        on_delete=models.PROTECT,
        related_name="assessments",
        verbose_name=_("versión del catálogo"),
    )
    state = models.CharField(
        _("estado"),
        max_length=20,
        choices=AssessmentState.choices,
        default=AssessmentState.IN_PROGRESS,
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("creado por"),
    )
    created_at = models.DateTimeField(_("creado el"), default=timezone.now)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("cerrado por"),
    )
    closed_at = models.DateTimeField(_("cerrado el"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("autodiagnóstico")
        verbose_name_plural = _("autodiagnósticos")
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(fields=["entity", "year"], name="assessment_one_per_year")
        ]

    def __str__(self) -> str:
        return str(_("Autodiagnóstico %(year)s") % {"year": self.year})

    @property
    def is_closed(self) -> bool:
        return self.state == AssessmentState.CLOSED


class ActivityScore(TenantModel):
    # Set by selectors on the rows of an assessment sheet (not columns).
    level: Level | None
    key: str
    obs_key: str

    assessment = models.ForeignKey(
        SelfAssessment,
        on_delete=models.CASCADE,
        related_name="scores",
        verbose_name=_("autodiagnóstico"),
    )
    activity = models.ForeignKey(
        ManagementActivity,
        on_delete=models.PROTECT,
        related_name="scores",
        verbose_name=_("actividad de gestión"),
    )
    score = models.PositiveSmallIntegerField(
        _("puntaje"), null=True, blank=True, validators=score_validators
    )
    evidence_text = models.TextField(_("evidencias"), blank=True)
    evidence_links = models.TextField(
        _("enlaces de evidencia"), blank=True, help_text=_("Una dirección por línea.")
    )
    observations = models.TextField(_("observaciones"), blank=True)
    scored_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("calificado por"),
    )
    scored_at = models.DateTimeField(_("calificado el"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("puntaje de actividad")
        verbose_name_plural = _("puntajes de actividades")
        ordering = ["activity__order"]
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "activity"], name="assessment_score_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(score__isnull=True) | models.Q(score__gte=0, score__lte=100),
                name="assessment_score_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.activity.code}: {self.score if self.score is not None else '—'}"

    def links(self) -> list[str]:
        """Web links only (http/https): never rendered as ``javascript:`` or other schemes."""
        lines = [line.strip() for line in self.evidence_links.splitlines()]
        return [line for line in lines if line.lower().startswith(("http://", "https://"))]


class EvidenceFile(TenantModel):
    score = models.ForeignKey(
        ActivityScore,
        on_delete=models.CASCADE,
        related_name="files",
        verbose_name=_("puntaje de actividad"),
    )
    file = models.FileField(_("archivo"), upload_to="assessment/evidence/%Y/")
    original_name = models.CharField(_("nombre original"), max_length=255)
    content_type = models.CharField(_("tipo de contenido"), max_length=100)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("cargado por"),
    )
    uploaded_at = models.DateTimeField(_("cargado el"), default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("archivo de evidencia")
        verbose_name_plural = _("archivos de evidencia")
        ordering = ["uploaded_at"]

    def __str__(self) -> str:
        return self.original_name


class PhaseFinding(TenantModel):
    """Strengths and weaknesses of participation in one phase of the management cycle."""

    assessment = models.ForeignKey(
        SelfAssessment,
        on_delete=models.CASCADE,
        related_name="findings",
        verbose_name=_("autodiagnóstico"),
    )
    phase = models.CharField(_("fase del ciclo"), max_length=20, choices=CyclePhase.choices)
    strengths = models.TextField(_("fortalezas"), blank=True)
    weaknesses = models.TextField(_("debilidades"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("fortalezas y debilidades")
        verbose_name_plural = _("fortalezas y debilidades")
        constraints = [
            models.UniqueConstraint(fields=["assessment", "phase"], name="assessment_phase_unique")
        ]

    def __str__(self) -> str:
        return self.get_phase_display()


class FuragResult(TenantModel):
    year = models.PositiveSmallIntegerField(
        _("vigencia"),
        validators=[
            MinValueValidator(2017, _("La vigencia debe ser 2017 o posterior (MIPG).")),
            MaxValueValidator(2100, _("La vigencia no es válida.")),
        ],
    )
    participation_index = models.DecimalField(
        _("índice de participación ciudadana (FURAG)"),
        max_digits=5,
        decimal_places=1,
        validators=[
            MinValueValidator(0, _("El índice debe estar entre 0 y 100.")),
            MaxValueValidator(100, _("El índice debe estar entre 0 y 100.")),
        ],
    )
    notes = models.CharField(_("observaciones"), max_length=300, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("resultado FURAG")
        verbose_name_plural = _("resultados FURAG")
        ordering = ["year"]
        constraints = [
            models.UniqueConstraint(fields=["entity", "year"], name="assessment_furag_per_year")
        ]

    def __str__(self) -> str:
        return f"FURAG {self.year}: {self.participation_index}"


# --- Improvement plan -------------------------------------------------------------------------


class ImprovementPlan(TenantModel):
    assessment = models.OneToOneField(
        SelfAssessment,
        on_delete=models.PROTECT,
        related_name="improvement_plan",
        verbose_name=_("autodiagnóstico"),
    )
    threshold_level = models.PositiveSmallIntegerField(
        _("nivel umbral"),
        default=3,
        validators=[
            MinValueValidator(1, _("El nivel debe estar entre 1 y 5.")),
            MaxValueValidator(5, _("El nivel debe estar entre 1 y 5.")),
        ],
        help_text=_("Se propone una acción por cada actividad con nivel igual o inferior."),
    )
    document_code = models.CharField(_("código del documento"), max_length=40, blank=True)
    document_version = models.CharField(_("versión del documento"), max_length=20, default="1")
    prepared_by_name = models.CharField(_("elaboró (nombre)"), max_length=200, blank=True)
    prepared_by_role = models.CharField(_("elaboró (cargo)"), max_length=200, blank=True)
    prepared_on = models.DateField(_("fecha de elaboración"), null=True, blank=True)
    approved_by_body = models.CharField(_("aprobó (instancia)"), max_length=200, blank=True)
    approval_act = models.CharField(_("acta de aprobación"), max_length=100, blank=True)
    approved_on = models.DateField(_("fecha de aprobación"), null=True, blank=True)
    created_at = models.DateTimeField(_("creado el"), default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("plan de mejoramiento")
        verbose_name_plural = _("planes de mejoramiento")
        ordering = ["-assessment__year"]

    def __str__(self) -> str:
        return str(_("Plan de mejoramiento %(year)s") % {"year": self.assessment.year})

    def clean(self) -> None:
        """Plausible dates: prepared and approved from 2000 (MIPG's self-assessments are
        later) and not in the future. No order between them: seed 003's signature block dates
        the document after its approval (a later revision of the same plan)."""
        super().clean()
        today = timezone.localdate()
        prepared_label = dates.field_label(ImprovementPlan, "prepared_on")
        approved_label = dates.field_label(ImprovementPlan, "approved_on")
        checks = []
        for name, label in (("prepared_on", prepared_label), ("approved_on", approved_label)):
            day = getattr(self, name)
            checks += [
                (name, dates.year_in_range(day, label=label, minimum=EARLIEST_PLAN_YEAR)),
                (name, dates.not_in_future(day, label=label, today=today)),
            ]
        errors = dates.collect(checks)
        if errors:
            raise ValidationError(errors)


EARLIEST_PLAN_YEAR = 2000  # no improvement plan of a participation policy is older


class ActionStatus(models.TextChoices):
    PENDING = "pendiente", _("Pendiente")
    IN_PROGRESS = "en_curso", _("En curso")
    DONE = "cumplida", _("Cumplida")


OVERDUE_LABEL = _("Vencida")


class ImprovementActionQuerySet(TenantQuerySet["ImprovementAction"]):
    def open(self) -> ImprovementActionQuerySet:
        return self.exclude(status=ActionStatus.DONE)

    def overdue(self, today: date) -> ImprovementActionQuerySet:
        return self.open().filter(due_date__lt=today)


ImprovementActionManager = models.Manager.from_queryset(ImprovementActionQuerySet)


class ImprovementAction(TenantModel):
    plan = models.ForeignKey(
        ImprovementPlan,
        on_delete=models.CASCADE,
        related_name="actions",
        verbose_name=_("plan de mejoramiento"),
    )
    activity = models.ForeignKey(
        ManagementActivity,
        on_delete=models.PROTECT,
        related_name="improvement_actions",
        verbose_name=_("actividad de gestión"),
    )
    score_at_generation = models.PositiveSmallIntegerField(
        _("puntaje del autodiagnóstico"), null=True, blank=True
    )
    improvement_alternative = models.TextField(_("alternativa de mejora"), blank=True)
    area = models.ForeignKey(
        Area,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("dependencia responsable"),
    )
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assessment_actions",
        verbose_name=_("persona responsable"),
    )
    start_date = models.DateField(_("fecha de inicio"), null=True, blank=True)
    deadline = models.DateField(_("fecha límite"), null=True, blank=True)
    deadline_months = models.PositiveSmallIntegerField(
        _("plazo en meses desde la aprobación"),
        null=True,
        blank=True,
        validators=[
            MinValueValidator(1, _("El plazo debe ser de 1 a 36 meses.")),
            MaxValueValidator(36, _("El plazo debe ser de 1 a 36 meses.")),
        ],
    )
    due_date = models.DateField(_("vence el"), null=True, blank=True, editable=False)
    expected_evidence = models.TextField(_("evidencia esperada"), blank=True)
    status = models.CharField(
        _("estado"), max_length=20, choices=ActionStatus.choices, default=ActionStatus.PENDING
    )
    progress = models.PositiveSmallIntegerField(
        _("avance (%)"),
        default=0,
        validators=[
            MinValueValidator(0, _("El avance debe estar entre 0 y 100.")),
            MaxValueValidator(100, _("El avance debe estar entre 0 y 100.")),
        ],
    )
    completed_on = models.DateField(_("cumplida el"), null=True, blank=True)

    objects: ClassVar[ImprovementActionManager] = ImprovementActionManager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("acción de mejora")
        verbose_name_plural = _("acciones de mejora")
        ordering = ["activity__order"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "activity"], name="assessment_action_unique")
        ]

    def __str__(self) -> str:
        return f"{self.activity.code}: {self.improvement_alternative[:60]}"

    def get_area_id(self) -> int | None:
        return self.area_id

    def is_overdue(self, today: date | None = None) -> bool:
        today = today or timezone.localdate()
        return (
            self.status != ActionStatus.DONE and self.due_date is not None and self.due_date < today
        )

    def status_label(self, today: date | None = None) -> str:
        """Status as shown: 'Vencida' is computed, never stored."""
        if self.is_overdue(today):
            return str(OVERDUE_LABEL)
        return str(self.get_status_display())

    def status_key(self, today: date | None = None) -> str:
        return "vencida" if self.is_overdue(today) else self.status

    def clean(self) -> None:
        """Plausible dates: start and deadline from 2000 to at most a few years ahead, and
        the deadline not before the start."""
        super().clean()
        errors = self.date_errors(start_date=self.start_date, deadline=self.deadline)
        if errors:
            raise ValidationError(errors)

    @staticmethod
    def date_errors(*, start_date: date | None, deadline: date | None) -> dict[str, list[str]]:
        """The one rule for an action's dates (the form, the service and the matrix import)."""
        latest = timezone.localdate().year + dates.MAX_YEARS_AHEAD
        start_label = dates.field_label(ImprovementAction, "start_date")
        deadline_label = dates.field_label(ImprovementAction, "deadline")
        checks = [
            (
                name,
                dates.year_in_range(value, label=label, minimum=EARLIEST_PLAN_YEAR, maximum=latest),
            )
            for name, label, value in (
                ("start_date", start_label, start_date),
                ("deadline", deadline_label, deadline),
            )
        ]
        checks.append(
            (
                "deadline",
                dates.in_order(
                    start_date,
                    deadline,
                    earlier_label=start_label,
                    later_label=deadline_label,
                ),
            )
        )
        return dates.collect(checks)

    def deadline_text(self) -> str:
        if self.deadline_months and not self.deadline:
            return str(_("%(n)s meses") % {"n": self.deadline_months})
        if self.deadline:
            return self.deadline.strftime("%d/%m/%Y")
        return ""


class ActionEvidence(TenantModel):
    action = models.ForeignKey(
        ImprovementAction,
        on_delete=models.CASCADE,
        related_name="evidence_files",
        verbose_name=_("acción de mejora"),
    )
    file = models.FileField(_("archivo"), upload_to="assessment/actions/%Y/")
    original_name = models.CharField(_("nombre original"), max_length=255)
    content_type = models.CharField(_("tipo de contenido"), max_length=100)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("cargado por"),
    )
    uploaded_at = models.DateTimeField(_("cargado el"), default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("evidencia de la acción")
        verbose_name_plural = _("evidencias de las acciones")
        ordering = ["uploaded_at"]

    def __str__(self) -> str:
        return self.original_name


class ActionComment(TenantModel):
    action = models.ForeignKey(
        ImprovementAction,
        on_delete=models.CASCADE,
        related_name="comments",
        verbose_name=_("acción de mejora"),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("autor"),
    )
    text = models.TextField(_("comentario"))
    created_at = models.DateTimeField(_("fecha"), default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("comentario")
        verbose_name_plural = _("comentarios")
        ordering = ["created_at"]

    def __str__(self) -> str:
        return self.text[:60]


class Effectiveness(models.TextChoices):
    EFFECTIVE = "eficaz", _("Eficaz")
    PARTIAL = "parcialmente_eficaz", _("Parcialmente eficaz")
    NOT_EFFECTIVE = "no_eficaz", _("No eficaz")


class EffectivenessReview(TenantModel):
    """Internal control verifies the effectiveness of a finished action."""

    action = models.OneToOneField(
        ImprovementAction,
        on_delete=models.CASCADE,
        related_name="review",
        verbose_name=_("acción de mejora"),
    )
    result = models.CharField(_("resultado"), max_length=20, choices=Effectiveness.choices)
    reviewed_on = models.DateField(_("fecha de la evaluación"))
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("evaluador"),
    )
    justification = models.TextField(_("justificación"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("evaluación de la eficacia")
        verbose_name_plural = _("evaluaciones de la eficacia")

    def __str__(self) -> str:
        return self.get_result_display()

    def clean(self) -> None:
        """The check is made on or after the day the action was done, and not in the future."""
        label = dates.field_label(EffectivenessReview, "reviewed_on")
        done = self.action.completed_on if self.action_id else None
        errors = dates.collect(
            [
                ("reviewed_on", dates.year_in_range(self.reviewed_on, label=label)),
                (
                    "reviewed_on",
                    dates.not_in_future(self.reviewed_on, label=label, today=timezone.localdate()),
                ),
                (
                    "reviewed_on",
                    dates.in_order(
                        done,
                        self.reviewed_on,
                        earlier_label=dates.field_label(ImprovementAction, "completed_on"),
                        later_label=label,
                    ),
                ),
            ]
        )
        if errors:
            raise ValidationError(errors)
