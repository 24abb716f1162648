"""Reads of the exercises app: aggregation with a constant number of queries, the diagnosis
report and the suppression of small cells."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cabildo.exercises import selectors, services
from cabildo.exercises.models import Characterization, QuestionKind
from cabildo.plans.models import CyclePhase
from cabildo.privacy.models import Consent
from tests.execution.factories import RegistrationFactory
from tests.exercises.factories import (
    DesiredScenarioFactory,
    DiagnosisFactory,
    ObstacleFactory,
    SurveyFactory,
)
from tests.plans.factories import ActivityFactory
from tests.pqrs.factories import PetitionFactory, PetitionKindFactory

pytestmark = pytest.mark.django_db


def _survey_with_answers(entity, people: int):
    survey = SurveyFactory(entity=entity, results_published=False)
    single = services.question_save(
        survey=survey, text="¿Conoce el plan?", kind="unica", options=["Sí", "No"]
    )
    multiple = services.question_save(
        survey=survey, text="Canales", kind="multiple", options=["Radio", "Redes", "Correo"]
    )
    scale = services.question_save(survey=survey, text="Califique", kind="escala")
    text = services.question_save(survey=survey, text="Propuestas", kind="texto_largo")
    yes, no = single.options.all()
    radio, redes, _correo = multiple.options.all()
    for i in range(people):
        services.survey_answer(
            survey=survey,
            values={
                single.pk: (yes if i % 4 else no).pk,
                multiple.pk: [radio.pk, redes.pk] if i % 2 else [radio.pk],
                scale.pk: (i % 5) + 1,
                text.pk: f"Propuesta {i}",
            },
        )
    return survey, single, multiple, scale, text


def test_results_counts_and_percentages(entity):
    survey, single, multiple, scale, text = _survey_with_answers(entity, 8)
    results = selectors.survey_results(survey=survey)
    assert results.total == 8
    by_question = {r.question.pk: r for r in results.questions}
    rows = by_question[single.pk].rows
    assert [(r.label, r.count, r.percent) for r in rows] == [("Sí", 6, 75.0), ("No", 2, 25.0)]
    multi = {r.label: r.count for r in by_question[multiple.pk].rows}
    assert multi == {"Radio": 8, "Redes": 4, "Correo": 0}
    assert by_question[multiple.pk].respondents == 8
    scale_rows = {r.label: r.count for r in by_question[scale.pk].rows}
    assert scale_rows == {"1": 2, "2": 2, "3": 2, "4": 1, "5": 1}
    assert by_question[scale.pk].mean == pytest.approx(2.62, abs=0.01)
    assert len(by_question[text.pk].texts) == 8
    assert "75,0" in by_question[single.pk].summary


def test_results_run_a_constant_number_of_queries(entity):
    small, *_ = _survey_with_answers(entity, 3)
    big, *_ = _survey_with_answers(entity, 40)
    with CaptureQueriesContext(connection) as few:
        selectors.survey_results(survey=small)
    with CaptureQueriesContext(connection) as many:
        selectors.survey_results(survey=big)
    assert len(few) == len(many) <= 6


def test_published_results_rows_have_no_text_and_only_published(entity):
    survey, *_ = _survey_with_answers(entity, 4)
    assert selectors.published_results_rows(entity) == []
    survey.results_published = True
    survey.save()
    rows = selectors.published_results_rows(entity)
    assert {r["question"] for r in rows} == {"¿Conoce el plan?", "Canales", "Califique"}
    assert not any(r["answer"].startswith("Propuesta") for r in rows)


def test_diagnosis_report_groups_by_phase_and_theme(entity):
    diagnosis = DiagnosisFactory(entity=entity)
    obstacle = ObstacleFactory(entity=entity, diagnosis=diagnosis, theme="Información")
    ObstacleFactory(
        entity=entity, diagnosis=diagnosis, phase=CyclePhase.FORMULATION, theme="Diálogo"
    )
    scenario = DesiredScenarioFactory(entity=entity, diagnosis=diagnosis, theme="Información")
    scenario.obstacles.add(obstacle)
    obstacle.plan_activities.add(ActivityFactory(entity=entity))
    with CaptureQueriesContext(connection) as queries:
        phases = selectors.diagnosis_report(diagnosis=diagnosis)
        first = phases[0]
        linked = [list(o.scenarios.all()) for t in first.themes for o in t.obstacles]
    assert [p.phase for p in phases] == list(CyclePhase.values)
    assert first.themes[0].theme == "Información"
    assert first.obstacle_count == 1 and first.scenario_count == 1
    assert linked == [[scenario]]
    assert phases[1].themes[0].theme == "Diálogo"
    assert len(queries) <= 7


def _characterize(entity, n, **kwargs):
    consent = Consent.objects.create(
        entity=entity,
        purpose="caracterizacion_usuarios",
        policy_version="1",
        text="t",
        channel="web",
    )
    for _ in range(n):
        Characterization.objects.create(entity=entity, consent=consent, **kwargs)


def test_characterization_stats_suppress_cells_under_five(entity):
    kind = PetitionKindFactory(entity=entity, name="Derecho de petición")
    for _ in range(6):
        _characterize(
            entity, 1, petition=PetitionFactory(entity=entity, kind=kind), occupation="estudiante"
        )
    for _ in range(2):
        _characterize(
            entity, 1, petition=PetitionFactory(entity=entity, kind=kind), occupation="hogar"
        )
    registration = RegistrationFactory(entity=entity)
    _characterize(entity, 1, registration=registration, occupation="hogar")
    tables = {t.title: t for t in selectors.characterization_stats(entity=entity)}
    occupation = tables["Ocupación"]
    rows = dict(occupation.rows)
    assert occupation.columns == ["Estudiante", "Labores del hogar"]
    assert rows["PQRSD: Derecho de petición"] == [6, None]
    event_row = next(v for k, v in rows.items() if k.startswith("Evento:"))
    assert event_row == [0, None]
    assert occupation.suppressed == 2


def test_characterization_stats_constant_queries(entity):
    with CaptureQueriesContext(connection) as queries:
        selectors.characterization_stats(entity=entity)
    assert len(queries) == 4


@pytest.mark.parametrize("kind", [QuestionKind.TERRITORY, QuestionKind.STAKEHOLDER_GROUP])
def test_results_of_territory_and_group_questions_use_names(entity, kind):
    from tests.plans.factories import StakeholderGroupFactory
    from tests.territories.factories import TerritoryFactory

    survey = SurveyFactory(entity=entity)
    question = services.question_save(survey=survey, text="¿Dónde?", kind=kind)
    make = TerritoryFactory if kind == QuestionKind.TERRITORY else StakeholderGroupFactory
    a, b = make(entity=entity, name="Alfa"), make(entity=entity, name="Beta")
    for value in (a, b, b):
        services.survey_answer(survey=survey, values={question.pk: value})
    result = selectors.survey_results(survey=survey).questions[0]
    assert [(r.label, r.count) for r in result.rows] == [("Beta", 2), ("Alfa", 1)]


def test_result_summary_names_a_tie_and_counts_one_person_in_the_singular():
    from cabildo.exercises.models import Question
    from cabildo.exercises.selectors import QuestionResult, ResultRow

    question = Question(text="¿Cómo se enteró?")
    rows = [ResultRow("Radio", 2, 50.0), ResultRow("Redes", 2, 50.0), ResultRow("Cartel", 0, 0.0)]
    tie = QuestionResult(question=question, respondents=4, rows=rows)
    assert tie.summary == (
        "4 personas respondieron; las respuestas más frecuentes, empatadas con 50,0 % cada "
        "una, fueron «Radio» y «Redes»."
    )
    one = QuestionResult(question=question, respondents=1, rows=[ResultRow("Radio", 1, 100.0)])
    assert one.summary == "1 persona respondió; la respuesta más frecuente fue «Radio» (100,0 %)."
