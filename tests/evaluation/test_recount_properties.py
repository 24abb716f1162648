"""Every published figure of the evaluation equals an independent recount from the rows.

Hypothesis generates plan histories (activities cancelled or not; events started or still
ahead, cancelled or not; people registered who attended or not, with or without a grupo de
valor; activity reports accepted or not, saying people attended or not). The recount below
reads the rows one by one in plain Python, with the counting rules written out again, and
never calls the selectors it checks.
"""

from __future__ import annotations

import datetime
from collections import Counter

import pytest
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cabildo.evaluation import metrics, selectors
from cabildo.execution.models import (
    ActivityCancellation,
    ActivityReport,
    Contribution,
    Event,
    Registration,
    ReportStatus,
    Viability,
)
from cabildo.plans.models import CyclePhase, PlannedActivity, PlanStatus
from tests.execution.factories import ContributionFactory, EventFactory, RegistrationFactory
from tests.factories import EntityFactory
from tests.plans.factories import ActivityFactory, PlanVersionFactory, StakeholderGroupFactory
from tests.properties import examples

pytestmark = pytest.mark.django_db

YEAR = 2025
NOW = timezone.make_aware(datetime.datetime(YEAR, 12, 31, 23, 0))
GROUPS = ("Jóvenes", "Mujeres", "Juntas de acción comunal")

attendee = st.tuples(st.sampled_from((None, *range(len(GROUPS)))), st.booleans())
event = st.fixed_dictionaries(
    {
        "started": st.booleans(),
        "cancelled": st.booleans(),
        "people": st.lists(attendee, max_size=4),
        "contributions": st.lists(st.sampled_from(["", *Viability.values]), max_size=2),
    }
)
report = st.one_of(
    st.none(),
    st.fixed_dictionaries(
        {
            "status": st.sampled_from(ReportStatus.values),
            "attended": st.integers(min_value=0, max_value=30),
            "groups": st.lists(st.sampled_from((*GROUPS, "Sin indicar")), max_size=2),
        }
    ),
)
activity = st.fixed_dictionaries(
    {
        "phase": st.sampled_from(CyclePhase.values),
        "planned_groups": st.sets(st.integers(min_value=0, max_value=len(GROUPS) - 1)),
        "cancelled": st.booleans(),
        "events": st.lists(event, max_size=3),
        "report": report,
    }
)
history = st.lists(activity, max_size=5)


def _build(plan: list[dict]) -> object:
    entity = EntityFactory()
    version = PlanVersionFactory(entity=entity, plan__year=YEAR, status=PlanStatus.IN_EXECUTION)
    # A later draft is never evaluated.
    PlanVersionFactory(entity=entity, plan=version.plan, number=2, status=PlanStatus.DRAFT)
    groups = [StakeholderGroupFactory(entity=entity, name=name) for name in GROUPS]
    for spec in plan:
        a = ActivityFactory(
            entity=entity,
            version=version,
            phase=spec["phase"],
            start_date=datetime.date(YEAR, 1, 1),
            end_date=datetime.date(YEAR, 12, 31),
        )
        a.stakeholder_groups.set([groups[i] for i in spec["planned_groups"]])
        if spec["cancelled"]:
            ActivityCancellation.objects.create(entity=entity, activity=a, reason="Sin recursos")
        for n, e in enumerate(spec["events"]):
            starts = NOW + datetime.timedelta(days=(-30 if e["started"] else 30) + n)
            ev = EventFactory(
                entity=entity,
                activity=a,
                starts_at=starts,
                ends_at=starts + datetime.timedelta(hours=2),
                is_cancelled=e["cancelled"],
                cancellation_reason="Lluvia" if e["cancelled"] else "",
            )
            for group, attended in e["people"]:
                RegistrationFactory(
                    entity=entity,
                    event=ev,
                    stakeholder_group=None if group is None else groups[group],
                    attended=attended,
                )
            for viability in e["contributions"]:
                ContributionFactory(entity=entity, event=ev, viability=viability)
        if spec["report"] is not None:
            r = spec["report"]
            ActivityReport.objects.create(
                entity=entity,
                activity=a,
                status=r["status"],
                review_notes="Revisar" if r["status"] == ReportStatus.RETURNED else "",
                figures={
                    "participants": {
                        "attended": r["attended"],
                        "by_group": [{"label": g, "total": 1} for g in r["groups"]],
                    }
                },
            )
    return entity


