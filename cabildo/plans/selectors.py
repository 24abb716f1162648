"""Reads of the plans app: lists, the checks report, the cronograma, indicators."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from django.apps import apps
from django.db.models import (
    Case,
    Count,
    Exists,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Value,
    When,
)
from django.utils.dates import MONTHS_3
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from cabildo.core.models import Area, Entity
from cabildo.plans.models import (
    PUBLIC_STATUSES,
    Consultation,
    CyclePhase,
    Observation,
    ParticipationPlan,
    PlannedActivity,
    PlanStatus,
    PlanVersion,
)

if TYPE_CHECKING:
    from cabildo.accounts.models import User

# The vigencia in force -------------------------------------------------------------------

# A version is in force once approved; an approved version waits while another version of the
# same plan is in execution. Closed and evaluated versions are no longer in force but their
# year still counts as the latest approved one.
APPROVED_STATUSES = (
    PlanStatus.APPROVED,
    PlanStatus.IN_EXECUTION,
    PlanStatus.CLOSED,
    PlanStatus.EVALUATED,
)


def versions_in_force(*, entity: Entity | int) -> QuerySet[PlanVersion]:
    """For each plan, its version in force: the one in execution, else its latest approved
    version (a subquery-friendly queryset, no query yet)."""
    executing = PlanVersion.objects.filter(
        plan_id=OuterRef("plan_id"), status=PlanStatus.IN_EXECUTION
    )
    newer_approved = PlanVersion.objects.filter(
        plan_id=OuterRef("plan_id"), status=PlanStatus.APPROVED, number__gt=OuterRef("number")
    )
    waiting = Exists(executing) | Exists(newer_approved)
    return PlanVersion.objects.for_entity(entity).filter(
        Q(status=PlanStatus.IN_EXECUTION) | (Q(status=PlanStatus.APPROVED) & ~waiting)
    )


def activities_in_force(*, entity: Entity | int) -> QuerySet[PlannedActivity]:
    """Activities of the plan versions in force, newest vigencia first: what every activity
    picker offers (events, convocations, surveys, forums, indicators)."""
    return (
        PlannedActivity.objects.for_entity(entity)
        .filter(version__in=versions_in_force(entity=entity))
        .select_related("version__plan")
        .order_by("-version__plan__year", "order", "pk")
    )


def activity_choice_label(activity: PlannedActivity) -> str:
    """How a picker names an activity: its name, the plan's year and the version."""
    version = activity.version
    return _("%(name)s (plan %(year)s, versión %(n)s)") % {
        "name": activity.name,
        "year": version.plan.year,
        "n": version.number,
    }


def plan_in_force(*, entity: Entity | int, today: date | None = None) -> PlanVersion | None:
    """The plan version in force: the one of today's vigencia, else the latest approved one
    whose vigencia is not in the future (one query)."""
    today = today or _today()
    rank = Case(
        When(status=PlanStatus.IN_EXECUTION, then=Value(0)),
        When(status=PlanStatus.APPROVED, then=Value(1)),
        default=Value(2),
        output_field=IntegerField(),
    )
    return (
        PlanVersion.objects.for_entity(entity)
        .filter(status__in=APPROVED_STATUSES, plan__year__lte=today.year)
        .select_related("plan")
        .annotate(rank=rank)
        .order_by("-plan__year", "rank", "-number")
        .first()
    )


def default_year(*, entity: Entity | int, today: date | None = None) -> int:
    """The year every page, chart and export opens on: the vigencia of the plan in force;
    without an approved plan, the latest plan not in the future; else today's year. One
    query at most two."""
    today = today or _today()
    version = plan_in_force(entity=entity, today=today)
    if version is not None:
        return version.plan.year
    latest = (
        ParticipationPlan.objects.for_entity(entity)
        .filter(year__lte=today.year)
        .order_by("-year")
        .values_list("year", flat=True)
        .first()
    )
    return latest or today.year


def year_choices(*, entity: Entity | int, including: int | None = None) -> list[int]:
    """The vigencias a year selector offers: every plan's year (newest first), plus
    ``including`` (the year shown) when it has no plan."""
    years = list(
        ParticipationPlan.objects.for_entity(entity)
        .order_by("-year")
        .values_list("year", flat=True)
    )
    if including is not None and including not in years:
        years = sorted([*years, including], reverse=True)
    return years


def year_from_query(raw: str | None) -> int | None:
    """A plausible year from ``?anio=`` (2000–2100), else ``None``."""
    raw = (raw or "").strip()
    if raw.isdigit() and 2000 <= int(raw) <= 2100:
        return int(raw)
    return None


def _today() -> date:
    from django.utils import timezone

    return timezone.localdate()


def stakeholder_group_model() -> Any:
    return apps.get_model("stakeholders", "StakeholderGroup")


def body_model() -> Any:
    return apps.get_model("bodies", "ParticipationBody")


