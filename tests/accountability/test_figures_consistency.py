"""Every page that shows a rendición de cuentas figure shows the same recount of the records.

Hypothesis builds a vigencia: the strategy's dialogue spaces (any kind; without an event, or
held as an event that started or is ahead, cancelled or not, attended or not, in any modality,
sometimes the event of a dialogue activity of the plan), events of the plan's accountability
activities outside the strategy (dialogue or another action, audiencia or another mechanism)
and questions answered on time, late or pending. The recount reads the rows in plain Python
with the rules written out again; then the strategy page, the vigencia page, Participa's page,
the evaluation's public results and the API must all show it, and the old MURC address of the
evaluation redirects to the vigencia page.
"""

from __future__ import annotations

import datetime
import re
from collections import Counter

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cabildo.accountability.models import DialogueSpace, Question, QuestionStatus, SpaceKind
from cabildo.accounts.models import Role
from cabildo.execution.models import Event, Modality, Registration
from cabildo.plans.models import Mechanism, MurcAction, PlanStatus
from cabildo.workdays.calendar import calendar_for
from tests.accountability.factories import DialogueSpaceFactory, QuestionFactory, StrategyFactory
from tests.evaluation.factories import EvaluationFactory
from tests.execution.factories import EventFactory, RegistrationFactory
from tests.factories import EntityFactory, MembershipFactory
from tests.plans.factories import ActivityFactory, PlanVersionFactory
from tests.properties import examples

pytestmark = pytest.mark.django_db

FIGURE = re.compile(r'data-figure="(\w+)">([^<]*)<')

event_spec = st.fixed_dictionaries(
    {
        "modality": st.sampled_from(Modality.values),
        "started": st.booleans(),
        "cancelled": st.booleans(),
        "attended": st.lists(st.booleans(), max_size=2),
    }
)
space_spec = st.fixed_dictionaries(
    {
        "kind": st.sampled_from([SpaceKind.HEARING, SpaceKind.FAIR, SpaceKind.FORUM]),
        "event": st.none() | event_spec,
        "of_dialogue_activity": st.booleans(),
        "questions": st.lists(st.sampled_from(["on_time", "late", "pending"]), max_size=3),
    }
)
plan_event_spec = st.fixed_dictionaries(
    {
        "action": st.sampled_from(MurcAction.values),
        "mechanism": st.sampled_from([Mechanism.PUBLIC_HEARING, Mechanism.WORKING_TABLE]),
        "event": event_spec,
    }
)


def _event(entity, activity, spec, n):
    now = timezone.now()
    starts = now + datetime.timedelta(days=(-5 if spec["started"] else 5), minutes=n)
    event = EventFactory(
        entity=entity,
        activity=activity,
        modality=spec["modality"],
        link="https://meet.example.org/x",
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=2),
        is_cancelled=spec["cancelled"],
        cancellation_reason="Lluvia" if spec["cancelled"] else "",
    )
    for attended in spec["attended"]:
        RegistrationFactory(entity=entity, event=event, attended=attended)
    return event


def _build(entity, year, spaces, plan_events):
    version = PlanVersionFactory(entity=entity, plan__year=year, status=PlanStatus.IN_EXECUTION)
    dialogue_activity = ActivityFactory(
        entity=entity, version=version, is_accountability=True, murc_action=MurcAction.DIALOGUE
    )
    other_activity = ActivityFactory(entity=entity, version=version)
    strategy = StrategyFactory(entity=entity, year=year, is_published=True)
    today = timezone.localdate()
    for n, spec in enumerate(spaces):
        event = None
        if spec["event"] is not None:
            activity = dialogue_activity if spec["of_dialogue_activity"] else other_activity
            event = _event(entity, activity, spec["event"], n)
        space = DialogueSpaceFactory(
            entity=entity, strategy=strategy, kind=spec["kind"], event=event
        )
        for state in spec["questions"]:
            received = today - datetime.timedelta(days=40)
            due = today - datetime.timedelta(days=20)
            answered = {
                "on_time": due - datetime.timedelta(days=1),
                "late": due + datetime.timedelta(days=2),
            }.get(state)
            QuestionFactory(
                entity=entity,
                space=space,
                received_on=received,
                due_date=due,
                answered_on=answered,
                answer="Respuesta publicada por la dependencia." if answered else "",
                status=QuestionStatus.ANSWERED if answered else QuestionStatus.ASSIGNED,
            )
    for n, spec in enumerate(plan_events, start=100):
        activity = ActivityFactory(
            entity=entity,
            version=version,
            is_accountability=True,
            murc_action=spec["action"],
            mechanism=spec["mechanism"],
        )
        _event(entity, activity, spec["event"], n)
    return strategy


