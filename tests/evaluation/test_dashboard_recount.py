"""Every figure of the staff dashboard and of the accountability page equals an independent
recount from the rows.

Hypothesis generates a year's activities (cancelled or not; events started or still ahead,
cancelled or not, published or not, with people who attended or not; a convocation sent or
not; a report in any status), contributions analysed or not, and indicators whose current
measurement has a value, has none (denominator zero) or is missing. The recount reads the rows
one by one in plain Python, with the status rules written out again, and never calls the
selectors it checks. A measurement without a value is a gap in the chart, never a zero.
"""

from __future__ import annotations

import datetime
from collections import Counter
from decimal import Decimal

import pytest
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cabildo.evaluation import selectors
from cabildo.evaluation.models import Measurement, Periodicity
from cabildo.evaluation.reports import no_value_text
from cabildo.evaluation.views import count_block, indicator_chart_rows
from cabildo.execution.models import (
    ActivityCancellation,
    ActivityReport,
    ActivityStatus,
    Contribution,
    Convocation,
    ConvocationStatus,
    Event,
    Modality,
    Registration,
    ReportStatus,
)
from cabildo.plans.models import MurcAction, PlannedActivity, PlanStatus
from tests.evaluation.factories import IndicatorFactory
from tests.execution.factories import (
    ContributionFactory,
    ConvocationFactory,
    EventFactory,
    RegistrationFactory,
)
from tests.factories import EntityFactory
from tests.plans.factories import ActivityFactory, PlanVersionFactory
from tests.properties import examples

pytestmark = pytest.mark.django_db

YEAR = 2025
TODAY = datetime.date(YEAR, 12, 30)
NOW = timezone.make_aware(datetime.datetime(YEAR, 12, 30, 12, 0))

event = st.fixed_dictionaries(
    {
        "started": st.booleans(),
        "cancelled": st.booleans(),
        "published": st.booleans(),
        "attended": st.lists(st.booleans(), max_size=3),
        "contributions": st.lists(st.sampled_from(["", "viable", "no_viable"]), max_size=2),
    }
)
activity = st.fixed_dictionaries(
    {
        "cancelled": st.booleans(),
        "convened": st.booleans(),
        "events": st.lists(event, max_size=2),
        "report": st.one_of(st.none(), st.sampled_from(ReportStatus.values)),
    }
)
# None: no measurement; (n, 0): a measurement without a value; (n, d): a value.
measurement = st.one_of(
    st.none(),
    st.tuples(st.integers(min_value=0, max_value=10), st.sampled_from([0, 10, 20])),
)


def _build(plan: list[dict], indicators: list) -> object:
    entity = EntityFactory()
    version = PlanVersionFactory(entity=entity, plan__year=YEAR, status=PlanStatus.IN_EXECUTION)
    for spec in plan:
        a = ActivityFactory(entity=entity, version=version)
        if spec["cancelled"]:
            ActivityCancellation.objects.create(entity=entity, activity=a, reason="Sin recursos")
        if spec["convened"]:
            ConvocationFactory(entity=entity, activity=a, status=ConvocationStatus.SENT)
        for n, e in enumerate(spec["events"]):
            starts = NOW + datetime.timedelta(days=(-20 if e["started"] else 20) + n)
            ev = EventFactory(
                entity=entity,
                activity=a,
                starts_at=starts,
                ends_at=starts + datetime.timedelta(hours=2),
                is_published=e["published"],
                is_cancelled=e["cancelled"],
                cancellation_reason="Lluvia" if e["cancelled"] else "",
            )
            for attended in e["attended"]:
                RegistrationFactory(entity=entity, event=ev, attended=attended)
            for viability in e["contributions"]:
                ContributionFactory(entity=entity, event=ev, viability=viability)
        if spec["report"] is not None:
            ActivityReport.objects.create(
                entity=entity,
                activity=a,
                status=spec["report"],
                review_notes="Revisar" if spec["report"] == ReportStatus.RETURNED else "",
            )
    for index, figures in enumerate(indicators):
        indicator = IndicatorFactory(entity=entity, periodicity=Periodicity.YEARLY, order=index)
        if figures is not None:
            numerator, denominator = figures
            numerator = min(numerator, denominator) if denominator == 0 else numerator
            Measurement.objects.create(
                entity=entity,
                indicator=indicator,
                year=YEAR,
                period=1,
                period_start=datetime.date(YEAR, 1, 1),
                period_end=datetime.date(YEAR, 12, 31),
                numerator=Decimal(numerator),
                denominator=Decimal(denominator),
                value=Measurement.ratio(Decimal(numerator), Decimal(denominator)),
            )
    return entity


def _status(a, cancelled, reports, events, attended_events, convened) -> str:
    if a.pk in cancelled:
        return ActivityStatus.CANCELLED
    if reports.get(a.pk) in (ReportStatus.SUBMITTED, ReportStatus.ACCEPTED):
        return ActivityStatus.REPORTED
    live = [e for e in events if e.activity_id == a.pk and not e.is_cancelled]
    if any(e.starts_at <= NOW and e.pk in attended_events for e in live):
        return ActivityStatus.DONE
    if a.pk in convened or any(e.is_published for e in live):
        return ActivityStatus.CONVENED
    return ActivityStatus.SCHEDULED