def plan_list(*, entity: Entity) -> QuerySet[ParticipationPlan]:
    latest = PlanVersion.objects.order_by("-number")
    return (
        ParticipationPlan.objects.for_entity(entity)
        .annotate(version_count=Count("versions", distinct=True))
        .prefetch_related(Prefetch("versions", queryset=latest, to_attr="ordered_versions"))
        .order_by("-year")
    )


def activity_queryset(*, entity: Entity | int) -> QuerySet[PlannedActivity]:
    return (
        PlannedActivity.objects.for_entity(entity)
        .select_related("area", "body", "version__plan")
        .prefetch_related("stakeholder_groups")
    )


def version_activities(*, version: PlanVersion) -> list[PlannedActivity]:
    return list(activity_queryset(entity=version.entity_id).filter(version=version))


def group_by_phase(activities: list[PlannedActivity]) -> list[tuple[str, list[PlannedActivity]]]:
    grouped: OrderedDict[str, list[PlannedActivity]] = OrderedDict(
        (str(label), []) for _value, label in CyclePhase.choices
    )
    for activity in activities:
        grouped[str(activity.get_phase_display())].append(activity)
    return list(grouped.items())


def group_by_area(
    activities: Sequence[PlannedActivity],
) -> list[tuple[Area, list[PlannedActivity]]]:
    grouped: dict[int, tuple[Area, list[PlannedActivity]]] = {}
    for activity in activities:
        grouped.setdefault(activity.area_id, (activity.area, []))[1].append(activity)
    return sorted(grouped.values(), key=lambda pair: pair[0].name)


@dataclass
class PlanChecks:
    """What an official should fix (or knowingly accept) before publishing a version."""

    activity_count: int = 0
    uncovered_groups: list[Any] = field(default_factory=list)
    phases_without_activity: list[str] = field(default_factory=list)
    areas_without_activity: list[Area] = field(default_factory=list)
    incomplete_activities: list[PlannedActivity] = field(default_factory=list)
    formal_body_count: int = 0
    other_space_count: int = 0

    @property
    def formal_share(self) -> int:
        if not self.activity_count:
            return 0
        return round(100 * self.formal_body_count / self.activity_count)

    @property
    def other_share(self) -> int:
        return 100 - self.formal_share if self.activity_count else 0

    @property
    def has_blocking_problems(self) -> bool:
        return self.activity_count == 0 or bool(self.incomplete_activities)

    @property
    def is_clean(self) -> bool:
        return not (
            self.has_blocking_problems
            or self.uncovered_groups
            or self.phases_without_activity
            or self.areas_without_activity
        )


def plan_checks(*, version: PlanVersion) -> PlanChecks:
    activities = version_activities(version=version)
    checks = PlanChecks(activity_count=len(activities))
    covered_groups: set[int] = set()
    phases: set[str] = set()
    area_ids: set[int] = set()
    for activity in activities:
        covered_groups.update(g.pk for g in activity.stakeholder_groups.all())
        phases.add(activity.phase)
        area_ids.add(activity.area_id)
        if (
            not activity.start_date
            or not activity.end_date
            or not (activity.responsible or "").strip()
        ):
            checks.incomplete_activities.append(activity)
        if activity.body is not None and activity.body.is_formal:
            checks.formal_body_count += 1
        else:
            checks.other_space_count += 1
    groups = stakeholder_group_model().objects.filter(entity_id=version.entity_id)
    checks.uncovered_groups = [g for g in groups.order_by("name") if g.pk not in covered_groups]
    checks.phases_without_activity = [
        str(label) for value, label in CyclePhase.choices if value not in phases
    ]
    checks.areas_without_activity = list(
        Area.objects.for_entity(version.entity_id)
        .filter(is_active=True)
        .exclude(pk__in=area_ids)
        .order_by("name")
    )
    return checks


# Cronograma --------------------------------------------------------------------------------

# Django's own three-letter month names ("Ene", "May" / "Jan", "May"): one format per language.
# (An app msgid "May" would collide with Django's English "May" → "mayo" in Spanish.)
MONTHS = tuple(capfirst(MONTHS_3[month]) for month in range(1, 13))


@dataclass
class GanttRow:
    activity: PlannedActivity
    cells: list[bool]


def cronograma(*, version: PlanVersion) -> dict[str, Any]:
    """Month-by-month rows grouped by area, a chronological list of dated activities, and each
    activity's execution status (derived in the same query, with its cancellation)."""
    from cabildo.execution.models import ActivityStatus
    from cabildo.execution.selectors.events import with_execution_status

    year = version.plan.year
    activities = list(
        with_execution_status(
            activity_queryset(entity=version.entity_id).filter(version=version)
        ).select_related("cancellation", "report")
    )
    labels = dict(ActivityStatus.choices)
    for activity in activities:
        activity.execution_status_label = labels[activity.execution_status]
    by_area = [
        (area, [GanttRow(a, [m in a.months(year) for m in range(1, 13)]) for a in rows])
        for area, rows in group_by_area(activities)
    ]
    dated = sorted((a for a in activities if a.start_date), key=lambda a: (a.start_date, a.name))
    calendar: OrderedDict[tuple[int, int], list[PlannedActivity]] = OrderedDict()
    for activity in dated:
        start = activity.start_date
        assert start is not None
        calendar.setdefault((start.year, start.month), []).append(activity)
    undated = [a for a in activities if not a.start_date]
    return {
        "year": year,
        "by_area": by_area,
        "calendar": list(calendar.items()),
        "undated": undated,
        "status_rows": [a for _area, rows in group_by_area(activities) for a in rows],
    }


