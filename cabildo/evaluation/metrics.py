"""The automatic indicators: numerator and denominator computed from the other apps' data by
database aggregation, for one entity and one date range (one query per indicator).

Definitions (what an official reads next to each figure):

- grupos caracterizados: groups whose characterization date falls between 1 January of the
  period's year and the end of the period / groups registered;
- actividades realizadas: activities of the year's plan (the version in execution) already
  started by the end of the period and not cancelled (programadas) that were held by then: an
  event that took place with attendance recorded, or an accepted report that records attendees
  (the same recount as the evaluation, ``evaluation.selectors.activity_records``);
- aportes analizados / incorporados: contributions raised in events held in the period, with a
  viability / viable or partly viable;
- observaciones respondidas: visible observations on the plan received in the period with a
  published answer;
- PQRSD a tiempo: petitions filed in the period answered in substance on or before their due
  date / petitions filed;
- acciones de mejora: improvement actions due in the period that are done / due in the period;
- instancias activas: participation bodies with status "activa" / bodies registered.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal

from django.db.models import Case, Count, IntegerField, Q, QuerySet, Value, When
from django.utils import timezone

from cabildo.core.models import Entity
from cabildo.evaluation.models import AutomaticKey, Measurement
from cabildo.plans.models import PlannedActivity, PlanStatus, PlanVersion

EXECUTED_PLAN_STATUSES = (
    PlanStatus.APPROVED,
    PlanStatus.IN_EXECUTION,
    PlanStatus.CLOSED,
    PlanStatus.EVALUATED,
)


@dataclass(frozen=True)
class Ratio:
    numerator: int
    denominator: int

    @property
    def value(self) -> Decimal | None:
        return Measurement.ratio(Decimal(self.numerator), Decimal(self.denominator))


def end_of_day(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.max))


def start_of_day(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def plan_version(*, entity: Entity, year: int) -> PlanVersion | None:
    """The version of the year's plan that is evaluated: the latest approved, in execution or
    closed one, else the latest version (one query)."""
    return (
        PlanVersion.objects.for_entity(entity)
        .filter(plan__year=year)
        .select_related("plan")
        .annotate(
            executed=Case(
                When(status__in=EXECUTED_PLAN_STATUSES, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            )
        )
        .order_by("executed", "-number")
        .first()
    )


def activities_of_year(*, entity: Entity, year: int) -> QuerySet[PlannedActivity]:
    """Activities of the evaluated version of the year's plan (a subquery, no query yet)."""
    evaluated = (
        PlanVersion.objects.for_entity(entity)
        .filter(plan__year=year)
        .annotate(
            executed=Case(
                When(status__in=EXECUTED_PLAN_STATUSES, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            )
        )
        .order_by("executed", "-number")
        .values("pk")[:1]
    )
    return PlannedActivity.objects.for_entity(entity).filter(version__in=evaluated)


def characterized_groups(entity: Entity, start: date, end: date) -> Ratio:
    from cabildo.stakeholders.models import StakeholderGroup

    data = StakeholderGroup.objects.for_entity(entity).aggregate(
        total=Count("pk"),
        done=Count(
            "pk",
            filter=Q(characterized_on__gte=date(start.year, 1, 1), characterized_on__lte=end),
        ),
    )
    return Ratio(data["done"], data["total"])


def activities_done(entity: Entity, start: date, end: date) -> Ratio:
    from cabildo.evaluation.selectors import activity_records

    _version, records = activity_records(entity=entity, year=start.year, now=end_of_day(end))
    programmed = [
        r
        for r in records
        if not r.cancelled and (r.activity.start_date is None or r.activity.start_date <= end)
    ]
    return Ratio(sum(1 for r in programmed if r.is_held), len(programmed))


def _contributions(entity: Entity, start: date, end: date) -> QuerySet:
    from cabildo.execution.selectors.contributions import contributions_in_period

    return contributions_in_period(entity=entity, start=start, end=end)


def contributions_analysed(entity: Entity, start: date, end: date) -> Ratio:
    data = _contributions(entity, start, end).aggregate(
        total=Count("pk"), done=Count("pk", filter=~Q(viability=""))
    )
    return Ratio(data["done"], data["total"])


def contributions_incorporated(entity: Entity, start: date, end: date) -> Ratio:
    data = _contributions(entity, start, end).aggregate(
        total=Count("pk"), done=Count("pk", filter=Q(viability__in=["viable", "parcial"]))
    )
    return Ratio(data["done"], data["total"])


def observations_answered(entity: Entity, start: date, end: date) -> Ratio:
    from cabildo.plans.models import Observation

    data = (
        Observation.objects.for_entity(entity)
        .visible()
        .filter(created_at__gte=start_of_day(start), created_at__lte=end_of_day(end))
        .aggregate(total=Count("pk"), done=Count("pk", filter=Q(answered_at__isnull=False)))
    )
    return Ratio(data["done"], data["total"])


def petitions_on_time(entity: Entity, start: date, end: date) -> Ratio:
    from django.db.models import F
    from django.db.models.functions import TruncDate

    from cabildo.pqrs.models import ClosingReason, Petition

    data = (
        Petition.objects.for_entity(entity)
        .filter(filed_at__gte=start_of_day(start), filed_at__lte=end_of_day(end))
        .annotate(answered_on=TruncDate("answered_at", tzinfo=timezone.get_current_timezone()))
        .aggregate(
            total=Count("pk"),
            done=Count(
                "pk",
                filter=Q(answered_at__isnull=False, closing_reason=ClosingReason.ANSWERED)
                & (Q(due_date__isnull=True) | Q(answered_on__lte=F("due_date"))),
            ),
        )
    )
    return Ratio(data["done"], data["total"])


def improvement_done(entity: Entity, start: date, end: date) -> Ratio:
    from cabildo.assessment.models import ActionStatus, ImprovementAction

    data = (
        ImprovementAction.objects.for_entity(entity)
        .filter(due_date__gte=start, due_date__lte=end)
        .aggregate(total=Count("pk"), done=Count("pk", filter=Q(status=ActionStatus.DONE)))
    )
    return Ratio(data["done"], data["total"])


def active_bodies(entity: Entity, start: date, end: date) -> Ratio:
    from cabildo.bodies.models import BodyStatus, ParticipationBody

    data = ParticipationBody.objects.for_entity(entity).aggregate(
        total=Count("pk"), done=Count("pk", filter=Q(status=BodyStatus.ACTIVE))
    )
    return Ratio(data["done"], data["total"])


COMPUTATIONS: dict[str, Callable[[Entity, date, date], Ratio]] = {
    AutomaticKey.CHARACTERIZED_GROUPS: characterized_groups,
    AutomaticKey.ACTIVITIES_DONE: activities_done,
    AutomaticKey.CONTRIBUTIONS_ANALYSED: contributions_analysed,
    AutomaticKey.CONTRIBUTIONS_INCORPORATED: contributions_incorporated,
    AutomaticKey.OBSERVATIONS_ANSWERED: observations_answered,
    AutomaticKey.PETITIONS_ON_TIME: petitions_on_time,
    AutomaticKey.IMPROVEMENT_DONE: improvement_done,
    AutomaticKey.ACTIVE_BODIES: active_bodies,
}


def compute(key: str, *, entity: Entity, start: date, end: date) -> Ratio:
    return COMPUTATIONS[key](entity, start, end)
