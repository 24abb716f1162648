"""Demo data from the seeds. Idempotent (natural keys: entity + year, plan + activity).

- Concejo de Cartago, 2024 (seed 003): the plan de mejoramiento PC.PL.002 approved on
  21/05/2024 by the Comité Institucional de Gestión y Desempeño, Acta No. 02 de 2024, with
  the improvement alternatives and months of the seed. The seed gives no scores: every
  activity appears in the plan, so the demo scores are plausible values at level 3 or below.
- FONDESER, 2019 (seed 002, the policy approved in November 2019): plausible scores.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from cabildo.accounts.models import Membership, Role
from cabildo.assessment import services
from cabildo.assessment.catalogue import current_version, read_rows
from cabildo.assessment.models import (
    ActionStatus,
    ActivityScore,
    AssessmentState,
    CyclePhase,
    Effectiveness,
    EffectivenessReview,
    ImprovementAction,
    ImprovementPlan,
    PhaseFinding,
    SelfAssessment,
)
from cabildo.core.models import Area, Entity

# Plausible scores (the seeds give none): Cartago all at level ≤ 3, since all 32 are in the plan.
CARTAGO_SCORES = [
    45,
    40,
    55,
    50,
    35,
    40,
    60,
    45,
    30,
    55,
    40,
    35,
    20,
    25,
    30,
    25,
    35,
    40,
    15,
    30,
    55,
    50,
    60,
    45,
    40,
    30,
    20,
    35,
    45,
    50,
    None,
    40,
]
FONDESER_SCORES: list[int | None] = [
    80,
    70,
    65,
    60,
    75,
    70,
    85,
    60,
    55,
    50,
    70,
    45,
    40,
    65,
    60,
    55,
    70,
    75,
    50,
    60,
    85,
    80,
    90,
    75,
    65,
    55,
    60,
    70,
    80,
    75,
    40,
    65,
]
# Seed 003 places one action (PC31) without alternative; its score is left blank here and
# the action is added by hand below so that the plan has the seed's 32 rows.

CARTAGO_FINDINGS: dict[str, tuple[str, str]] = {
    CyclePhase.DIAGNOSIS: (
        "Se cuenta con los resultados del FURAG y de la evaluación de control interno.",
        "Las debilidades y fortalezas no se documentan por cada fase del ciclo de la gestión.",
    ),
    CyclePhase.FORMULATION: (
        "Existe un equipo de trabajo designado para la política.",
        "No hay cronograma ni roles definidos por dependencia; falta estrategia de comunicación.",
    ),
    CyclePhase.IMPLEMENTATION: (
        "Las sesiones del Concejo se transmiten y se publican en la página web.",
        "No existe un formato interno estandarizado de reporte de las actividades.",
    ),
    CyclePhase.EVALUATION: (
        "Se publica información de las actividades en redes sociales.",
        "No se documentan las buenas prácticas ni se consolida un informe anual.",
    ),
}


def _ensure_assessment(entity: Entity, year: int, scores: list[int | None]) -> SelfAssessment:
    assessment = SelfAssessment.objects.filter(entity=entity, year=year).first()
    if assessment is None:
        assessment = services.assessment_create(entity=entity, year=year)
    if assessment.state != AssessmentState.CLOSED:
        activities = list(assessment.catalogue_version.activities.order_by("order"))
        values = {
            a.pk: services.ScoreInput(score=s, observations="")
            for a, s in zip(activities, scores, strict=False)
        }
        services.scores_update(assessment=assessment, user=None, values=values)
    return assessment


def _backdate_closing(assessment: SelfAssessment, when: datetime) -> None:
    """The demo reproduces past cycles: the closing date is the seed's, not today."""
    aware = timezone.make_aware(when)
    SelfAssessment.objects.filter(pk=assessment.pk).update(closed_at=aware, created_at=aware)


def _lead(entity: Entity) -> Any:
    membership = (
        Membership.objects.filter(entity=entity, role=Role.PARTICIPATION_LEAD)
        .select_related("user")
        .first()
    )
    return membership.user if membership else None


def _control(entity: Entity) -> Any:
    membership = (
        Membership.objects.filter(entity=entity, role=Role.INTERNAL_CONTROL)
        .select_related("user")
        .first()
    )
    return membership.user if membership else None


