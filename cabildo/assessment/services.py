"""Writes of the autodiagnóstico and the improvement plan (the rules live here)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cabildo.assessment import scoring
from cabildo.assessment.catalogue import current_version
from cabildo.assessment.models import (
    ActionComment,
    ActionEvidence,
    ActionStatus,
    ActivityScore,
    AssessmentState,
    CatalogueVersion,
    CyclePhase,
    Effectiveness,
    EffectivenessReview,
    EvidenceFile,
    FuragResult,
    ImprovementAction,
    ImprovementPlan,
    PhaseFinding,
    SelfAssessment,
)
from cabildo.assessment.uploads import sniff_content_type
from cabildo.core import uploads
from cabildo.core.models import Area, Entity
from cabildo.workdays.calendar import calendar_for

if TYPE_CHECKING:
    from cabildo.accounts.models import User

CLOSED_MESSAGE = gettext_lazy("El autodiagnóstico está cerrado y no se puede modificar.")


def _ensure_open(assessment: SelfAssessment) -> None:
    if assessment.is_closed:
        raise ValidationError(str(CLOSED_MESSAGE))


def _same_entity(entity_id: int, obj: Any, message: str) -> None:
    if obj is not None and getattr(obj, "entity_id", None) != entity_id:
        raise ValidationError(message)


# --- Assessment ------------------------------------------------------------------------------


@transaction.atomic
def assessment_create(
    *,
    entity: Entity,
    year: int,
    user: User | None = None,
    catalogue_version: CatalogueVersion | None = None,
) -> SelfAssessment:
    """A new assessment for ``year`` with one blank score per catalogue activity."""
    version = catalogue_version or current_version()
    if SelfAssessment.objects.filter(entity=entity, year=year).exists():
        raise ValidationError(
            {"year": _("Ya existe un autodiagnóstico de la vigencia %(year)s.") % {"year": year}}
        )
    assessment = SelfAssessment(
        entity=entity, year=year, catalogue_version=version, created_by=user
    )
    assessment.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            assessment.save()
    except IntegrityError as exc:  # a concurrent request created the same year
        raise ValidationError(
            {"year": _("Ya existe un autodiagnóstico de la vigencia %(year)s.") % {"year": year}}
        ) from exc
    ActivityScore.objects.bulk_create(
        ActivityScore(entity=entity, assessment=assessment, activity=activity)
        for activity in version.activities.all()
    )
    return assessment


@dataclass(frozen=True)
class ScoreInput:
    score: Any
    observations: str | None = None


@transaction.atomic
def scores_update(
    *, assessment: SelfAssessment, user: User | None, values: dict[int, ScoreInput]
) -> int:
    """Set scores (and observations) by activity id, all or nothing. Returns rows changed."""
    assessment = SelfAssessment.objects.select_for_update().get(pk=assessment.pk)
    _ensure_open(assessment)
    rows = {s.activity_id: s for s in assessment.scores.select_related("activity")}
    errors: dict[str, list[str]] = {}
    for activity_id, item in values.items():
        row = rows.get(activity_id)
        if row is None:
            errors.setdefault("__all__", []).append(
                _("La actividad %(id)s no pertenece a este autodiagnóstico.") % {"id": activity_id}
            )
            continue
        try:
            scoring.validate_score(item.score)
        except (TypeError, ValueError):
            errors[f"score_{activity_id}"] = [
                _("Actividad %(code)s: el puntaje debe ser un número entero entre 0 y 100.")
                % {"code": row.activity.code}
            ]
    if errors:
        raise ValidationError(errors)
    now = timezone.now()
    changed = []
    for activity_id, item in values.items():
        row = rows[activity_id]
        score = scoring.validate_score(item.score)
        observations = row.observations if item.observations is None else item.observations
        if score == row.score and observations == row.observations:
            continue
        if score != row.score:
            row.scored_by = user
            row.scored_at = now
        row.score = score
        row.observations = observations.strip()
        row.full_clean()
        changed.append(row)
    for row in changed:
        row.save()
    return len(changed)


@transaction.atomic
def score_evidence_update(
    *,
    score: ActivityScore,
    user: User,
    evidence_text: str,
    evidence_links: str,
    observations: str,
    upload: Any = None,
) -> ActivityScore:
    """Evidence text, links, observations and optionally a file, all or nothing."""
    _ensure_open(score.assessment)
    from django.core.validators import URLValidator

    validate = URLValidator(schemes=["http", "https"])
    for line in [x.strip() for x in evidence_links.splitlines() if x.strip()]:
        try:
            validate(line)
        except ValidationError as exc:
            raise ValidationError(
                {"evidence_links": _("«%(url)s» no es una dirección web válida.") % {"url": line}}
            ) from exc
    score.evidence_text = evidence_text.strip()
    score.evidence_links = "\n".join(x.strip() for x in evidence_links.splitlines() if x.strip())
    score.observations = observations.strip()
    score.full_clean()
    score.save()
    if upload is not None:
        evidence_file_add(score=score, user=user, upload=upload)
    return score


@transaction.atomic
def evidence_file_add(*, score: ActivityScore, user: User, upload: Any) -> EvidenceFile:
    _ensure_open(score.assessment)
    try:
        content_type = sniff_content_type(upload)
    except ValidationError as exc:
        raise ValidationError({"file": exc.messages}) from exc
    original_name = upload.name[:255]
    upload.name = uploads.generated_name(content_type)
    evidence = EvidenceFile(
        entity_id=score.entity_id,
        score=score,
        file=upload,
        original_name=original_name,
        content_type=content_type,
        uploaded_by=user,
    )
    evidence.full_clean()
    evidence.save()
    return evidence


@transaction.atomic
def findings_update(
    *, assessment: SelfAssessment, findings: dict[str, tuple[str, str]]
) -> list[PhaseFinding]:
    """Strengths and weaknesses by cycle phase (``{phase: (strengths, weaknesses)}``)."""
    _ensure_open(assessment)
    result = []
    for phase, (strengths, weaknesses) in findings.items():
        if phase not in CyclePhase.values:
            raise ValidationError(_("Fase del ciclo desconocida: %(phase)s.") % {"phase": phase})
        finding, _created = PhaseFinding.objects.get_or_create(
            entity_id=assessment.entity_id, assessment=assessment, phase=phase
        )
        finding.strengths = strengths.strip()
        finding.weaknesses = weaknesses.strip()
        finding.full_clean()
        finding.save()
        result.append(finding)
    return result


@transaction.atomic
def assessment_close(*, assessment: SelfAssessment, user: User) -> SelfAssessment:
    assessment = SelfAssessment.objects.select_for_update().get(pk=assessment.pk)
    _ensure_open(assessment)
    if not assessment.scores.filter(score__isnull=False).exists():
        raise ValidationError(
            _("No se puede cerrar un autodiagnóstico sin ninguna actividad calificada.")
        )
    assessment.state = AssessmentState.CLOSED
    assessment.closed_by = user
    assessment.closed_at = timezone.now()
    assessment.full_clean()
    assessment.save()
    return assessment


@transaction.atomic
def furag_result_save(
    *, entity: Entity, year: int, participation_index: Any, notes: str = ""
) -> FuragResult:
    result = FuragResult.objects.filter(entity=entity, year=year).first() or FuragResult(
        entity=entity, year=year
    )
    result.participation_index = participation_index
    result.notes = notes.strip()
    result.full_clean()
    result.save()
    return result


# --- Improvement plan ------------------------------------------------------------------------


def _compute_due_date(action: ImprovementAction, plan: ImprovementPlan) -> date | None:
    if action.deadline:
        return action.deadline
    if action.deadline_months and plan.approved_on:
        return calendar_for(plan.entity).add_months(plan.approved_on, action.deadline_months)
    return None


@transaction.atomic
def plan_generate(
    *, assessment: SelfAssessment, user: User | None = None, threshold_level: int = 3
) -> ImprovementPlan:
    """One proposed action per scored activity at or below ``threshold_level``."""
    if not assessment.is_closed:
        raise ValidationError(
            _("Cierre el autodiagnóstico antes de generar el plan de mejoramiento.")
        )
    if ImprovementPlan.objects.filter(assessment=assessment).exists():
        raise ValidationError(_("Este autodiagnóstico ya tiene un plan de mejoramiento."))
    if not isinstance(threshold_level, int) or not 1 <= threshold_level <= 5:
        raise ValidationError({"threshold_level": _("El nivel debe estar entre 1 y 5.")})
    plan = ImprovementPlan(
        entity_id=assessment.entity_id,
        assessment=assessment,
        threshold_level=threshold_level,
        document_version="1",
    )
    plan.full_clean(validate_unique=False)
    try:
        with transaction.atomic():
            plan.save()
    except IntegrityError as exc:  # a concurrent request generated it first
        raise ValidationError(_("Este autodiagnóstico ya tiene un plan de mejoramiento.")) from exc
    top = scoring.level_by_number(threshold_level).high
    scores = assessment.scores.filter(score__isnull=False, score__lte=top).select_related(
        "activity"
    )
    ImprovementAction.objects.bulk_create(
        ImprovementAction(
            entity_id=assessment.entity_id,
            plan=plan,
            activity=s.activity,
            score_at_generation=s.score,
        )
        for s in scores
    )
    return plan


@transaction.atomic
def plan_update(
    *,
    plan: ImprovementPlan,
    document_code: str,
    document_version: str,
    prepared_by_name: str,
    prepared_by_role: str,
    prepared_on: date | None,
    approved_by_body: str,
    approval_act: str,
    approved_on: date | None,
) -> ImprovementPlan:
    plan.document_code = document_code.strip()
    plan.document_version = document_version.strip() or "1"
    plan.prepared_by_name = prepared_by_name.strip()
    plan.prepared_by_role = prepared_by_role.strip()
    plan.prepared_on = prepared_on
    plan.approved_by_body = approved_by_body.strip()
    plan.approval_act = approval_act.strip()
    plan.approved_on = approved_on
    plan.full_clean()
    plan.save()
    # Deadlines given in months run from the approval date.
    for action in plan.actions.filter(deadline__isnull=True, deadline_months__isnull=False):
        action.due_date = _compute_due_date(action, plan)
        action.save(update_fields=["due_date"])
    return plan


@transaction.atomic
def action_update(
    *,
    action: ImprovementAction,
    improvement_alternative: str,
    area: Area | None,
    responsible: Any,
    start_date: date | None,
    deadline: date | None,
    deadline_months: int | None,
    expected_evidence: str,
) -> ImprovementAction:
    """The official's design of the action (alternative, responsible, dates, evidence)."""
    _same_entity(
        action.entity_id, area, _("La dependencia responsable no pertenece a esta entidad.")
    )
    if responsible is not None:
        from cabildo.accounts.models import Membership

        if not Membership.objects.filter(user=responsible, entity_id=action.entity_id).exists():
            raise ValidationError(
                {"responsible": _("La persona responsable no pertenece a esta entidad.")}
            )
    if deadline and deadline_months:
        raise ValidationError(
            {"deadline": _("Indique una fecha límite o un plazo en meses, no ambos.")}
        )
    if deadline and start_date and deadline < start_date:
        raise ValidationError(
            {"deadline": _("La fecha límite no puede ser anterior a la fecha de inicio.")}
        )
    action.improvement_alternative = improvement_alternative.strip()
    action.area = area
    action.responsible = responsible
    action.start_date = start_date
    action.deadline = deadline
    action.deadline_months = deadline_months
    action.expected_evidence = expected_evidence.strip()
    action.full_clean()
    action.due_date = _compute_due_date(action, action.plan)
    action.save()
    return action


