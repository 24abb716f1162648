"""The general consultation's rules apply identically to its two cases: the plan de
participación's consultation (``plans.Consultation`` / ``Observation``) and a policy's draft
(``policies.Draft`` / ``DraftComment``). Each test runs once per case; a case differs only in
its words and in what a comment may be about."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from cabildo.consultations.models import Comment, ConsultationWindow, Verdict
from cabildo.plans import services as plan_services
from cabildo.plans.models import VERDICTS, Consultation, Observation, PlanStatus
from cabildo.policies import services as policy_services
from cabildo.policies.models import Draft, DraftComment, DraftStatus
from cabildo.privacy.models import Consent
from tests.plans.factories import ActivityFactory, ConsultationFactory, ObservationFactory
from tests.policies.factories import DraftArticleFactory, DraftCommentFactory, DraftFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date.today


@dataclass
class Case:
    """One case of the general consultation, driven through its own services."""

    name: str
    window_model: type[ConsultationWindow]
    comment_model: type[Comment]

    def open_window(self, entity: Any) -> Any:
        raise NotImplementedError

    def target(self, window: Any) -> Any:
        """Something of this window a comment may be about (an activity, an article)."""
        raise NotImplementedError

    def foreign_target(self, entity: Any) -> Any:
        """The same kind of thing, of another window of the same entity."""
        raise NotImplementedError

    def file(self, window: Any, *, on: datetime.date | None = None, **kwargs: Any) -> Any:
        raise NotImplementedError

    def comment(self, entity: Any) -> Any:
        raise NotImplementedError

    def answer(self, comment: Any, verdict: Verdict, reason: str, change: bool) -> Any:
        raise NotImplementedError

    def hide(self, comment: Any, reason: str) -> Any:
        raise NotImplementedError

    def stop_receiving(self, window: Any) -> None:
        """The window's dates are fine but the case no longer receives comments."""
        raise NotImplementedError

    def public_url(self, window: Any) -> str:
        raise NotImplementedError


class PlanCase(Case):
    def open_window(self, entity: Any) -> Any:
        consultation = ConsultationFactory(entity=entity)
        ActivityFactory(entity=entity, version=consultation.version)
        return consultation

    def target(self, window: Consultation) -> Any:
        return window.version.activities.first()

    def foreign_target(self, entity: Any) -> Any:
        return ActivityFactory(entity=entity)

    def file(self, window: Consultation, *, on: datetime.date | None = None, **kwargs: Any) -> Any:
        target = kwargs.pop("target", None)
        return plan_services.observation_submit(
            consultation=window, activity=target, today=on, **kwargs
        )

    def comment(self, entity: Any) -> Any:
        return ObservationFactory(entity=entity)

    def answer(self, comment: Observation, verdict: Verdict, reason: str, change: bool) -> Any:
        viability = next(v for v, d in VERDICTS.items() if d == verdict)
        changed: Any = None
        if change:
            changed = ActivityFactory(entity=comment.entity, version=comment.consultation.version)
        return plan_services.observation_analyse(
            observation=comment, viability=viability, justification=reason, changed_activity=changed
        )

    def hide(self, comment: Observation, reason: str) -> Any:
        return plan_services.observation_hide(observation=comment, reason=reason)

    def stop_receiving(self, window: Consultation) -> None:
        window.version.status = PlanStatus.ADJUSTED
        window.version.save()

    def public_url(self, window: Consultation) -> str:
        return reverse("plans:consultation", args=[window.version.plan.year])


class DraftCase(Case):
    def open_window(self, entity: Any) -> Any:
        draft = DraftFactory(entity=entity, consultation_start=TODAY() - datetime.timedelta(days=2))
        for number in (1, 2, 3):
            DraftArticleFactory(entity=entity, draft=draft, number=number)
        return draft

    def target(self, window: Draft) -> Any:
        return window.articles.get(number=2)

    def foreign_target(self, entity: Any) -> Any:
        return DraftArticleFactory(entity=entity)

    def file(self, window: Draft, *, on: datetime.date | None = None, **kwargs: Any) -> Any:
        target = kwargs.pop("target", None)
        return policy_services.comment_submit(draft=window, article=target, today=on, **kwargs)

    def comment(self, entity: Any) -> Any:
        return DraftCommentFactory(entity=entity)

    def answer(self, comment: DraftComment, verdict: Verdict, reason: str, change: bool) -> Any:
        changed: Any = None
        if change:
            policy, number = comment.draft.policy, comment.draft.number + 1
            changed = Draft.objects.filter(policy=policy, number=number).first() or DraftFactory(
                entity=comment.entity, policy=policy, number=number
            )
        return policy_services.comment_answer(
            comment=comment, answer=verdict.value, reason=reason, changed_in=changed
        )

    def hide(self, comment: DraftComment, reason: str) -> Any:
        return policy_services.comment_hide(comment=comment, reason=reason)

    def stop_receiving(self, window: Draft) -> None:
        window.status = DraftStatus.PREPARATION
        window.save()

    def public_url(self, window: Draft) -> str:
        return reverse("policies:public_draft", args=[window.pk])


CASES = [
    PlanCase("plan", Consultation, Observation),
    DraftCase("borrador", Draft, DraftComment),
]


