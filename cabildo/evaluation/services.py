"""Writes of the evaluation app: indicators, measurements (manual and automatic), good
practices, the evaluation's conclusions and publication, reports and MURC stages."""

from __future__ import annotations

import logging
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cabildo.core import uploads
from cabildo.core.models import Entity
from cabildo.evaluation import metrics, periods
from cabildo.evaluation.models import (
    AccountabilityStage,
    Evaluation,
    GoodPractice,
    Indicator,
    IndicatorSource,
    Measurement,
    ReportAudience,
    ReportFile,
    ReportFormat,
    ReportStatus,
)

if TYPE_CHECKING:
    from cabildo.accounts.models import User

logger = logging.getLogger(__name__)

EVIDENCE_TYPES = (
    uploads.PDF,
    uploads.PNG,
    uploads.JPEG,
    uploads.DOCX,
    uploads.XLSX,
    uploads.ODT,
    uploads.ODS,
)
DEFAULT_EVIDENCE_MAX_BYTES = 10 * 1024 * 1024


def evidence_max_bytes() -> int:
    return int(getattr(settings, "EVALUATION_EVIDENCE_MAX_BYTES", DEFAULT_EVIDENCE_MAX_BYTES))


def _check_evidence(upload: Any, field: str = "evidence") -> str:
    """The content type of an evidence file judged by its bytes, or a ValidationError."""
    size = getattr(upload, "size", None) or 0
    if size == 0:
        raise ValidationError({field: _("El archivo está vacío.")})
    limit = evidence_max_bytes()
    if size > limit:
        raise ValidationError(
            {
                field: _("El archivo supera el tamaño máximo de %(mb)s MB.")
                % {"mb": round(limit / (1024 * 1024), 1)}
            }
        )
    content_type = uploads.detect_content_type(upload)
    if content_type not in EVIDENCE_TYPES:
        raise ValidationError(
            {
                field: _(
                    "La evidencia debe ser un PDF, una imagen PNG o JPEG, o un documento de "
                    "texto u hoja de cálculo (DOCX, XLSX, ODT, ODS); el archivo enviado no lo es."
                )
            }
        )
    return content_type


def _store_evidence(instance: Any, upload: Any, content_type: str, prefix: str) -> None:
    stamp = timezone.now().strftime("%Y%m%d%H%M%S")
    name = f"{prefix}-{stamp}.{uploads.EXTENSIONS[content_type]}"
    instance.evidence.save(name, upload, save=False)
    instance.evidence_content_type = content_type


# Indicators ----------------------------------------------------------------------------------

INDICATOR_FIELDS = (
    "management_activity",
    "goal",
    "unit",
    "name",
    "numerator_description",
    "denominator_description",
    "target",
    "periodicity",
    "due_month",
    "area",
    "responsible",
    "source",
    "automatic_key",
    "activity",
    "is_active",
    "order",
)


@transaction.atomic
def indicator_save(
    *, entity: Entity, data: dict[str, Any], indicator: Indicator | None = None
) -> Indicator:
    """Create or update an indicator of the seguimiento matrix."""
    indicator = indicator or Indicator(entity=entity)
    if indicator.entity_id != entity.pk:
        raise ValidationError(_("El indicador no pertenece a la entidad."))
    for name in INDICATOR_FIELDS:
        if name in data:
            setattr(indicator, name, data[name])
    if indicator.source == IndicatorSource.MANUAL:
        indicator.automatic_key = indicator.automatic_key or ""
    indicator.full_clean()
    indicator.save()
    return indicator


def _decimal(value: Any, field: str) -> Decimal:
    try:
        number = Decimal(str(value))
    except (InvalidOperation, TypeError, ValueError):
        raise ValidationError({field: _("Escriba un número.")}) from None
    if number < 0:
        raise ValidationError({field: _("El valor no puede ser negativo.")})
    return number


def _same_values(current: Measurement, num: Decimal, den: Decimal, notes: str) -> bool:
    return (current.numerator, current.denominator, current.notes) == (num, den, notes)


