"""The proof-of-work challenge (ALTCHA) past a public form's per-address limit: the widget
appears, a solved challenge is accepted once, a missing, forged or reused one changes
nothing, past the ceiling the answer is a refusal; signed-in accounts are never challenged."""

from __future__ import annotations

import base64
import json

import pytest
from django.test import override_settings
from django.urls import reverse

from cabildo.accounts.models import Role
from cabildo.core import challenge
from cabildo.exercises.models import ForumComment, SurveyResponse
from cabildo.pqrs.models import Petition
from tests.exercises.factories import ForumFactory, QuestionFactory, SurveyFactory
from tests.pqrs.test_views import _clear_cache, form_data  # noqa: F401 (autouse fixture)

pytestmark = pytest.mark.django_db

ON = {
    "PUBLIC_FORM_CHALLENGE": True,
    "PUBLIC_FORM_CHALLENGE_FACTOR": 2,
    "PUBLIC_FORM_RATE_LIMITS": {"default": "2/600", "pqrs": "2/600"},
}
ASKED = "su navegador debe resolver una verificación automática"
REFUSED = "Recibimos demasiados envíos desde su conexión"


def _file(client, entity, **extra):
    return client.post(reverse("pqrs:file"), form_data(entity, **extra))


@override_settings(**ON)
def test_past_the_limit_the_form_asks_for_the_challenge_and_accepts_it_once(public_client, entity):
    client = public_client(entity)
    page = client.get(reverse("pqrs:file")).content.decode()
    assert "<altcha-widget" not in page  # under the limit: no challenge at all
    for _ in range(2):
        assert _file(client, entity).status_code == 302
    page = client.get(reverse("pqrs:file")).content.decode()
    assert "<altcha-widget" in page and reverse("core:challenge") in page
    assert "<noscript>" in page and "necesita JavaScript" in page

    refused = _file(client, entity)  # no solution
    assert refused.status_code == 429 and int(refused["Retry-After"]) > 0
    html = refused.content.decode()
    assert ASKED in html and "<altcha-widget" in html
    assert Petition.objects.count() == 2

    payload = challenge.solve_for_tests()
    assert _file(client, entity, altcha=payload).status_code == 302
    assert Petition.objects.count() == 3
    reused = _file(client, entity, altcha=payload)
    assert reused.status_code == 429 and ASKED in reused.content.decode()
    assert Petition.objects.count() == 3

    # The ceiling (2 × the limit): refused even with a fresh solution.
    assert _file(client, entity, altcha=challenge.solve_for_tests()).status_code == 302
    ceiling = _file(client, entity, altcha=challenge.solve_for_tests())
    assert ceiling.status_code == 429 and REFUSED in ceiling.content.decode()
    assert Petition.objects.count() == 4


def _forged(payload: str, **changes) -> str:
    data = json.loads(base64.b64decode(payload))
    data["challenge"]["parameters"].update(changes)
    return base64.b64encode(json.dumps(data).encode()).decode()


@pytest.mark.parametrize(
    "bad",
    [
        "",
        "no-es-base64",
        base64.b64encode(b"[1, 2]").decode(),
        base64.b64encode(b'{"challenge": {}, "solution": {}}').decode(),
        "A" * 10_000,
        "\x00",
    ],
)
@override_settings(**ON)
def test_malformed_solutions_change_nothing(public_client, entity, bad):
    client = public_client(entity)
    for _ in range(2):
        _file(client, entity)
    response = _file(client, entity, altcha=bad)
    assert response.status_code == 429 and ASKED in response.content.decode()
    assert Petition.objects.count() == 2


@override_settings(**ON)
def test_forged_and_expired_challenges_are_refused():
    payload = challenge.solve_for_tests()
    assert not challenge.verify(_forged(payload, cost=1))  # signature no longer matches
    assert not challenge.verify(_forged(payload, expiresAt=1))
    with override_settings(SECRET_KEY="another-installation-" + "x" * 40):
        assert not challenge.verify(payload)  # signed by another installation
    assert challenge.verify(payload)
    assert not challenge.verify(payload)  # once


@override_settings(**ON)
def test_a_form_sent_back_with_errors_does_not_use_up_the_limit(public_client, entity):
    client = public_client(entity)
    for _ in range(3):
        response = _file(client, entity, subject="")
        assert response.status_code == 200 and ASKED not in response.content.decode()
    assert _file(client, entity).status_code == 302


