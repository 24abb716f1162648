"""Indicators and their measurements (seed 002's seguimiento matrix), the consolidated yearly
evaluation of the plan, good practices for next year's plan, generated reports, and the MURC
stage of each accountability activity."""

from __future__ import annotations

from decimal import Decimal
from typing import ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.dates import MONTHS
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cabildo.core import dates
from cabildo.core.models import TenantModel, TenantQuerySet


class Periodicity(models.TextChoices):
    MONTHLY = "mensual", _("Mensual")
    QUARTERLY = "trimestral", _("Trimestral")
    HALF_YEARLY = "semestral", _("Semestral")
    YEARLY = "anual", _("Anual")


class IndicatorSource(models.TextChoices):
    MANUAL = "manual", _("Manual")
    AUTOMATIC = "automatica", _("Automática (calculada con los datos)")


class AutomaticKey(models.TextChoices):
    """The indicators Cabildo computes from its own data (see ``cabildo.evaluation.metrics``)."""

    CHARACTERIZED_GROUPS = (
        "grupos_caracterizados",
        _("Grupos de valor caracterizados / total de grupos de valor"),
    )
    ACTIVITIES_DONE = (
        "actividades_realizadas",
        _("Actividades realizadas / actividades programadas"),
    )
    CONTRIBUTIONS_ANALYSED = "aportes_analizados", _("Aportes analizados / aportes recibidos")
    CONTRIBUTIONS_INCORPORATED = (
        "aportes_incorporados",
        _("Aportes incorporados (viables o parcialmente viables) / aportes recibidos"),
    )
    OBSERVATIONS_ANSWERED = (
        "observaciones_respondidas",
        _("Observaciones al plan respondidas / observaciones recibidas"),
    )
    PETITIONS_ON_TIME = "pqrsd_a_tiempo", _("PQRSD respondidas a tiempo / PQRSD recibidas")
    IMPROVEMENT_DONE = (
        "acciones_mejora_cumplidas",
        _("Acciones de mejora cumplidas / acciones de mejora programadas"),
    )
    ACTIVE_BODIES = (
        "instancias_activas",
        _("Instancias de participación activas / instancias registradas"),
    )