def _recount(entity, year):
    """The figures, from the rows one by one (never through the selector)."""
    now = timezone.now()
    attended = {r.event_id for r in Registration.objects.filter(entity=entity) if r.attended}

    def held(event):
        return (
            event is not None
            and not event.is_cancelled
            and event.starts_at <= now
            and event.pk in attended
        )

    spaces = list(DialogueSpace.objects.filter(entity=entity, strategy__year=year))
    in_spaces = {s.event_id for s in spaces if s.event_id}
    plan_events = [
        e
        for e in Event.objects.filter(entity=entity).select_related("activity")
        if e.pk not in in_spaces
        and e.activity.is_accountability
        and e.activity.murc_action == MurcAction.DIALOGUE
        and e.activity.version.plan.year == year
    ]
    dialogues = [(s.kind == SpaceKind.HEARING, s.event) for s in spaces if held(s.event)] + [
        (e.activity.mechanism == Mechanism.PUBLIC_HEARING, e) for e in plan_events if held(e)
    ]
    modalities = Counter(e.modality for _hearing, e in dialogues)
    questions = list(Question.objects.filter(entity=entity))
    answered = [q for q in questions if q.status == QuestionStatus.ANSWERED]
    pending = [q for q in questions if q.status != QuestionStatus.ANSWERED]
    calendar = calendar_for(entity)
    days = sorted(calendar.count_business_days(q.received_on, q.answered_on) for q in answered)
    median = "—"
    if days:
        mid = len(days) // 2
        median = str(float(days[mid]) if len(days) % 2 else (days[mid - 1] + days[mid]) / 2)
    return {
        "spaces_planned": str(len(spaces) + len(plan_events)),
        "spaces_held": str(len(dialogues)),
        "hearings_held": str(sum(1 for hearing, _e in dialogues if hearing)),
        "questions": str(len(questions)),
        "answered_on_time": str(sum(1 for q in answered if q.answered_on <= q.due_date)),
        "answered_late": str(sum(1 for q in answered if q.answered_on > q.due_date)),
        "pending": str(len(pending)),
        "median_answer_days": median,
        "by_modality": (
            modalities[Modality.IN_PERSON],
            modalities[Modality.VIRTUAL],
            modalities[Modality.HYBRID],
        ),
    }


def _shown(html):
    """The figures of a page: ``data-figure`` cells (the first word: «2 (1 vencida)» → «2»)."""
    figures = {}
    for name, text in FIGURE.findall(html):
        value = text.strip().split(" ")[0]
        figures.setdefault(name, set()).add(value.replace(",", "."))
    return figures


@settings(
    max_examples=examples(12),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    spaces=st.lists(space_spec, max_size=3),
    plan_events=st.lists(plan_event_spec, max_size=3),
)
def test_every_page_shows_the_same_recount(spaces, plan_events):
    year = timezone.localdate().year
    entity = EntityFactory()
    strategy = _build(entity, year, spaces, plan_events)
    EvaluationFactory(entity=entity, year=year, is_published=True)
    expected = _recount(entity, year)
    admin = MembershipFactory(entity=entity, role=Role.ENTITY_ADMIN).user
    staff = Client()
    staff.force_login(admin)
    public = Client()
    prefix = f"/{entity.slug}"

    pages = {
        "year": staff.get(f"{prefix}{reverse('accountability:year')}?anio={year}"),
        "strategy": staff.get(
            f"{prefix}{reverse('accountability:strategy_detail', args=[strategy.pk])}"
        ),
        "participa": public.get(
            f"{prefix}{reverse('accountability:public_index')}?vigencia={year}"
        ),
        "evaluation": public.get(f"{prefix}{reverse('evaluation:public_results')}?anio={year}"),
    }
    for name, response in pages.items():
        assert response.status_code == 200, name
    for name in ("year", "strategy", "participa"):
        shown = _shown(pages[name].content.decode())
        for key in (
            "spaces_planned",
            "spaces_held",
            "hearings_held",
            "questions",
            "answered_on_time",
            "answered_late",
            "pending",
            "median_answer_days",
        ):
            assert shown[key] == {expected[key]}, (name, key, shown[key], expected[key])
    # The evaluation's section (public results, and the MURC section of the vigencia page):
    # the dialogues held by modality add up to the same total.
    for name in ("year", "evaluation"):
        assert _shown(pages[name].content.decode())["spaces_held"] == {expected["spaces_held"]}
        figures = pages[name].context["figures" if name == "year" else "accountability"]
        held = (figures.dialogues_in_person, figures.dialogues_virtual, figures.dialogues_hybrid)
        assert held == expected["by_modality"]
    # The API's figures are the same recount.
    body = public.get(f"{prefix}{reverse('api:accountability:year_figures', args=[year])}").json()
    for key in ("spaces_planned", "spaces_held", "hearings_held", "questions", "pending"):
        assert str(body[key]) == expected[key], key
    assert (body["held_in_person"], body["held_virtual"], body["held_hybrid"]) == expected[
        "by_modality"
    ]
    # The old MURC page of the evaluation is the vigencia page now.
    old = staff.get(f"{prefix}{reverse('evaluation:accountability')}?anio={year}")
    assert old.status_code == 301
    assert old["Location"] == f"{prefix}{reverse('accountability:year')}?anio={year}"


def test_old_murc_address_redirects_anonymous_visitors_to_the_login(client, entity):
    """The redirect itself needs no login; the vigencia page it leads to does."""
    prefix = f"/{entity.slug}"
    response = client.get(f"{prefix}/evaluacion/rendicion-de-cuentas/?anio=2025")
    assert response.status_code == 301
    assert response["Location"] == f"{prefix}/rendicion-de-cuentas/gestion/vigencia/?anio=2025"
    follow = client.get(response["Location"])
    assert follow.status_code == 302
    assert "next=" in follow["Location"]


def test_vigencia_page_is_the_accountability_reader_s(staff_client, entity):
    """Liaisons and the read-only role read it; nobody of another entity does."""
    for role in (Role.AREA_LIAISON, Role.VIEWER, Role.INTERNAL_CONTROL):
        assert staff_client(role).get(reverse("accountability:year")).status_code == 200