def _recount(entity) -> dict:
    """The figures, recounted row by row from the database."""
    activities = list(PlannedActivity.objects.filter(entity=entity, version__number=1))
    cancelled = set(
        ActivityCancellation.objects.filter(entity=entity).values_list("activity_id", flat=True)
    )
    took_place = {
        e.pk: e.activity_id
        for e in Event.objects.filter(entity=entity)
        if not e.is_cancelled and e.starts_at <= NOW and e.activity_id not in cancelled
    }
    attended = [
        r
        for r in Registration.objects.filter(entity=entity)
        if r.attended and r.event_id in took_place
    ]
    by_activity_people = Counter(took_place[r.event_id] for r in attended)
    people_groups: dict[int, set[str]] = {}
    for r in attended:
        if r.stakeholder_group_id:
            people_groups.setdefault(took_place[r.event_id], set()).add(r.stakeholder_group.name)
    accepted = {
        r.activity_id: r
        for r in ActivityReport.objects.filter(entity=entity, status=ReportStatus.ACCEPTED)
    }
    held = set()
    involved: set[str] = set()
    for a in activities:
        if a.pk in cancelled:
            continue
        report = accepted.get(a.pk)
        says = report is not None and report.figures["participants"]["attended"] > 0
        if by_activity_people[a.pk] > 0 or says:
            held.add(a.pk)
            involved |= people_groups.get(a.pk, set())
            if report is not None:
                involved |= {
                    g["label"]
                    for g in report.figures["participants"]["by_group"]
                    if g["label"] != "Sin indicar"
                }
    contributions = [
        c for c in Contribution.objects.filter(entity=entity) if c.event_id in took_place
    ]
    phases = {a.phase for a in activities if a.pk in held}
    return {
        "planned": sum(1 for a in activities if a.pk not in cancelled),
        "done": len(held),
        "groups": sorted(involved),
        "phases": len(phases),
        "participants": len(attended),
        "events": len({r.event_id for r in attended}),
        "received": len(contributions),
        "analysed": sum(1 for c in contributions if c.viability),
        "incorporated": sum(1 for c in contributions if c.viability in ("viable", "parcial")),
    }


@settings(
    max_examples=examples(40),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(plan=history)
def test_every_published_figure_is_a_recount_of_the_rows(plan):
    entity = _build(plan)
    expected = _recount(entity)
    result = selectors.yearly_evaluation(entity=entity, year=YEAR, now=NOW)
    assert result.activities_planned == expected["planned"]
    assert result.activities_done == expected["done"]
    assert sorted(result.groups_involved) == expected["groups"]
    assert result.phases_count == expected["phases"]
    assert result.participants == expected["participants"]
    assert result.events_held == expected["events"]
    assert result.contributions_received == expected["received"]
    assert result.contributions_analysed == expected["analysed"]
    assert result.contributions_incorporated == expected["incorporated"]
    # Breakdowns add up to the headline figures.
    for breakdown in result.breakdowns:
        if breakdown.slug != "grupo":
            assert breakdown.total_planned == expected["planned"]
            assert breakdown.total_done == expected["done"]
    # No group counts as involved in more activities than were held, nor without being named.
    for row in result.breakdown("grupo").rows:
        assert row.done <= expected["done"]
        assert (row.done > 0) == (row.label in expected["groups"])
    # The automatic indicator of activities held says the same.
    ratio = metrics.activities_done(entity, datetime.date(YEAR, 1, 1), NOW.date())
    assert (ratio.numerator, ratio.denominator) == (expected["done"], expected["planned"])