@override_settings(**ON)
def test_signed_in_accounts_are_neither_limited_nor_challenged(staff_client, entity):
    client = staff_client(Role.PARTICIPATION_LEAD)
    for _ in range(4):
        assert _file(client, entity).status_code == 302
    assert "<altcha-widget" not in client.get(reverse("pqrs:file")).content.decode()
    assert Petition.objects.count() == 4


@override_settings(**ON)
def test_forum_comments_are_limited_and_challenged(public_client, entity):
    forum = ForumFactory(entity=entity, is_published=True)
    client = public_client(entity)
    url = reverse("exercises:public_forum", args=[forum.pk])

    def comment(**extra):
        data = {"text": "Propongo más horarios.", "pseudonym": "Vecina", "consent": "on"}
        return client.post(url, {**data, **extra})

    for _ in range(2):
        assert comment().status_code == 302
    assert comment().status_code == 429
    assert comment(altcha=challenge.solve_for_tests()).status_code == 302
    assert ForumComment.objects.filter(forum=forum).count() == 3


@override_settings(**ON)
def test_survey_answers_are_limited_and_challenged(public_client, entity):
    survey = SurveyFactory(entity=entity)
    question = QuestionFactory(entity=entity, survey=survey)
    client = public_client(entity)
    url = reverse("exercises:public_survey", args=[survey.pk])

    def answer(**extra):
        client.cookies.pop(f"encuesta_{survey.pk}", None)  # another browser, same address
        return client.post(url, {f"q{question.pk}": "4", **extra})

    for _ in range(2):
        assert answer().status_code == 302
    client.cookies.pop(f"encuesta_{survey.pk}", None)
    assert "<altcha-widget" in client.get(url).content.decode()
    asked = answer()
    assert asked.status_code == 429 and ASKED in asked.content.decode()
    assert answer(altcha=challenge.solve_for_tests()).status_code == 302
    assert SurveyResponse.objects.filter(survey=survey).count() == 3


@override_settings(**ON)
def test_the_tracking_page_challenges_after_wrong_codes(public_client, entity):
    client = public_client(entity)
    url = reverse("pqrs:track")
    for _ in range(5):
        assert client.post(url, {"filing_number": "x", "code": "y"}).status_code == 404
    asked = client.post(url, {"filing_number": "x", "code": "y"})
    assert asked.status_code == 429 and "<altcha-widget" in asked.content.decode()
    solved = client.post(
        url, {"filing_number": "x", "code": "y", "altcha": challenge.solve_for_tests()}
    )
    assert solved.status_code == 404  # looked up (and not found)


def test_the_challenge_endpoint_gives_a_fresh_signed_challenge(public_client, entity):
    client = public_client(entity)
    first = client.get(reverse("core:challenge"))
    second = client.get(reverse("core:challenge"))
    assert first.status_code == 200 and "no-cache" in first["Cache-Control"]
    data = first.json()
    assert data["parameters"]["algorithm"] == "PBKDF2/SHA-256" and data["signature"]
    assert data["parameters"]["expiresAt"] > 0
    assert data["parameters"]["nonce"] != second.json()["parameters"]["nonce"]


def test_with_the_challenge_off_past_the_limit_is_a_refusal(public_client, entity, settings):
    settings.PUBLIC_FORM_RATE_LIMITS = {"pqrs": "1/600"}
    client = public_client(entity)
    assert _file(client, entity).status_code == 302
    response = _file(client, entity, altcha=challenge.solve_for_tests())
    assert response.status_code == 429 and REFUSED in response.content.decode()
    assert "<altcha-widget" not in response.content.decode()


@override_settings(**ON)
def test_an_account_of_another_entity_is_limited_like_any_visitor(
    staff_client, entity, other_entity
):
    client = staff_client(Role.PARTICIPATION_LEAD, entity=other_entity)
    client.entity = entity  # files with the first entity, where it has no role
    for _ in range(2):
        assert _file(client, entity).status_code == 302
    response = _file(client, entity)
    assert response.status_code == 429 and ASKED in response.content.decode()
    assert Petition.objects.filter(entity=entity).count() == 2