@transaction.atomic
def action_track(
    *,
    action: ImprovementAction,
    user: User | None,
    status: str,
    progress: int,
    comment: str = "",
    upload: Any = None,
    today: date | None = None,
) -> ImprovementAction:
    """Progress report: status, progress %, an optional comment and evidence, all or nothing."""
    if status not in ActionStatus.values:
        raise ValidationError({"status": _("Estado no válido.")})
    if status == ActionStatus.DONE and progress != 100:
        raise ValidationError(
            {"progress": _("Una acción cumplida debe tener un avance del cien por ciento.")}
        )
    if status == ActionStatus.PENDING and progress not in (0, None):
        raise ValidationError(
            {"progress": _("Una acción pendiente no puede tener avance; márquela en curso.")}
        )
    if hasattr(action, "review") and status != ActionStatus.DONE:
        raise ValidationError(_("La acción ya tiene evaluación de eficacia y no puede reabrirse."))
    action.status = status
    action.progress = progress
    action.completed_on = (today or timezone.localdate()) if status == ActionStatus.DONE else None
    action.full_clean()
    action.save()
    if comment.strip():
        action_comment_add(action=action, user=user, text=comment)
    if upload is not None:
        action_evidence_add(action=action, user=user, upload=upload)
    return action


@transaction.atomic
def action_comment_add(*, action: ImprovementAction, user: User | None, text: str) -> ActionComment:
    comment = ActionComment(
        entity_id=action.entity_id, action=action, author=user, text=text.strip()
    )
    comment.full_clean()
    comment.save()
    return comment


