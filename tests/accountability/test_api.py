"""The accountability API: public reads without personal data, staff questions answered through
the service, tenancy, and bad input answered 400 with a Spanish message (never 500)."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from cabildo.accountability import selectors
from cabildo.accountability.models import Question, QuestionStatus
from cabildo.accounts.models import Role
from tests.accountability.factories import (
    DialogueSpaceFactory,
    ImprovementActionFactory,
    QuestionFactory,
    StrategyFactory,
    StrategyTaskFactory,
)
from tests.factories import AreaFactory

pytestmark = pytest.mark.django_db

PERSONAL = ("author_name", "email", "consent", "answered_by")


def _answered(entity, space, **kwargs):
    today = timezone.localdate()
    return QuestionFactory(
        entity=entity,
        space=space,
        author_name="Rosa Elvira Cárdenas",
        email="rosa@example.org",
        status=QuestionStatus.ANSWERED,
        area=space.area,
        answer="La secretaría pavimentó 12 kilómetros de vías terciarias.",
        answered_on=today,
        received_on=today - datetime.timedelta(days=3),
        **kwargs,
    )


@pytest.fixture
def published(entity):
    """A published strategy of this year with a space, an answered question, a pending one and
    an action; and the same in another entity, which must never show."""
    strategy = StrategyFactory(entity=entity, is_published=True, published_at=timezone.now())
    StrategyTaskFactory(entity=entity, strategy=strategy)
    space = DialogueSpaceFactory(entity=entity, strategy=strategy)
    answered = _answered(entity, space)
    pending = QuestionFactory(entity=entity, space=space, email="otro@example.org")
    ImprovementActionFactory(entity=entity, space=space)
    return strategy, space, answered, pending


@pytest.fixture
def foreign(other_entity):
    strategy = StrategyFactory(entity=other_entity, is_published=True)
    space = DialogueSpaceFactory(entity=other_entity, strategy=strategy, name="Ajena")
    return space, _answered(other_entity, space, text="Pregunta de la otra entidad, ajena.")


def _url(name, *args):
    return reverse(f"api:accountability:{name}", args=args)


# Public ----------------------------------------------------------------------------------------


def test_strategies_list_only_the_entity_s_published(public_client, entity, published, foreign):
    StrategyFactory(entity=entity, year=2024)  # a draft
    body = public_client(entity).get(_url("strategy_list")).json()
    assert [row["year"] for row in body["results"]] == [published[0].year]


def test_strategy_detail(public_client, entity, published, foreign):
    strategy, space, *_rest = published
    client = public_client(entity)
    body = client.get(_url("strategy_detail", strategy.year)).json()
    assert body["year"] == strategy.year
    assert body["lead_team"] == strategy.lead_team_lines
    assert len(body["tasks"]) == 1 and body["tasks"][0]["status"]
    assert [s["id"] for s in body["spaces"]] == [space.pk]
    missing = client.get(_url("strategy_detail", 2024))
    assert missing.status_code == 404
    assert missing.json()["detail"] == "No hay una estrategia publicada de esa vigencia."
    bad = client.get(_url("strategy_detail", 1800))
    assert bad.status_code == 400
    assert "Vigencia no válida" in bad.json()["errors"]["year"][0]


def test_spaces_are_the_entity_s_published_ones(public_client, entity, published, foreign):
    _strategy, space, *_rest = published
    DialogueSpaceFactory(entity=entity, strategy=StrategyFactory(entity=entity, year=2025))
    client = public_client(entity)
    body = client.get(_url("space_list")).json()
    assert [row["id"] for row in body["results"]] == [space.pk]
    assert client.get(_url("space_list"), {"year": 2025}).json()["results"] == []
    bad = client.get(_url("space_list"), {"year": "dos mil"})
    assert bad.status_code == 400
    assert bad.json()["errors"]["year"]


def test_space_detail_publishes_answers_never_who_asked(public_client, entity, published, foreign):
    _strategy, space, answered, _pending = published
    client = public_client(entity)
    response = client.get(_url("space_detail", space.pk))
    assert response.status_code == 200
    body = response.json()
    assert [q["id"] for q in body["questions"]] == [answered.pk]
    assert body["questions"][0]["answer"] == answered.answer
    assert body["pending_questions"] == 1
    assert len(body["actions"]) == 1
    text = response.content.decode()
    assert "Rosa Elvira" not in text and "example.org" not in text
    assert not set(PERSONAL) & set(body["questions"][0])
    foreign_space = foreign[0]
    assert client.get(_url("space_detail", foreign_space.pk)).status_code == 404


def test_questions_are_the_published_answers(public_client, entity, published, foreign):
    _strategy, space, answered, _pending = published
    client = public_client(entity)
    response = client.get(_url("question_list"))
    rows = response.json()["results"]
    assert [r["id"] for r in rows] == [answered.pk]
    assert rows[0]["on_time"] is True
    assert not set(PERSONAL) & set(rows[0])
    assert "Rosa Elvira" not in response.content.decode()
    assert client.get(_url("question_list"), {"space": space.pk}).json()["count"] == 1
    assert client.get(_url("question_list"), {"kind": "propuesta"}).json()["count"] == 0
    for params, field in (({"space": "x"}, "space"), ({"kind": "queja"}, "kind")):
        bad = client.get(_url("question_list"), params)
        assert bad.status_code == 400
        assert bad.json()["errors"][field]


def test_year_figures_are_the_selector_s_recount(public_client, entity, published):
    year = published[0].year
    body = public_client(entity).get(_url("year_figures", year)).json()
    figures = selectors.year_figures(entity=entity, year=year)
    assert body["questions"] == figures.questions == 2
    assert body["answered_on_time"] == figures.answered_on_time == 1
    assert body["pending"] == figures.pending == 1
    assert body["spaces_planned"] == figures.spaces_planned
    assert public_client(entity).get(_url("year_figures", 99999)).status_code == 400


# Staff -----------------------------------------------------------------------------------------


def test_staff_list_needs_a_reader_of_the_entity(client, staff_client, entity, other_entity):
    client.entity = entity
    assert client.get(_url("staff_question_list")).status_code == 403
    assert staff_client(Role.VIEWER).get(_url("staff_question_list")).status_code == 403
    # A lead of another entity, on this entity's address.
    lead = staff_client(Role.PARTICIPATION_LEAD, entity=other_entity)
    lead.entity = entity
    assert lead.get(_url("staff_question_list")).status_code == 403


def test_staff_list_with_term_and_no_personal_data(staff_client, entity, published, foreign):
    _strategy, _space, answered, pending = published
    client = staff_client(Role.PARTICIPATION_LEAD)
    response = client.get(_url("staff_question_list"))
    rows = {r["id"]: r for r in response.json()["results"]}
    assert set(rows) == {answered.pk, pending.pk}
    assert rows[pending.pk]["deadline"]["code"]
    assert rows[pending.pk]["days_left"] is not None
    assert rows[pending.pk]["has_contact"] is True
    assert "example.org" not in response.content.decode()
    only = client.get(_url("staff_question_list"), {"status": QuestionStatus.RECEIVED})
    assert [r["id"] for r in only.json()["results"]] == [pending.pk]
    for params in ({"status": "cerrada"}, {"area": "uno"}, {"space": "-"}):
        bad = client.get(_url("staff_question_list"), params)
        assert bad.status_code == 400, params
        assert bad.json()["detail"] == "Los datos enviados no son válidos."


def test_route_then_answer_within_the_term(staff_client, entity, published):
    _strategy, _space, _answered, pending = published
    area = AreaFactory(entity=entity)
    lead = staff_client(Role.PARTICIPATION_LEAD)
    routed = lead.post(
        _url("staff_question_route", pending.pk), {"area": area.pk}, content_type="application/json"
    )
    assert routed.status_code == 200
    assert routed.json()["area_id"] == area.pk
    liaison = staff_client(Role.AREA_LIAISON, area=area)
    answer = "La obra se entrega en marzo; el informe mensual se publica en la página."
    response = liaison.post(
        _url("staff_question_answer", pending.pk),
        {"answer": answer},
        content_type="application/json",
    )
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == QuestionStatus.ANSWERED
    assert body["on_time"] is True
    assert body["deadline"]["code"]
    pending.refresh_from_db()
    assert pending.answer == answer and pending.answered_on == timezone.localdate()
    # Published at once: the public list shows it.
    assert pending.pk in [q["id"] for q in liaison.get(_url("question_list")).json()["results"]]


def test_answer_after_the_term_is_recorded_late(staff_client, entity, published):
    _strategy, space, _answered, pending = published
    today = timezone.localdate()
    Question.objects.filter(pk=pending.pk).update(
        area=space.area,
        received_on=today - datetime.timedelta(days=40),
        due_date=today - datetime.timedelta(days=19),
    )
    client = staff_client(Role.PARTICIPATION_LEAD)
    response = client.post(
        _url("staff_question_answer", pending.pk),
        {"answer": "Respuesta tardía, con la explicación del retraso y sus datos."},
        content_type="application/json",
    )
    assert response.status_code == 200
    assert response.json()["on_time"] is False
    assert selectors.year_figures(entity=entity, year=space.strategy.year).answered_late == 1


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"answer": "Muy corta."}, "answer"),
        ({}, "answer"),
        ({"answer": "x" * 30, "answered_on": "ayer"}, "answered_on"),
        ({"answer": "x" * 30, "answered_on": "2999-01-01"}, "answered_on"),
        ({"answer": "x" * 30, "answered_on": "2001-01-01"}, "answered_on"),
    ],
)
def test_bad_answer_is_400_and_saves_nothing(staff_client, entity, published, payload, field):
    _strategy, space, _answered, pending = published
    Question.objects.filter(pk=pending.pk).update(area=space.area)
    client = staff_client(Role.PARTICIPATION_LEAD)
    response = client.post(
        _url("staff_question_answer", pending.pk), payload, content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json()["errors"][field]
    pending.refresh_from_db()
    assert pending.status != QuestionStatus.ANSWERED and pending.answer == ""


def test_answer_refused_when_unrouted_or_already_answered(staff_client, entity, published):
    _strategy, _space, answered, pending = published
    Question.objects.filter(pk=pending.pk).update(area=None, status=QuestionStatus.RECEIVED)
    client = staff_client(Role.PARTICIPATION_LEAD)
    text = {"answer": "Una respuesta completa y suficiente para publicar."}
    unrouted = client.post(
        _url("staff_question_answer", pending.pk), text, content_type="application/json"
    )
    assert unrouted.status_code == 400
    assert "Asigne la pregunta" in str(unrouted.json()["errors"])
    again = client.post(
        _url("staff_question_answer", answered.pk), text, content_type="application/json"
    )
    assert again.status_code == 400
    assert "ya fue respondida" in str(again.json()["errors"])
    malformed = client.post(
        _url("staff_question_answer", pending.pk), "{no es json", content_type="application/json"
    )
    assert malformed.status_code == 400


def test_route_to_another_entity_s_area_is_400(staff_client, entity, other_entity, published):
    _strategy, _space, _answered, pending = published
    before = Question.objects.get(pk=pending.pk).area_id
    client = staff_client(Role.PARTICIPATION_LEAD)
    for area in (AreaFactory(entity=other_entity).pk, "dos"):
        response = client.post(
            _url("staff_question_route", pending.pk),
            {"area": area},
            content_type="application/json",
        )
        assert response.status_code == 400
        assert response.json()["errors"]["area"]
    assert Question.objects.get(pk=pending.pk).area_id == before


def test_staff_writes_respect_roles_and_tenancy(staff_client, entity, published, foreign):
    _strategy, space, _answered, pending = published
    text = {"answer": "Una respuesta completa y suficiente para publicar."}
    # A liaison of another area may read but not answer.
    liaison = staff_client(Role.AREA_LIAISON, area=AreaFactory(entity=entity))
    response = liaison.post(
        _url("staff_question_answer", pending.pk), text, content_type="application/json"
    )
    assert response.status_code == 403
    assert response.json()["detail"] == "No tiene permiso para esta acción."
    route = liaison.post(
        _url("staff_question_route", pending.pk),
        {"area": space.area_id},
        content_type="application/json",
    )
    assert route.status_code == 403
    # Another entity's question is not found from this entity's address.
    lead = staff_client(Role.PARTICIPATION_LEAD)
    foreign_question = foreign[1]
    response = lead.post(
        _url("staff_question_answer", foreign_question.pk), text, content_type="application/json"
    )
    assert response.status_code == 404
    pending.refresh_from_db()
    assert pending.status != QuestionStatus.ANSWERED
