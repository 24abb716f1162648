"""The demo: Cali's audiencia with questions in every state of the semáforo, Cartago's Concejo
report with its minimum content, an Itagüí veeduría following a contract; twice, same rows."""

from __future__ import annotations

import pytest

from cabildo.accountability import demo, selectors
from cabildo.accountability.models import (
    CouncilReport,
    Question,
    VeeduriaObservation,
    VeeduriaRequest,
)
from cabildo.core.models import EntityKind
from tests.factories import EntityFactory

pytestmark = pytest.mark.django_db


def test_demo_is_idempotent_and_complete():
    entities = {
        "cali": EntityFactory(slug="cali"),
        "itagui": EntityFactory(slug="itagui"),
        "cartago": EntityFactory(slug="cartago", kind=EntityKind.COUNCIL),
    }
    demo.seed(entities=entities)
    demo.seed(entities=entities)
    cali = entities["cali"]
    questions = list(Question.objects.for_entity(cali))
    assert len(questions) == len(demo.QUESTIONS)
    selectors.with_semaphore(questions, selectors.clock_for(cali))
    states = {q.deadline.code for q in questions}
    assert {
        "a_tiempo",
        "por_vencer",
        "vencida",
        "respondida_a_tiempo",
        "respondida_fuera_de_termino",
    } <= states
    assert any(q.area_id is None for q in questions)  # received, not yet routed
    report = CouncilReport.objects.get(entity=entities["cartago"])
    content = selectors.council_report_content(report=report)
    assert content.missing == []
    assert content.on_time is True
    itagui = entities["itagui"]
    assert VeeduriaRequest.objects.for_entity(itagui).count() == 1
    assert VeeduriaObservation.objects.for_entity(itagui).count() == 2