@transaction.atomic
def seed_cartago(entity: Entity) -> ImprovementPlan:
    assessment = _ensure_assessment(entity, 2024, CARTAGO_SCORES)
    if assessment.state != AssessmentState.CLOSED:
        services.findings_update(
            assessment=assessment,
            findings=dict(CARTAGO_FINDINGS),
        )
        services.assessment_close(assessment=assessment, user=_lead(entity))
        _backdate_closing(assessment, datetime(2024, 5, 14, 10, 0))
        assessment.refresh_from_db()
    plan = ImprovementPlan.objects.filter(assessment=assessment).first()
    if plan is None:
        plan = services.plan_generate(assessment=assessment, threshold_level=3)
    rows = {r.code: r for r in read_rows()}
    version = assessment.catalogue_version
    for activity in version.activities.all():
        ImprovementAction.objects.get_or_create(
            entity=entity,
            plan=plan,
            activity=activity,
            defaults={"score_at_generation": None},
        )
    services.plan_update(
        plan=plan,
        document_code="PC.PL.002",
        document_version="1",
        prepared_by_name="Martha Cecilia Saldaña S",
        prepared_by_role="Asesora Externa",
        prepared_on=date(2024, 11, 14),  # as printed on the seed's signature block
        approved_by_body="Comité Institucional de Gestión y Desempeño",
        approval_act="Acta No. 02 de 2024",
        approved_on=date(2024, 5, 21),
    )
    area = (
        Area.objects.for_entity(entity).filter(name="Secretaría General del Concejo").first()
        or Area.objects.for_entity(entity).first()
    )
    lead = _lead(entity)
    for action in plan.actions.select_related("activity", "plan__entity"):
        row = rows.get(action.activity.code)
        if row is None or not row.suggested_alternative:
            continue  # PC31: the seed leaves alternative and date blank
        if action.improvement_alternative:
            continue  # keep what the officials wrote
        services.action_update(
            action=action,
            improvement_alternative=row.suggested_alternative,
            area=area,
            responsible=lead,
            start_date=date(2024, 5, 21),
            deadline=None,
            deadline_months=row.suggested_months,
            expected_evidence="",
        )
    # A few finished and verified actions so the effectiveness column has content.
    reviewer = _control(entity)
    for action in plan.actions.filter(activity__code__in=["PC05", "PC06", "PC29"]):
        if action.status != ActionStatus.DONE:
            services.action_track(
                action=action,
                user=lead,
                status=ActionStatus.DONE,
                progress=100,
                comment="Acción cumplida; soportes en el archivo de la Secretaría General.",
                today=action.due_date or date(2024, 10, 21),
            )
        if reviewer and not EffectivenessReview.objects.filter(action=action).exists():
            services.effectiveness_review_record(
                action=action,
                reviewer=reviewer,
                result=Effectiveness.EFFECTIVE,
                reviewed_on=min(
                    (action.due_date or date(2024, 10, 21)) + timedelta(days=30),
                    timezone.localdate(),
                ),
                justification="Verificar la eficacia de la acción implementada: se verificó "
                "la evidencia y la acción eliminó la debilidad identificada.",
            )
    # Two actions still open, due soon, so the alerts have something to show.
    today = timezone.localdate()
    for offset, code in ((10, "PC19"), (-5, "PC27")):
        action = plan.actions.get(activity__code=code)
        if action.status == ActionStatus.PENDING and action.deadline is None:
            _reschedule(action, today + timedelta(days=offset))
    _follow_up_cartago(plan, lead)
    return plan


def _reschedule(action: ImprovementAction, deadline: date) -> None:
    """The action keeps what it says and gets a fixed deadline."""
    services.action_update(
        action=action,
        improvement_alternative=action.improvement_alternative,
        area=action.area,
        responsible=action.responsible,
        start_date=action.start_date,
        deadline=deadline,
        deadline_months=None,
        expected_evidence=action.expected_evidence,
    )


def _follow_up_cartago(plan: ImprovementPlan, lead: Any) -> None:
    """The plan was approved in 2024: the actions whose term has run out by the day the demo
    runs were mostly done on time; one in three is under way with a new deadline. Only the
    one due five days ago stays 'Vencida' (the alerts show it)."""
    today = timezone.localdate()
    overdue = [
        action
        for action in plan.actions.filter(status=ActionStatus.PENDING).exclude(
            activity__code__in=["PC19", "PC27"]
        )
        if action.is_overdue(today)
    ]
    for index, action in enumerate(overdue):
        if index % 3 != 2:
            services.action_track(
                action=action,
                user=lead,
                status=ActionStatus.DONE,
                progress=100,
                comment="Acción cumplida en el plazo; soportes en el archivo del Concejo.",
                today=action.due_date,
            )
            continue
        _reschedule(action, today + timedelta(days=30 + 15 * index))
        services.action_track(
            action=action,
            user=lead,
            status=ActionStatus.IN_PROGRESS,
            progress=50,
            comment="Se reprogramó con el comité: falta la socialización con la ciudadanía.",
            today=today,
        )


@transaction.atomic
def seed_fondeser(entity: Entity) -> SelfAssessment:
    assessment = _ensure_assessment(entity, 2019, FONDESER_SCORES)
    if assessment.state != AssessmentState.CLOSED:
        services.findings_update(
            assessment=assessment,
            findings={
                CyclePhase.DIAGNOSIS: (
                    "Política de participación formulada y aprobada en noviembre de 2019.",
                    "La caracterización de los grupos de valor no está actualizada.",
                ),
                CyclePhase.FORMULATION: (
                    "Actividades con meta, indicador, responsable y periodicidad definidos.",
                    "No se definió presupuesto para las actividades de participación.",
                ),
                CyclePhase.IMPLEMENTATION: (
                    "Canales presenciales y electrónicos habilitados.",
                    "Baja sistematización de las observaciones recibidas.",
                ),
                CyclePhase.EVALUATION: (
                    "Informe del plan de participación previsto en diciembre.",
                    "Los reportes individuales no quedan a disposición del público.",
                ),
            },
        )
        services.assessment_close(assessment=assessment, user=_lead(entity))
        _backdate_closing(assessment, datetime(2019, 11, 20, 10, 0))
    return assessment


def seed(*, entities: dict[str, Entity]) -> None:
    current_version()
    if "cartago" in entities:
        seed_cartago(entities["cartago"])
    if "fondeser" in entities:
        seed_fondeser(entities["fondeser"])


__all__ = ["ActivityScore", "PhaseFinding", "seed", "seed_cartago", "seed_fondeser"]