@pytest.fixture(params=CASES, ids=lambda case: case.name)
def case(request: Any) -> Case:
    return request.param


def test_both_cases_are_built_on_the_general_consultation(case):
    assert issubclass(case.window_model, ConsultationWindow)
    assert issubclass(case.comment_model, Comment)
    assert case.window_model.case_text is case.comment_model.case_text


def test_inside_the_window_a_comment_is_filed_with_its_consent(case, entity):
    window = case.open_window(entity)
    target = case.target(window)
    comment = case.file(window, text="  Incluir a las JAC.  ", consent_given=True, target=target)
    assert comment.text == "Incluir a las JAC." and comment.consent.text
    assert "Ley 1581" in comment.consent.text
    assert not comment.is_hidden and comment.verdict is None


@pytest.mark.parametrize(
    "offset,words", [(-3, "abre el"), (30, ("cerró el"))], ids=["before", "after"]
)
def test_outside_the_window_refused_and_nothing_stored(case, entity, offset, words):
    window = case.open_window(entity)
    day = (window.opens_on if offset < 0 else window.closes_on) + datetime.timedelta(days=offset)
    with pytest.raises(ValidationError, match=words):
        case.file(window, text="Tarde.", consent_given=True, on=day)
    assert not case.comment_model.objects.exists() and not Consent.objects.exists()


def test_first_and_last_day_of_the_window_are_inside(case, entity):
    window = case.open_window(entity)
    case.file(window, text="Primer día.", consent_given=True, on=window.opens_on)
    case.file(window, text="Último día.", consent_given=True, on=window.closes_on)
    assert case.comment_model.objects.count() == 2


def test_a_window_that_no_longer_receives_refuses(case, entity):
    window = case.open_window(entity)
    case.stop_receiving(window)
    with pytest.raises(ValidationError, match="no está en consulta"):
        case.file(window, text="Hola.", consent_given=True)
    assert not window.is_open(TODAY())


@pytest.mark.parametrize(
    "kwargs,field",
    [
        ({"text": "Sin autorización.", "consent_given": False}, "consent"),
        ({"text": "   ", "consent_given": True}, "text"),
    ],
    ids=["no-consent", "blank"],
)
def test_consent_and_text_are_required(case, entity, kwargs, field):
    window = case.open_window(entity)
    with pytest.raises(ValidationError) as exc:
        case.file(window, **kwargs)
    assert field in exc.value.message_dict
    assert not case.comment_model.objects.exists() and not Consent.objects.exists()


def test_a_comment_on_something_of_another_consultation_is_refused(case, entity):
    window = case.open_window(entity)
    with pytest.raises(ValidationError):
        case.file(window, text="Otro.", consent_given=True, target=case.foreign_target(entity))
    assert not case.comment_model.objects.exists()


def test_honeypot_pretends_success_and_stores_nothing(case, entity, public_client):
    window = case.open_window(entity)
    client = public_client(entity)
    response = client.post(
        case.public_url(window), {"text": "spam", "consent": "on", "website": "http://x"}
    )
    assert response.status_code == 302
    assert not case.comment_model.objects.exists() and not Consent.objects.exists()


def test_the_public_form_refuses_without_consent(case, entity, public_client):
    window = case.open_window(entity)
    response = public_client(entity).post(case.public_url(window), {"text": "Hola."})
    assert response.status_code == 200
    assert "Debe autorizar el tratamiento de sus datos" in response.content.decode()
    assert not case.comment_model.objects.exists()


@pytest.mark.parametrize("verdict", list(Verdict), ids=[v.value for v in Verdict])
def test_every_answer_needs_a_public_reason(case, entity, verdict):
    comment = case.comment(entity)
    with pytest.raises(ValidationError, match="al menos 10 caracteres"):
        case.answer(comment, verdict, "Corto.", change=False)
    answered = case.answer(comment, verdict, "  Razón suficiente y pública.  ", change=False)
    assert answered.verdict == verdict


def test_a_rejected_comment_changes_nothing(case, entity):
    comment = case.comment(entity)
    with pytest.raises(ValidationError, match="no produce cambios"):
        case.answer(comment, Verdict.REJECTED, "No corresponde a esta norma.", change=True)
    answered = case.answer(comment, Verdict.PARTLY, "Se recoge en parte el aporte.", change=True)
    assert answered.verdict == Verdict.PARTLY


def test_moderation_needs_a_reason_hides_once_and_stops_answers(case, entity):
    comment = case.comment(entity)
    with pytest.raises(ValidationError) as exc:
        case.hide(comment, "  ")
    assert "reason" in exc.value.message_dict
    case.hide(comment, "Lenguaje ofensivo")
    comment.refresh_from_db()
    assert comment.is_hidden and comment.hidden_reason == "Lenguaje ofensivo"
    assert not case.comment_model.objects.visible().filter(pk=comment.pk).exists()
    with pytest.raises(ValidationError, match="ya está ocult"):
        case.hide(comment, "Otra vez")
    with pytest.raises(ValidationError, match=r"ocult[oa] por moderación"):
        case.answer(comment, Verdict.ACCEPTED, "Razón suficiente y pública.", change=False)
