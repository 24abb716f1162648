from datetime import date

import pytest
from django.utils import timezone

from cabildo.accounts import demo as accounts_demo
from cabildo.assessment import demo
from cabildo.assessment.models import (
    ActionStatus,
    AssessmentState,
    EffectivenessReview,
    ImprovementAction,
    ImprovementPlan,
    SelfAssessment,
)
from cabildo.core import demo as core_demo
from cabildo.core.models import Area

pytestmark = pytest.mark.django_db


def test_demo_is_idempotent_and_follows_seed_003():
    entities: dict = {}
    core_demo.seed(entities=entities)
    accounts_demo.seed(entities=entities)
    demo.seed(entities=entities)
    demo.seed(entities=entities)
    cartago = SelfAssessment.objects.get(entity__slug="cartago", year=2024)
    assert cartago.state == AssessmentState.CLOSED
    assert cartago.closed_at.year == 2024
    plan = ImprovementPlan.objects.get(assessment=cartago)
    assert plan.document_code == "PC.PL.002"
    assert plan.approved_on == date(2024, 5, 21)
    assert plan.approved_by_body == "Comité Institucional de Gestión y Desempeño"
    assert plan.approval_act == "Acta No. 02 de 2024"
    assert plan.actions.count() == 32
    pc19 = ImprovementAction.objects.get(plan=plan, activity__code="PC19")
    assert (
        pc19.improvement_alternative
        == "Construir 2 mecanismos alternativos de recolección de información"
    )
    pc01 = ImprovementAction.objects.get(plan=plan, activity__code="PC01")
    assert pc01.deadline_months == 5 and pc01.deadline_text() == "5 meses"
    assert (
        ImprovementAction.objects.get(plan=plan, activity__code="PC31").improvement_alternative
        == ""
    )
    assert EffectivenessReview.objects.filter(action__plan=plan).count() == 3
    fondeser = SelfAssessment.objects.get(entity__slug="fondeser", year=2019)
    assert fondeser.state == AssessmentState.CLOSED
    assert fondeser.findings.count() == 4
    assert SelfAssessment.objects.count() == 2


def test_cartago_plan_is_followed_up_on_the_day_the_demo_runs():
    """Approved in 2024, the plan is not all 'Vencida' today: most actions whose term ran out
    were done on time, others are under way with a new deadline; one stays overdue."""
    entities: dict = {}
    core_demo.seed(entities=entities)
    accounts_demo.seed(entities=entities)
    demo.seed(entities=entities)
    today = timezone.localdate()
    actions = list(ImprovementAction.objects.filter(plan__assessment__entity__slug="cartago"))
    keys = [action.status_key(today) for action in actions]
    assert keys.count("vencida") == 1
    assert keys.count(ActionStatus.DONE) > len(actions) / 2
    assert keys.count(ActionStatus.IN_PROGRESS) >= 3
    for action in actions:
        if action.status == ActionStatus.DONE and action.due_date:
            assert action.completed_on <= action.due_date
    states = [a.status for a in ImprovementAction.objects.order_by("pk")]
    demo.seed(entities=entities)
    assert [a.status for a in ImprovementAction.objects.order_by("pk")] == states
    names = list(Area.objects.filter(entity=entities["cartago"]).values_list("name", flat=True))
    assert "Secretaría General" not in names
    assert names.count("Secretaría General del Concejo") == 1


def test_an_earlier_demo_database_keeps_one_secretaria_general():
    entities: dict = {}
    core_demo.seed(entities=entities)
    cartago = entities["cartago"]
    Area.objects.filter(entity=cartago, name="Secretaría General del Concejo").update(
        name="Secretaría General"
    )
    core_demo.seed(entities=entities)
    names = list(Area.objects.filter(entity=cartago).values_list("name", flat=True))
    assert "Secretaría General" not in names
    assert names.count("Secretaría General del Concejo") == 1