@transaction.atomic
def action_evidence_add(
    *, action: ImprovementAction, user: User | None, upload: Any
) -> ActionEvidence:
    try:
        content_type = sniff_content_type(upload)
    except ValidationError as exc:
        raise ValidationError({"file": exc.messages}) from exc
    original_name = upload.name[:255]
    upload.name = uploads.generated_name(content_type)
    evidence = ActionEvidence(
        entity_id=action.entity_id,
        action=action,
        file=upload,
        original_name=original_name,
        content_type=content_type,
        uploaded_by=user,
    )
    evidence.full_clean()
    evidence.save()
    return evidence


@transaction.atomic
def effectiveness_review_record(
    *,
    action: ImprovementAction,
    reviewer: User,
    result: str,
    reviewed_on: date,
    justification: str,
) -> EffectivenessReview:
    """Internal control's verdict on a finished action."""
    if action.status != ActionStatus.DONE:
        raise ValidationError(_("Solo se evalúa la eficacia de acciones cumplidas."))
    if result not in Effectiveness.values:
        raise ValidationError({"result": _("Resultado de la evaluación no válido.")})
    if reviewed_on > timezone.localdate():
        raise ValidationError({"reviewed_on": _("La fecha de la evaluación no puede ser futura.")})
    review = EffectivenessReview.objects.filter(action=action).first() or EffectivenessReview(
        entity_id=action.entity_id, action=action
    )
    review.result = result
    review.reviewed_on = reviewed_on
    review.reviewer = reviewer
    review.justification = justification.strip()
    review.full_clean()
    try:
        with transaction.atomic():
            review.save()
    except IntegrityError as exc:
        raise ValidationError(_("La acción ya tiene una evaluación de eficacia.")) from exc
    return review