@transaction.atomic
def measurement_record(
    *,
    indicator: Indicator,
    year: int,
    period: int,
    numerator: Any,
    denominator: Any,
    notes: str = "",
    evidence: Any = None,
    user: User | None = None,
    automatic: bool = False,
    reason: str = "",
) -> Measurement:
    """Record the measurement of one period of the year. When the period already has one, the
    new value is a new version that replaces it (with a reason; the old one stays in the
    history); an automatic recalculation that changes nothing records nothing."""
    if indicator.is_automatic and not automatic:
        raise ValidationError(_("Este indicador se calcula automáticamente; use «Calcular ahora»."))
    try:
        start, end = periods.bounds(indicator.periodicity, year, period)
    except (ValueError, TypeError):
        raise ValidationError(
            {"period": _("El periodo no corresponde a la periodicidad del indicador.")}
        ) from None
    num = _decimal(numerator, "numerator")
    den = _decimal(denominator, "denominator")
    notes = (notes or "").strip()
    reason = (reason or "").strip()
    if too_large := Measurement.ratio_error(num, den):
        raise ValidationError({"numerator": too_large})
    content_type = _check_evidence(evidence) if evidence is not None else ""
    current = (
        Measurement.objects.select_for_update(of=("self",))
        .current()
        .filter(indicator=indicator, year=year, period=period)
        .select_related("recorded_by")
        .first()
    )
    if current is not None:
        unchanged = _same_values(current, num, den, notes) and evidence is None
        if automatic:
            if (current.numerator, current.denominator) == (num, den):
                return current
            reason = reason or _("Recalculada automáticamente con los datos registrados.")
        elif not reason:
            raise ValidationError(
                {
                    "reason": _(
                        "Ya hay una medición de %(period)s (resultado %(value)s, registrada el "
                        "%(when)s). Para reemplazarla escriba el motivo del cambio; la medición "
                        "anterior queda en el historial."
                    )
                    % {
                        "period": periods.label(indicator.periodicity, year, period),
                        "value": percent_text(current.value),
                        "when": timezone.localtime(current.recorded_at).strftime("%d/%m/%Y %H:%M"),
                    }
                }
            )
        elif unchanged:
            raise ValidationError(
                _(
                    "Los valores son iguales a los de la medición vigente: no hay nada que "
                    "reemplazar."
                )
            )
    measurement = Measurement(
        entity_id=indicator.entity_id,
        indicator=indicator,
        year=year,
        period=period,
        version=current.version + 1 if current else 1,
        reason=reason if current else "",
        period_start=start,
        period_end=end,
        numerator=num,
        denominator=den,
        value=Measurement.ratio(num, den),
        notes=notes,
        is_automatic=automatic,
        recorded_by=user if getattr(user, "is_authenticated", False) else None,
        recorded_at=timezone.now(),
    )
    if evidence is not None:
        _store_evidence(measurement, evidence, content_type, f"indicador-{indicator.pk}")
    elif current is not None and current.evidence:
        # The evidence stays with the period until a new file replaces it.
        measurement.evidence = current.evidence.name
        measurement.evidence_content_type = current.evidence_content_type
    if current is not None:
        current.is_current = False
        current.save(update_fields=["is_current"])
    measurement.full_clean()
    measurement.save()
    return measurement


def percent_text(value: Decimal | None) -> str:
    from cabildo.evaluation.selectors import percent

    return percent(value)


@transaction.atomic
def measurements_record_automatic(
    *, entity: Entity, on: date | None = None, user: User | None = None
) -> list[Measurement]:
    """Compute every active automatic indicator of the entity for the period that contains
    ``on`` (today by default), counting up to that day, and record it."""
    on = on or timezone.localdate()
    recorded = []
    indicators = Indicator.objects.for_entity(entity).filter(
        is_active=True, source=IndicatorSource.AUTOMATIC
    )
    for indicator in indicators:
        year, number = periods.containing(indicator.periodicity, on)
        start, end = periods.bounds(indicator.periodicity, year, number)
        ratio = metrics.compute(
            indicator.automatic_key, entity=entity, start=start, end=min(end, on)
        )
        recorded.append(
            measurement_record(
                indicator=indicator,
                year=year,
                period=number,
                numerator=ratio.numerator,
                denominator=ratio.denominator,
                notes=_("Calculada automáticamente con los datos al %(day)s.")
                % {"day": min(end, on).strftime("%d/%m/%Y")},
                user=user,
                automatic=True,
            )
        )
    return recorded


# Good practices ------------------------------------------------------------------------------


@transaction.atomic
def good_practice_save(
    *,
    entity: Entity,
    data: dict[str, Any],
    practice: GoodPractice | None = None,
    evidence: Any = None,
    user: User | None = None,
) -> GoodPractice:
    practice = practice or GoodPractice(entity=entity, created_by=user)
    if practice.entity_id != entity.pk:
        raise ValidationError(_("La buena práctica no pertenece a la entidad."))
    for name in ("year", "title", "description", "area"):
        if name in data:
            setattr(practice, name, data[name])
    practice.title = (practice.title or "").strip()
    practice.description = (practice.description or "").strip()
    if evidence is not None:
        content_type = _check_evidence(evidence)
        _store_evidence(practice, evidence, content_type, "buena-practica")
    practice.full_clean()
    practice.save()
    return practice