class Indicator(TenantModel):
    """One row of the seguimiento matrix: ACTIVIDADES DE GESTIÓN | META | UNIDAD DE MEDIDA |
    INDICADOR | RESPONSABLE | PERIODICIDAD, with its formula and numeric target."""

    management_activity = models.TextField(_("actividad de gestión"), blank=True)
    goal = models.CharField(_("meta"), max_length=400, blank=True)
    unit = models.CharField(_("unidad de medida"), max_length=200)
    name = models.CharField(_("indicador"), max_length=400)
    numerator_description = models.CharField(_("numerador"), max_length=300)
    denominator_description = models.CharField(_("denominador"), max_length=300)
    target = models.DecimalField(
        _("meta numérica (%)"),
        max_digits=6,
        decimal_places=2,
        validators=[MinValueValidator(0), MaxValueValidator(1000)],
        help_text=_("Valor esperado del indicador en porcentaje (numerador / denominador × 100)."),
    )
    periodicity = models.CharField(
        _("periodicidad"), max_length=20, choices=Periodicity.choices, default=Periodicity.YEARLY
    )
    # Seed 002 writes PERIODICIDAD as a month ("Diciembre"): a yearly indicator due that month.
    due_month = models.PositiveSmallIntegerField(
        _("mes de reporte"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(12)],
        help_text=_("Para un indicador anual, el mes en que se reporta (p. ej. diciembre)."),
    )
    area = models.ForeignKey(
        "core.Area",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("dependencia responsable"),
    )
    responsible = models.CharField(
        _("responsable"),
        max_length=200,
        blank=True,
        help_text=_("Como figura en la matriz, por ejemplo «Todas las dependencias»."),
    )
    source = models.CharField(
        _("fuente"), max_length=20, choices=IndicatorSource.choices, default=IndicatorSource.MANUAL
    )
    automatic_key = models.CharField(
        _("cálculo automático"), max_length=40, choices=AutomaticKey.choices, blank=True
    )
    activity = models.ForeignKey(
        "plans.PlannedActivity",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("actividad del plan"),
    )
    is_active = models.BooleanField(_("activo"), default=True)
    order = models.PositiveIntegerField(_("orden"), default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("indicador")
        verbose_name_plural = _("indicadores")
        ordering = ["order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(source="manual") & Q(automatic_key=""))
                | (Q(source="automatica") & ~Q(automatic_key="")),
                name="indicator_automatic_has_key",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_automatic(self) -> bool:
        return self.source == IndicatorSource.AUTOMATIC

    @property
    def due_month_name(self) -> str:
        return str(MONTHS[self.due_month]).lower() if self.due_month else ""

    @property
    def responsible_label(self) -> str:
        """RESPONSABLE as in the matrix, else the responsible area."""
        if self.responsible:
            return self.responsible
        return self.area.name if self.area is not None else ""

    def clean(self) -> None:
        errors: dict[str, list] = {}
        if self.source == IndicatorSource.AUTOMATIC and not self.automatic_key:
            errors["automatic_key"] = [_("Elija qué cálculo automático usa el indicador.")]
        if self.source == IndicatorSource.MANUAL and self.automatic_key:
            errors["automatic_key"] = [_("Un indicador manual no tiene cálculo automático.")]
        if not (self.name or "").strip():
            errors["name"] = [_("Escriba el nombre del indicador.")]
        if self.due_month and self.periodicity != Periodicity.YEARLY:
            errors["due_month"] = [_("Solo un indicador anual tiene mes de reporte.")]
        if self.entity_id and self.area is not None and self.area.entity_id != self.entity_id:
            errors["area"] = [_("La dependencia no pertenece a la entidad.")]
        if (
            self.entity_id
            and self.activity is not None
            and self.activity.entity_id != self.entity_id
        ):
            errors["activity"] = [_("La actividad no pertenece a la entidad.")]
        if errors:
            raise ValidationError(errors)


def evidence_upload_to(instance: Measurement, filename: str) -> str:
    return f"evaluation/evidence/{instance.entity_id}/{instance.year}/{filename}"


class MeasurementQuerySet(TenantQuerySet["Measurement"]):
    def current(self) -> MeasurementQuerySet:
        """The version in force of each period (what every figure and dataset uses)."""
        return self.filter(is_current=True)


MeasurementManager = models.Manager.from_queryset(MeasurementQuerySet)


class Measurement(TenantModel):
    """One version of the value of an indicator in one period of a year (period 1 of 1 for
    yearly ones). A new value for a period never overwrites the old one: it is a new version,
    with its author, time and reason, and only the latest version is current."""

    indicator = models.ForeignKey(
        Indicator,
        on_delete=models.CASCADE,
        related_name="measurements",
        verbose_name=_("indicador"),
    )
    year = models.PositiveSmallIntegerField(
        _("vigencia"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    period = models.PositiveSmallIntegerField(
        _("periodo"), validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    period_start = models.DateField(_("inicio del periodo"))
    period_end = models.DateField(_("fin del periodo"))
    numerator = models.DecimalField(
        _("numerador"), max_digits=12, decimal_places=2, validators=[MinValueValidator(0)]
    )
    denominator = models.DecimalField(
        _("denominador"), max_digits=12, decimal_places=2, validators=[MinValueValidator(0)]
    )
    value = models.DecimalField(
        _("resultado (%)"),
        max_digits=8,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Numerador / denominador × 100; vacío cuando el denominador es cero."),
    )
    evidence = models.FileField(
        _("evidencia"), upload_to=evidence_upload_to, blank=True, max_length=200
    )
    evidence_content_type = models.CharField(max_length=100, blank=True)
    notes = models.TextField(_("observaciones"), blank=True)
    is_automatic = models.BooleanField(_("calculada automáticamente"), default=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("registrada por"),
    )
    recorded_at = models.DateTimeField(_("registrada en"), default=timezone.now)
    version = models.PositiveSmallIntegerField(
        _("versión"), default=1, validators=[MinValueValidator(1)]
    )
    is_current = models.BooleanField(_("vigente"), default=True)
    reason = models.TextField(
        _("motivo del reemplazo"),
        blank=True,
        help_text=_("Por qué esta versión reemplaza a la anterior del mismo periodo."),
    )

    objects: ClassVar[MeasurementManager] = MeasurementManager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("medición")
        verbose_name_plural = _("mediciones")
        ordering = ["indicator", "year", "period", "version"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "year", "period", "version"],
                name="measurement_unique_version",
            ),
            models.UniqueConstraint(
                fields=["indicator", "year", "period"],
                condition=Q(is_current=True),
                name="measurement_one_current",
            ),
            models.CheckConstraint(
                condition=Q(version=1) | ~Q(reason=""),
                name="measurement_replacement_has_reason",
            ),
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")),
                name="measurement_end_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator} · {self.year}-{self.period} · v{self.version}"

    def get_area_id(self) -> int | None:
        return self.indicator.area_id if self.indicator_id else None

    @staticmethod
    def ratio(numerator: Decimal, denominator: Decimal) -> Decimal | None:
        if not denominator:
            return None
        return (Decimal(100) * Decimal(numerator) / Decimal(denominator)).quantize(Decimal("0.01"))

    #: The largest result the ``value`` column holds (8 digits, 2 of them decimals).
    MAX_VALUE = Decimal("999999.99")

    @classmethod
    def ratio_error(cls, numerator: Decimal | None, denominator: Decimal | None) -> str | None:
        """Why these figures give no result that can be recorded (None when they do)."""
        if numerator is None or not denominator:
            return None
        value = cls.ratio(numerator, denominator)
        if value is not None and value > cls.MAX_VALUE:
            return _(
                "El resultado sería %(value)s %%, más de lo que puede registrarse: revise el "
                "numerador y el denominador."
            ) % {"value": number_format(value, decimal_pos=0, force_grouping=True)}
        return None

    def meets_target(self) -> bool | None:
        if self.value is None:
            return None
        return self.value >= self.indicator.target

    def clean(self) -> None:
        errors: dict[str, list] = {}
        if self.denominator == 0 and self.numerator and self.numerator > 0:
            errors["denominator"] = [
                _("Con denominador cero no puede haber numerador: revise las cifras.")
            ]
        elif too_large := self.ratio_error(self.numerator, self.denominator):
            errors["numerator"] = [too_large]
        if self.period_start and self.period_end and self.period_end < self.period_start:
            errors["period_end"] = [_("El fin del periodo no puede ser anterior al inicio.")]
        # A measurement records what already happened: its period has begun.
        dates.merge(
            errors,
            dates.collect(
                [
                    (
                        "period",
                        dates.not_in_future(
                            self.period_start,
                            label=dates.field_label(Measurement, "period_start"),
                            today=timezone.localdate(),
                        ),
                    )
                ]
            ),
        )
        if self.entity_id and self.indicator_id and self.indicator.entity_id != self.entity_id:
            errors["indicator"] = [_("El indicador no pertenece a la entidad.")]
        if self.version and self.version > 1 and not (self.reason or "").strip():
            errors["reason"] = [_("Escriba el motivo por el que se reemplaza la medición.")]
        if errors:
            raise ValidationError(errors)


def practice_upload_to(instance: GoodPractice, filename: str) -> str:
    return f"evaluation/practices/{instance.entity_id}/{instance.year}/{filename}"


class GoodPractice(TenantModel):
    """A good practice documented at the end of the year, offered to next year's plan."""

    year = models.PositiveSmallIntegerField(
        _("vigencia"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    title = models.CharField(_("título"), max_length=250)
    description = models.TextField(_("descripción"))
    area = models.ForeignKey(
        "core.Area",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("dependencia"),
    )
    evidence = models.FileField(
        _("evidencia"), upload_to=practice_upload_to, blank=True, max_length=200
    )
    evidence_content_type = models.CharField(max_length=100, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("registrada por"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("buena práctica")
        verbose_name_plural = _("buenas prácticas")
        ordering = ["-year", "title", "pk"]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        errors: dict[str, list] = {}
        if not (self.title or "").strip():
            errors["title"] = [_("Escriba el título de la buena práctica.")]
        if not (self.description or "").strip():
            errors["description"] = [_("Describa la buena práctica.")]
        if self.entity_id and self.area is not None and self.area.entity_id != self.entity_id:
            errors["area"] = [_("La dependencia no pertenece a la entidad.")]
        if errors:
            raise ValidationError(errors)


class Evaluation(TenantModel):
    """The narrative conclusions of a year's evaluation and whether it is public."""

    year = models.PositiveSmallIntegerField(
        _("vigencia"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    conclusions = models.TextField(_("conclusiones"), blank=True)
    is_published = models.BooleanField(_("publicada"), default=False)
    published_at = models.DateTimeField(_("publicada en"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("publicada por"),
    )
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("evaluación del plan")
        verbose_name_plural = _("evaluaciones del plan")
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(fields=["entity", "year"], name="evaluation_unique_year"),
        ]

    def __str__(self) -> str:
        return str(_("Evaluación %(year)s") % {"year": self.year})


class ReportFormat(models.TextChoices):
    PDF = "pdf", _("PDF")
    XLSX = "xlsx", _("Hoja de cálculo (XLSX)")


class ReportAudience(models.TextChoices):
    INTERNAL = "interna", _("Interna (con datos de trabajo)")
    PUBLIC = "publica", _("Pública (sin datos personales)")


class ReportStatus(models.TextChoices):
    PENDING = "pendiente", _("En cola")
    RUNNING = "generando", _("Generando")
    READY = "listo", _("Listo")
    FAILED = "fallido", _("Falló")


def report_upload_to(instance: ReportFile, filename: str) -> str:
    return f"evaluation/reports/{instance.entity_id}/{filename}"


class ReportFile(TenantModel):
    """An "Informe de resultados del plan de participación" generated in the background."""

    year = models.PositiveSmallIntegerField(
        _("vigencia"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    format = models.CharField(_("formato"), max_length=10, choices=ReportFormat.choices)
    audience = models.CharField(_("versión"), max_length=10, choices=ReportAudience.choices)
    status = models.CharField(
        _("estado"), max_length=20, choices=ReportStatus.choices, default=ReportStatus.PENDING
    )
    progress = models.PositiveSmallIntegerField(_("avance (%)"), default=0)
    file = models.FileField(_("archivo"), upload_to=report_upload_to, blank=True, max_length=200)
    error = models.TextField(_("error"), blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("solicitado por"),
    )
    created_at = models.DateTimeField(_("solicitado en"), auto_now_add=True)
    finished_at = models.DateTimeField(_("terminado en"), null=True, blank=True)

    class Meta:
        verbose_name = _("informe generado")
        verbose_name_plural = _("informes generados")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.year} · {self.get_format_display()} · {self.get_audience_display()}"

    @property
    def is_finished(self) -> bool:
        return self.status in (ReportStatus.READY, ReportStatus.FAILED)

    @property
    def filename(self) -> str:
        suffix = "publico" if self.audience == ReportAudience.PUBLIC else "interno"
        return f"informe-resultados-{self.year}-{suffix}.{self.format}"


class MurcStage(models.TextChoices):
    """Stages of accountability in the Manual Único de Rendición de Cuentas (MURC)."""

    READINESS = "aprestamiento", _("Aprestamiento")
    DESIGN = "diseno", _("Diseño")
    PREPARATION = "preparacion", _("Preparación")
    EXECUTION = "ejecucion", _("Ejecución")
    FOLLOW_UP = "seguimiento", _("Seguimiento y evaluación")


class AccountabilityStage(TenantModel):
    """The MURC stage of an accountability activity of the plan (kept here so the plans app
    stays as it is)."""

    activity = models.OneToOneField(
        "plans.PlannedActivity",
        on_delete=models.CASCADE,
        related_name="murc_stage",
        verbose_name=_("actividad del plan"),
    )
    stage = models.CharField(_("etapa MURC"), max_length=20, choices=MurcStage.choices)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("etapa de rendición de cuentas")
        verbose_name_plural = _("etapas de rendición de cuentas")

    def __str__(self) -> str:
        return f"{self.activity} · {self.get_stage_display()}"

    def get_area_id(self) -> int | None:
        return self.activity.area_id if self.activity_id else None

    def clean(self) -> None:
        errors: dict[str, list] = {}
        if self.entity_id and self.activity_id:
            if self.activity.entity_id != self.entity_id:
                errors["activity"] = [_("La actividad no pertenece a la entidad.")]
            elif not self.activity.is_accountability:
                errors["activity"] = [
                    _("Solo las actividades de rendición de cuentas tienen etapa MURC.")
                ]
        if errors:
            raise ValidationError(errors)