# Public ------------------------------------------------------------------------------------


def public_version(*, entity: Entity, year: int) -> PlanVersion | None:
    """The latest public version of the entity's plan for ``year``."""
    return (
        PlanVersion.objects.for_entity(entity)
        .filter(plan__year=year, status__in=PUBLIC_STATUSES)
        .select_related("plan")
        .order_by("-number")
        .first()
    )


def public_plans(*, entity: Entity) -> list[PlanVersion]:
    versions = (
        PlanVersion.objects.for_entity(entity)
        .filter(status__in=PUBLIC_STATUSES)
        .select_related("plan")
        .order_by("-plan__year", "-number")
    )
    seen: set[int] = set()
    result = []
    for version in versions:
        if version.plan_id not in seen:
            seen.add(version.plan_id)
            result.append(version)
    return result


def filter_activities(
    activities: list[PlannedActivity],
    *,
    phase: str = "",
    area: int | None = None,
    group: int | None = None,
) -> list[PlannedActivity]:
    result = activities
    if phase:
        result = [a for a in result if a.phase == phase]
    if area:
        result = [a for a in result if a.area_id == area]
    if group:
        result = [a for a in result if any(g.pk == group for g in a.stakeholder_groups.all())]
    return result


def consultation_for_plan(*, plan: ParticipationPlan) -> Consultation | None:
    """The consultation of the plan's latest consulted version."""
    return (
        Consultation.objects.filter(version__plan=plan)
        .select_related("version")
        .order_by("-version__number")
        .first()
    )


def observation_queryset(*, entity: Entity | int) -> QuerySet[Observation]:
    return Observation.objects.for_entity(entity).select_related(
        "activity", "area", "stakeholder_group", "changed_activity", "consultation__version__plan"
    )


def public_observations(*, consultation: Consultation) -> list[Observation]:
    return list(
        observation_queryset(entity=consultation.entity_id).filter(consultation=consultation)
    )


def observations_for_user(*, entity: Entity, user: User) -> QuerySet[Observation]:
    """Observations the user may analyse: all for managers, their areas' for liaisons."""
    from cabildo.accounts.models import Role
    from cabildo.accounts.selectors import entity_roles

    roles = entity_roles(user, entity.pk)
    qs = observation_queryset(entity=entity).filter(
        consultation__version__status=PlanStatus.IN_CONSULTATION
    )
    if roles.has(
        Role.ENTITY_ADMIN, Role.PARTICIPATION_LEAD, Role.PLANNING_OFFICE, Role.INTERNAL_CONTROL
    ):
        return qs
    if roles.has(Role.AREA_LIAISON):
        return qs.filter(area_id__in=roles.area_ids)
    return qs.none()


@dataclass(frozen=True)
class ObservationIndicators:
    received: int
    analysed: int
    incorporated: int
    hidden: int

    @property
    def analysed_pct(self) -> int:
        return round(100 * self.analysed / self.received) if self.received else 0

    @property
    def incorporated_pct(self) -> int:
        return round(100 * self.incorporated / self.received) if self.received else 0


def observation_indicators(
    *, entity: Entity | int, plan: ParticipationPlan | None = None
) -> ObservationIndicators:
    """Received (not hidden), analysed, and incorporated (viable or partly, with a change)."""
    qs = Observation.objects.for_entity(entity)
    if plan is not None:
        qs = qs.filter(consultation__version__plan=plan)
    data = qs.aggregate(
        received=Count("pk", filter=Q(hidden_at__isnull=True)),
        analysed=Count("pk", filter=Q(hidden_at__isnull=True) & ~Q(viability="")),
        incorporated=Count(
            "pk",
            filter=Q(hidden_at__isnull=True, changed_activity__isnull=False)
            & Q(viability__in=["viable", "parcial"]),
        ),
        hidden=Count("pk", filter=Q(hidden_at__isnull=False)),
    )
    return ObservationIndicators(**data)


def activities_without_dates(*, entity: Entity, area_ids: Any) -> QuerySet[PlannedActivity]:
    return (
        PlannedActivity.objects.for_entity(entity)
        .filter(area_id__in=area_ids, version__status=PlanStatus.DRAFT)
        .filter(Q(start_date__isnull=True) | Q(end_date__isnull=True))
        .select_related("version__plan", "area")
    )


def today() -> date:
    from django.utils import timezone

    return timezone.localdate()


def phase_label(value: str) -> str:
    return str(CyclePhase(value).label) if value in CyclePhase.values else _("Sin fase")
