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


def test_demo_twice_keeps_one_event_per_space_when_the_forum_holds_the_fair():
    """CI's second seed_demo on PostgreSQL: the feria's event is created in the forum's activity
    and, dated earlier, was then picked as the forum's event too (one event, one space)."""
    import datetime

    from django.utils import timezone

    from cabildo.accountability.models import DialogueSpace
    from cabildo.plans.models import PlanStatus
    from tests.execution.factories import EventFactory
    from tests.plans.factories import ActivityFactory

    cali = EntityFactory(slug="cali")
    today = timezone.localdate()
    forum = ActivityFactory(
        entity=cali,
        name=demo.FORUM_ACTIVITY,
        version__plan__year=today.year,
        version__status=PlanStatus.IN_EXECUTION,
        start_date=today - datetime.timedelta(days=5),
        end_date=today + datetime.timedelta(days=60),
    )
    EventFactory(entity=cali, activity=forum, title="Foro en la ladera")
    entities = {"cali": cali}
    demo.seed(entities=entities)
    demo.seed(entities=entities)
    spaces = DialogueSpace.objects.for_entity(cali).exclude(event=None)
    events = [space.event_id for space in spaces]
    assert len(events) == 2
    assert len(set(events)) == len(events)
    assert spaces.get(name=demo.FAIR_TITLE).event.title == demo.FAIR_TITLE