def _recount(entity) -> dict:
    activities = list(PlannedActivity.objects.filter(entity=entity))
    cancelled = set(
        ActivityCancellation.objects.filter(entity=entity).values_list("activity_id", flat=True)
    )
    reports = {r.activity_id: r.status for r in ActivityReport.objects.filter(entity=entity)}
    events = list(Event.objects.filter(entity=entity))
    attended_events = {r.event_id for r in Registration.objects.filter(entity=entity) if r.attended}
    convened = {
        c.activity_id
        for c in Convocation.objects.filter(entity=entity)
        if c.status == ConvocationStatus.SENT
    }
    statuses = Counter(
        _status(a, cancelled, reports, events, attended_events, convened) for a in activities
    )
    latest = {}
    for m in Measurement.objects.filter(entity=entity, year=YEAR, is_current=True):
        latest[m.indicator.name] = (
            None
            if m.denominator == 0
            else (100 * m.numerator / m.denominator).quantize(Decimal("0.01"))
        )
    return {
        "statuses": statuses,
        "reports": Counter(reports.values()),
        # The vigencia's contributions: raised in events held (started) in the year.
        "unanalysed": sum(
            1
            for c in Contribution.objects.filter(entity=entity)
            if not c.viability and timezone.localtime(c.event.starts_at).year == YEAR
        ),
        "latest": latest,
    }


@settings(
    max_examples=examples(30),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(plan=st.lists(activity, max_size=4), indicators=st.lists(measurement, max_size=3))
def test_every_dashboard_figure_is_a_recount_of_the_rows(plan, indicators):
    entity = _build(plan, indicators)
    expected = _recount(entity)
    board = selectors.dashboard(entity=entity, year=YEAR, today=TODAY)
    assert {r.key: r.count for r in board.plan_status} == {
        value: expected["statuses"][value] for value in ActivityStatus.values
    }
    assert sum(r.count for r in board.plan_status) == len(plan)
    assert {r.key: r.count for r in board.reports} == {
        value: expected["reports"][value] for value in ReportStatus.values
    }
    assert board.reports_pending_review == expected["reports"][ReportStatus.SUBMITTED]
    assert board.done_without_report == expected["statuses"][ActivityStatus.DONE]
    assert board.contributions_unanalysed == expected["unanalysed"]
    # The indicators' chart: the current value, a gap (never zero) without a value.
    shown = {
        r.indicator.name: (r.latest.value if r.latest is not None else None)
        for r in board.indicators
    }
    for name, value in shown.items():
        assert value == expected["latest"].get(name)
    block = count_block(
        slug="indicadores",
        title="Indicadores",
        rows=indicator_chart_rows(board.indicators),
        headers=("Indicador", "Resultado (%)"),
    )
    for (name, cell), value in block.table_rows:
        if expected["latest"].get(name) is None:
            assert value is None and cell == no_value_text()
        else:
            assert value == float(expected["latest"][name])


# Accountability (rendición de cuentas) ---------------------------------------------------------

dialogue = st.fixed_dictionaries(
    {
        "modality": st.sampled_from(Modality.values),
        "started": st.booleans(),
        "cancelled": st.booleans(),
        "attended": st.lists(st.booleans(), max_size=2),
    }
)
accountability_activity = st.fixed_dictionaries(
    {"action": st.sampled_from(MurcAction.values), "events": st.lists(dialogue, max_size=3)}
)


@settings(
    max_examples=examples(30),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(plan=st.lists(accountability_activity, max_size=4))
def test_accountability_figures_are_a_recount_of_the_rows(plan):
    entity = EntityFactory()
    version = PlanVersionFactory(entity=entity, plan__year=YEAR, status=PlanStatus.IN_EXECUTION)
    for spec in plan:
        a = ActivityFactory(
            entity=entity, version=version, is_accountability=True, murc_action=spec["action"]
        )
        for n, e in enumerate(spec["events"]):
            starts = NOW + datetime.timedelta(days=(-20 if e["started"] else 20) + n)
            ev = EventFactory(
                entity=entity,
                activity=a,
                modality=e["modality"],
                link="https://meet.example.org/x",
                starts_at=starts,
                ends_at=starts + datetime.timedelta(hours=2),
                is_cancelled=e["cancelled"],
                cancellation_reason="Lluvia" if e["cancelled"] else "",
            )
            for attended in e["attended"]:
                RegistrationFactory(entity=entity, event=ev, attended=attended)
    # The recount: an event is a dialogue held when it took place and someone attended.
    attended_events = {r.event_id for r in Registration.objects.filter(entity=entity) if r.attended}
    held = [
        e
        for e in Event.objects.filter(entity=entity)
        if not e.is_cancelled and e.starts_at <= NOW and e.pk in attended_events
    ]
    per_activity = Counter(e.activity_id for e in held)
    dialogues = Counter(e.modality for e in held if e.activity.murc_action == MurcAction.DIALOGUE)
    result = selectors.accountability(entity=entity, year=YEAR, now=NOW)
    assert result.dialogues_in_person == dialogues[Modality.IN_PERSON]
    assert result.dialogues_virtual == dialogues[Modality.VIRTUAL]
    assert result.dialogues_hybrid == dialogues[Modality.HYBRID]
    assert {r.key: r.count for r in result.by_action} == {
        value: sum(1 for s in plan if s["action"] == value) for value in MurcAction.values
    }
    shown = {a.pk: a.events_held for stage in result.stages for a in stage.activities}
    assert shown == {
        a.pk: per_activity[a.pk] for a in PlannedActivity.objects.filter(entity=entity)
    }
