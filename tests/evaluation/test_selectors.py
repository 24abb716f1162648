"""Every figure of the consolidated evaluation, the dashboard and the accountability view,
checked against data built for the purpose; and constant queries whatever the volume."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from cabildo.assessment.models import ActionStatus
from cabildo.evaluation import selectors
from cabildo.evaluation.models import MurcStage
from cabildo.execution.models import Modality
from cabildo.plans.models import MurcAction, PlanStatus
from tests.evaluation import scenario
from tests.evaluation.factories import (
    AccountabilityStageFactory,
    EvaluationFactory,
    IndicatorFactory,
    MeasurementFactory,
)
from tests.execution.factories import ContributionFactory, EventFactory, RegistrationFactory
from tests.plans.factories import ActivityFactory, PlanVersionFactory

pytestmark = pytest.mark.django_db


def test_the_four_figures_of_the_year(entity):
    scenario.build(entity)
    result = selectors.yearly_evaluation(entity=entity, year=scenario.YEAR)
    # 1. activities in which citizens were involved (cancelled ones are not programmed).
    assert result.activities_planned == 3
    assert result.activities_done == 2
    assert result.execution_percent == 67
    # 2. grupos de valor involved: those of the attendees (Jóvenes in March, JAC in June);
    # Mujeres registered twice but never attended.
    assert result.groups_involved == ["Jóvenes", "Juntas de acción comunal"]
    assert result.groups_involved_count == 2
    # 3. phases submitted to participation.
    assert [r.label for r in result.phases_with_participation] == ["Diagnóstico", "Formulación"]
    assert result.phases_count == 2
    assert result.phases_total == 4
    # 4. incidence.
    assert result.contributions_received == 5
    assert result.contributions_analysed == 4
    assert result.contributions_incorporated == 3
    assert result.incorporated_percent == 60
    incidence = {r.key: r.count for r in result.incidence}
    assert incidence["consultar"] == 2
    assert incidence["colaborar"] == 1
    assert incidence[""] == 2
    viability = {r.key: r.count for r in result.viability}
    assert viability == {"viable": 2, "parcial": 1, "no_viable": 1, "": 1}
    # 3 attended the March event and 1 the June one; the July event had nobody recorded.
    assert result.participants == 4
    assert result.events_held == 2
    assert [r.activity.name for r in result.reports] == [scenario_activity_name(entity, 0)]


def scenario_activity_name(entity, index):
    from cabildo.plans.models import PlannedActivity

    return PlannedActivity.objects.for_entity(entity).order_by("pk")[index].name


def test_breakdowns(entity):
    scenario.build(entity)
    result = selectors.yearly_evaluation(entity=entity, year=scenario.YEAR)
    by_area = {r.label: (r.planned, r.done) for r in result.breakdown("area").rows}
    assert by_area == {"Secretaría de Gobierno": (2, 1), "Secretaría de Salud": (1, 1)}
    by_phase = {r.key: (r.planned, r.done) for r in result.breakdown("fase").rows}
    assert by_phase == {
        "diagnostico": (1, 1),
        "formulacion": (1, 1),
        "implementacion": (1, 0),
        "evaluacion": (0, 0),
    }
    by_procedure = {r.key: (r.planned, r.done) for r in result.breakdown("procedimiento").rows}
    assert by_procedure == {"planeacion": (1, 1), "control_social": (1, 1), "promocion": (1, 0)}
    by_channel = {r.key: (r.planned, r.done) for r in result.breakdown("canal").rows}
    assert by_channel == {"presencial": (2, 1), "virtual": (1, 1), "mixto": (0, 0)}
    by_level = {r.key: (r.planned, r.done) for r in result.breakdown("incidencia").rows}
    assert by_level["consultar"] == (1, 1)
    assert by_level["colaborar"] == (1, 1)
    assert by_level["informar"] == (1, 0)
    assert by_level["controlar"] == (0, 0)
    by_group = {r.label: (r.planned, r.done) for r in result.breakdown("grupo").rows}
    # Planned in 2 and 1 activities; involved where their people attended (JAC in the June
    # event, Jóvenes in the March one), not where they were only planned.
    assert by_group == {"Juntas de acción comunal": (2, 1), "Jóvenes": (1, 1)}
    assert result.breakdown("area").total_planned == 3


def test_an_activity_of_several_channels_counts_under_each(entity):
    from cabildo.plans.models import PlannedActivity

    scenario.build(entity)
    # The virtual activity (held) is also in person.
    activities = PlannedActivity.objects.for_entity(entity)
    (virtual,) = [a for a in activities if a.channels == ["virtual"]]
    PlannedActivity.objects.filter(pk=virtual.pk).update(channels=["presencial", "virtual"])
    result = selectors.yearly_evaluation(entity=entity, year=scenario.YEAR)
    by_channel = {r.key: (r.planned, r.done) for r in result.breakdown("canal").rows}
    assert by_channel == {"presencial": (3, 2), "virtual": (1, 1), "mixto": (0, 0)}
    assert result.breakdown("area").total_planned == 3  # still three activities
    assert result.breakdown("area").total_done == 2


def test_other_entities_and_years_do_not_count(entity, other_entity):
    scenario.build(entity)
    scenario.build(other_entity)
    scenario.build(entity, year=2024)
    result = selectors.yearly_evaluation(entity=entity, year=scenario.YEAR)
    assert result.activities_done == 2
    assert result.contributions_received == 5


def test_the_version_in_execution_is_evaluated_not_a_later_draft(entity):
    built = scenario.build(entity)
    PlanVersionFactory(entity=entity, plan=built.version.plan, number=2, status=PlanStatus.DRAFT)
    result = selectors.yearly_evaluation(entity=entity, year=scenario.YEAR)
    assert result.version == built.version
    assert result.activities_planned == 3


def test_year_without_plan_is_empty(entity):
    result = selectors.yearly_evaluation(entity=entity, year=2031)
    assert result.version is None
    assert result.activities_planned == 0
    assert result.groups_involved_count == 0


def _volume(entity, n):
    version = PlanVersionFactory(entity=entity, plan__year=2025, status=PlanStatus.IN_EXECUTION)
    for i in range(n):
        activity = ActivityFactory(entity=entity, version=version)
        event = scenario.held_event(activity, scenario.at(3, 1 + i % 27))
        RegistrationFactory(entity=entity, event=event, attended=True)
        ContributionFactory(entity=entity, event=event)


def _count_queries(entity, function):
    with CaptureQueriesContext(connection) as ctx:
        function(entity)
    return len(ctx.captured_queries)


@pytest.mark.parametrize(
    "function",
    [
        lambda e: selectors.yearly_evaluation(entity=e, year=2025),
        lambda e: selectors.dashboard(entity=e, year=2025),
        lambda e: selectors.accountability(entity=e, year=2025),
    ],
    ids=["evaluation", "dashboard", "accountability"],
)
def test_constant_queries_whatever_the_volume(entity, other_entity, function):
    _volume(entity, 5)
    _volume(other_entity, 50)
    few = _count_queries(entity, function)
    many = _count_queries(other_entity, function)
    assert few == many
    result = selectors.yearly_evaluation(entity=other_entity, year=2025)
    assert result.activities_done == 50
    assert result.participants == 50


def test_evaluation_query_budget(entity):
    scenario.build(entity)
    with CaptureQueriesContext(connection) as ctx:
        selectors.yearly_evaluation(entity=entity, year=scenario.YEAR)
    assert len(ctx.captured_queries) <= 8


# Dashboard ---------------------------------------------------------------------------------


def test_dashboard_figures(entity):
    from tests.assessment.factories import ImprovementActionFactory
    from tests.pqrs.factories import PetitionFactory

    scenario.build(entity)
    today = datetime.date(2025, 12, 15)
    ImprovementActionFactory(entity=entity, due_date=datetime.date(2025, 12, 1))
    PetitionFactory(entity=entity, due_date=datetime.date(2025, 12, 10))  # overdue
    PetitionFactory(entity=entity, due_date=datetime.date(2026, 2, 10))  # on time
    board = selectors.dashboard(entity=entity, year=scenario.YEAR, today=today)
    status = {r.key: r.count for r in board.plan_status}
    assert status == {
        "programada": 0,
        "convocada": 1,
        "realizada": 1,
        "reportada": 1,
        "cancelada": 1,
    }
    assert board.activities_total == 4
    assert board.done_without_report == 1
    assert {r.key: r.count for r in board.reports}["aceptado"] == 1
    assert board.reports_pending_review == 0
    assert board.contributions_unanalysed == 1
    semaphore = {r.key: r.count for r in board.semaphore}
    assert semaphore["vencida"] == 1
    assert semaphore["a_tiempo"] == 1
    assert board.actions_overdue == 1
    assert [a.due_date for a in board.actions_next] == [datetime.date(2025, 12, 1)]


def test_dashboard_done_actions_are_not_due(entity):
    from tests.assessment.factories import ImprovementActionFactory

    ImprovementActionFactory(
        entity=entity, due_date=datetime.date(2025, 12, 1), status=ActionStatus.DONE
    )
    board = selectors.dashboard(entity=entity, year=2025, today=datetime.date(2025, 12, 15))
    assert board.actions_overdue == 0
    assert board.actions_next == []


# Matrix --------------------------------------------------------------------------------------


def test_matrix_rows_latest_and_status(entity):
    below = IndicatorFactory(entity=entity, target=Decimal("80"), order=1)
    MeasurementFactory(entity=entity, indicator=below, year=2026, value=Decimal("75"))
    met = IndicatorFactory(entity=entity, target=Decimal("50"), order=2)
    MeasurementFactory(entity=entity, indicator=met, year=2026, value=Decimal("60"))
    MeasurementFactory(entity=entity, indicator=met, year=2025, value=Decimal("10"))
    IndicatorFactory(entity=entity, order=3)
    IndicatorFactory(entity=entity, is_active=False)
    rows = selectors.seguimiento_matrix(entity=entity, year=2026)
    assert [r.status_label for r in rows] == [
        "Por debajo de la meta",
        "Cumple la meta",
        "Sin medición",
    ]
    assert rows[1].latest.value == Decimal("60")
    assert rows[1].measurement_summary == "2026: 60,00 %"  # the Spanish format, as the page's
    with translation.override("en"):
        assert rows[1].measurement_summary == "2026: 60.00 %"


def test_matrix_constant_queries(entity, other_entity):
    for _ in range(5):
        MeasurementFactory(entity=entity)
    for _ in range(50):
        MeasurementFactory(entity=other_entity)
    assert _count_queries(
        entity, lambda e: selectors.seguimiento_matrix(entity=e, year=2026)
    ) == _count_queries(other_entity, lambda e: selectors.seguimiento_matrix(entity=e, year=2026))


# Accountability ------------------------------------------------------------------------------


def test_accountability_stages_actions_and_dialogues(entity):
    version = PlanVersionFactory(entity=entity, plan__year=2025, status=PlanStatus.IN_EXECUTION)
    hearing = ActivityFactory(
        entity=entity, version=version, is_accountability=True, murc_action=MurcAction.DIALOGUE
    )
    AccountabilityStageFactory(entity=entity, activity=hearing, stage=MurcStage.EXECUTION)
    report = ActivityFactory(
        entity=entity,
        version=version,
        is_accountability=True,
        murc_action=MurcAction.INFORMATION,
    )
    ActivityFactory(entity=entity, version=version)  # not accountability
    past = scenario.at(11, 3)

    def attended(event):
        RegistrationFactory(entity=entity, event=event, attended=True)
        return event

    attended(scenario.held_event(hearing, past, modality=Modality.IN_PERSON))
    attended(
        scenario.held_event(hearing, past, modality=Modality.VIRTUAL, link="https://x.example")
    )
    attended(scenario.held_event(hearing, past, modality=Modality.HYBRID, link="https://x.example"))
    attended(scenario.held_event(hearing, past, modality=Modality.IN_PERSON, is_cancelled=True))
    # Took place but nobody attended (or attendance was never recorded): not a dialogue held.
    empty = scenario.held_event(hearing, past, modality=Modality.IN_PERSON)
    RegistrationFactory(entity=entity, event=empty, attended=False)
    EventFactory(entity=entity, activity=hearing)  # in the future
    attended(scenario.held_event(report, past, modality=Modality.IN_PERSON))  # information
    data = selectors.accountability(entity=entity, year=2025, now=timezone.now())
    assert data.dialogues_in_person == 1
    assert data.dialogues_virtual == 1
    assert data.dialogues_hybrid == 1
    assert data.dialogues_total == 3
    assert data.activities_count == 2
    stages = {s.key: [a.pk for a in s.activities] for s in data.stages}
    assert stages["ejecucion"] == [hearing.pk]
    assert stages[""] == [report.pk]
    assert {r.key: r.count for r in data.by_action} == {
        "informacion": 1,
        "dialogo": 1,
        "responsabilidad": 0,
    }
    hearing_row = next(a for a in data.stages[3].activities)
    assert hearing_row.events_held == 3


def test_published_years_and_latest_practices(entity):
    from tests.evaluation.factories import GoodPracticeFactory

    EvaluationFactory(entity=entity, year=2024, is_published=True)
    EvaluationFactory(entity=entity, year=2025, is_published=False)
    assert selectors.published_years(entity=entity) == [2024]
    GoodPracticeFactory(entity=entity, year=2023, title="Antigua")
    GoodPracticeFactory(entity=entity, year=2024, title="Reciente")
    assert [p.title for p in selectors.latest_good_practices(entity=entity)] == ["Reciente"]