# Evaluation ----------------------------------------------------------------------------------


@transaction.atomic
def evaluation_save(
    *, entity: Entity, year: int, conclusions: str, publish: bool, user: User | None = None
) -> Evaluation:
    """Save the conclusions; publishing makes the results public and queues the public
    versions of the report (PDF and XLSX)."""
    evaluation, _created = Evaluation.objects.get_or_create(entity=entity, year=year)
    was_published = evaluation.is_published
    evaluation.conclusions = (conclusions or "").strip()
    if publish and not evaluation.conclusions:
        raise ValidationError(
            {"conclusions": _("Escriba las conclusiones antes de publicar la evaluación.")}
        )
    evaluation.is_published = publish
    if publish and not was_published:
        evaluation.published_at = timezone.now()
        evaluation.published_by = user
    if not publish:
        evaluation.published_at = None
        evaluation.published_by = None
    evaluation.full_clean()
    evaluation.save()
    _sync_plan_state(entity=entity, year=year, published=publish, user=user)
    if publish and not was_published:
        for fmt in ReportFormat.values:
            report_request(
                entity=entity, year=year, format=fmt, audience=ReportAudience.PUBLIC, user=user
            )
    return evaluation


def _sync_plan_state(*, entity: Entity, year: int, published: bool, user: User | None) -> None:
    """The evaluated version of the year's plan is «evaluado» while its evaluation is
    published (once closed; a version still in execution becomes so when it is closed)."""
    from cabildo.plans import services as plan_services

    version = metrics.plan_version(entity=entity, year=year)
    if version is None:
        return
    if published:
        plan_services.plan_mark_evaluated(version=version, user=user)
    else:
        plan_services.plan_unmark_evaluated(version=version, user=user)


# Reports -------------------------------------------------------------------------------------


@transaction.atomic
def report_request(
    *, entity: Entity, year: int, format: str, audience: str, user: User | None = None
) -> ReportFile:
    """Queue the generation of the report; the task runs after the commit."""
    if format not in ReportFormat.values:
        raise ValidationError({"format": _("Elija PDF o XLSX.")})
    if audience not in ReportAudience.values:
        raise ValidationError({"audience": _("Elija la versión interna o la pública.")})
    if not metrics.plan_version(entity=entity, year=year):
        raise ValidationError({"year": _("No hay un plan de participación para esa vigencia.")})
    report = ReportFile(
        entity=entity, year=year, format=format, audience=audience, requested_by=user
    )
    report.full_clean()
    report.save()

    def queue() -> None:
        from cabildo.evaluation.tasks import generate_report

        generate_report.delay(report.pk)

    transaction.on_commit(queue)
    return report


def progress_set(report: ReportFile, progress: int, status: str = ReportStatus.RUNNING) -> None:
    ReportFile.objects.filter(pk=report.pk).update(progress=progress, status=status)


def report_generate(*, report_id: int) -> ReportFile:
    """Build the file of a queued report (called by the Celery task)."""
    from cabildo.evaluation import reports

    report = ReportFile.objects.select_related("entity").get(pk=report_id)
    if report.status == ReportStatus.READY:
        return report
    progress_set(report, 10)
    try:
        public = report.audience == ReportAudience.PUBLIC
        if report.format == ReportFormat.PDF:
            content = reports.report_pdf(
                entity=report.entity,
                year=report.year,
                public=public,
                progress=lambda p: progress_set(report, p),
            )
        else:
            content = reports.report_xlsx(entity=report.entity, year=report.year, public=public)
    except Exception as exc:  # recorded and shown to the official who asked
        logger.exception("Report %s failed", report.pk)
        ReportFile.objects.filter(pk=report.pk).update(
            status=ReportStatus.FAILED, error=str(exc)[:2000], finished_at=timezone.now()
        )
        report.refresh_from_db()
        return report
    report.file.save(report.filename, ContentFile(content), save=False)
    report.status = ReportStatus.READY
    report.progress = 100
    report.finished_at = timezone.now()
    report.save(update_fields=["file", "status", "progress", "finished_at"])
    return report


# Accountability --------------------------------------------------------------------------------


@transaction.atomic
def accountability_stage_set(
    *, activity: Any, stage: str, user: User | None = None
) -> AccountabilityStage:
    row = AccountabilityStage.objects.filter(activity=activity).first()
    row = row or AccountabilityStage(entity_id=activity.entity_id, activity=activity)
    row.stage = stage
    row.full_clean()
    row.save()
    return row
