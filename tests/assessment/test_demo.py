from datetime import date

import pytest

from cabildo.accounts import demo as accounts_demo
from cabildo.assessment import demo
from cabildo.assessment.models import (
    AssessmentState,
    EffectivenessReview,
    ImprovementAction,
    ImprovementPlan,
    SelfAssessment,
)
from cabildo.core import demo as core_demo

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
