"""Second pass on issue 24: the access log of the staff question page, the law of art. 54 / 58
and Ley 1474 art. 74, veeduría request terms, participants' evaluation, the merged MURC page."""

from __future__ import annotations

import pytest
from django.urls import reverse

from cabildo.accounts.models import Role
from cabildo.audit.models import AccessAction, AccessLog
from tests.accountability.factories import QuestionFactory

pytestmark = pytest.mark.django_db


def test_staff_question_page_logs_the_personal_data_read(staff_client, entity):
    question = QuestionFactory(entity=entity, author_name="Marta Ríos", email="marta@example.org")
    client = staff_client(Role.PARTICIPATION_LEAD, entity)
    response = client.get(reverse("accountability:question_detail", args=[question.pk]))
    assert response.status_code == 200
    assert "marta@example.org" in response.content.decode()
    log = AccessLog.objects.get(action=AccessAction.PERSONAL_DATA_VIEW)
    assert log.target_id == str(question.pk)
    assert log.entity_id == entity.pk


def test_anonymous_question_page_writes_no_access_log(staff_client, entity):
    question = QuestionFactory(entity=entity, author_name="", email="")
    client = staff_client(Role.PARTICIPATION_LEAD, entity)
    assert (
        client.get(reverse("accountability:question_detail", args=[question.pk])).status_code == 200
    )
    assert not AccessLog.objects.filter(action=AccessAction.PERSONAL_DATA_VIEW).exists()


# Art. 54, 58 and Ley 1474 art. 74 --------------------------------------------------------------


def test_art74_deadline_is_31_january():
    from datetime import date

    from cabildo.accountability import law

    assert law.plan_publication_due(2026) == date(2026, 1, 31)
    on_time = law.art74_check(year=2026, published_on=date(2026, 1, 31), today=date(2026, 6, 1))
    assert on_time.ok and on_time.message == ""
    late = law.art74_check(year=2026, published_on=date(2026, 2, 1), today=date(2026, 6, 1))
    assert not late.ok and "01/02/2026" in late.message
    pending = law.art74_check(year=2026, published_on=None, today=date(2026, 1, 31))
    assert pending.ok and "31/01/2026" in pending.message
    overdue = law.art74_check(year=2026, published_on=None, today=date(2026, 2, 1))
    assert not overdue.ok and "venció" in overdue.message


def test_art54_lists_active_bodies_without_a_space():
    from cabildo.accountability import law

    bodies = [(1, "Consejo de Participación"), (2, "Consejo de Juventud"), (3, "CTP")]
    assert law.art54_missing(bodies, [2, 2]) == ["Consejo de Participación", "CTP"]
    assert law.art54_missing(bodies, [1, 2, 3]) == []
    assert law.art54_missing([], []) == []


def test_art58_applies_only_to_councils():
    from cabildo.accountability import law

    assert law.art58_check(is_council=False, tasks=0, spaces=0).ok
    assert not law.art58_check(is_council=True, tasks=3, spaces=0).ok
    assert not law.art58_check(is_council=True, tasks=0, spaces=1).ok
    check = law.art58_check(is_council=True, tasks=1, spaces=1)
    assert check.ok and check.message == ""


def test_strategy_page_shows_art54_art58_art74(staff_client, entity):
    from datetime import date

    from cabildo.core.models import EntityKind
    from tests.accountability.factories import DialogueSpaceFactory, StrategyFactory
    from tests.bodies.factories import ParticipationBodyFactory

    entity.kind = EntityKind.COUNCIL
    entity.save(update_fields=["kind"])
    last_year = date.today().year - 1
    strategy = StrategyFactory(entity=entity, year=last_year)
    covered = ParticipationBodyFactory(entity=entity, name="Consejo Territorial de Planeación")
    ParticipationBodyFactory(entity=entity, name="Consejo de Juventud")
    DialogueSpaceFactory(entity=entity, strategy=strategy, body=covered)
    client = staff_client(Role.PARTICIPATION_LEAD, entity)
    page = client.get(reverse("accountability:strategy_detail", args=[strategy.pk]))
    html = page.content.decode()
    assert 'id="aviso-art54"' in html
    assert "Consejo de Juventud" in html.split('id="aviso-art54"')[1].split("</div>")[0]
    assert (
        "Consejo Territorial de Planeación"
        not in html.split('id="aviso-art54"')[1].split("</div>")[0]
    )
    assert 'id="aviso-art74"' in html and "venció" in html  # last year's, never published
    assert 'id="aviso-art58"' in html  # a council's plan with a space but no task


# Veeduría request terms (Ley 850 art. 17 → Ley 1755 art. 14) ------------------------------------


@pytest.mark.parametrize(
    ("nature", "code", "days"),
    [
        ("informacion", "solicitud_veeduria_informacion", 10),
        ("general", "solicitud_veeduria", 15),
        ("consulta", "solicitud_veeduria_consulta", 30),
    ],
)
def test_veeduria_request_term_by_nature(staff_client, entity, nature, code, days):
    from cabildo.accountability.models import VeeduriaRequest
    from cabildo.workdays.calendar import calendar_for
    from tests.accountability.factories import VeeduriaFactory

    client = staff_client(Role.PARTICIPATION_LEAD, entity)
    veeduria = VeeduriaFactory(entity=entity)
    response = client.post(
        reverse("oversight:request_file", args=[veeduria.pk]),
        {"nature": nature, "subject": "Copia del contrato", "description": "Solicitamos copia."},
    )
    assert response.status_code == 302
    petition = VeeduriaRequest.objects.select_related("petition__kind").get().petition
    assert petition.kind.code == code
    assert petition.term_days == days
    filed = petition.filed_at.astimezone(petition.filed_at.tzinfo).date()
    expected = calendar_for(entity).explain(filed, days).due_date
    assert abs((petition.due_date - expected).days) <= 1
    page = client.get(reverse("oversight:manage")).content.decode()
    assert f"{days} días hábiles" in page


def test_veeduria_request_bad_nature_is_refused(staff_client, entity):
    from django.core.exceptions import ValidationError

    from cabildo.accountability import services
    from cabildo.accountability.models import VeeduriaRequest
    from tests.accountability.factories import VeeduriaFactory

    client = staff_client(Role.PARTICIPATION_LEAD, entity)
    veeduria = VeeduriaFactory(entity=entity)
    response = client.post(
        reverse("oversight:request_file", args=[veeduria.pk]),
        {"nature": "urgente", "subject": "Copia", "description": "Solicitamos copia."},
    )
    assert response.status_code in (200, 400)
    assert VeeduriaRequest.objects.count() == 0
    with pytest.raises(ValidationError):
        services.veeduria_request_file(
            veeduria=veeduria, subject="Copia", description="Solicitamos copia.", nature="x"
        )
    assert VeeduriaRequest.objects.count() == 0


# Participants' evaluation --------------------------------------------------------------------


def _held_space(entity):
    from django.utils import timezone

    from tests.accountability.factories import DialogueSpaceFactory, StrategyFactory
    from tests.execution.factories import EventFactory

    strategy = StrategyFactory(entity=entity, is_published=True)
    # The survey opens at the event, within its plan's vigencia (core.dates): a plan of this year.
    event = EventFactory(
        entity=entity, started=True, activity__version__plan__year=timezone.localdate().year
    )
    return DialogueSpaceFactory(
        entity=entity,
        strategy=strategy,
        event=event,
        report_title="Informe",
        report_body="x" * 300,
        report_published_at=timezone.now(),
    )


def test_evaluation_survey_recounted_and_published_with_the_memoria(
    staff_client, public_client, entity
):
    from cabildo.exercises.models import QuestionKind as SurveyKind
    from cabildo.exercises.services import survey_answer

    space = _held_space(entity)
    client = staff_client(Role.PARTICIPATION_LEAD, entity)
    url = reverse("accountability:space_evaluation", args=[space.pk])
    assert client.post(url).status_code == 302
    space.refresh_from_db()
    survey = space.survey
    assert survey is not None and survey.is_published and survey.event_id == space.event_id
    assert client.post(url).status_code == 302  # a second one is refused
    space.refresh_from_db()
    assert space.survey_id == survey.pk
    questions = list(survey.questions.prefetch_related("options"))
    scale = [q for q in questions if q.kind == SurveyKind.SCALE]
    again = next(q for q in questions if "Volvería" in q.text)
    yes, no = list(again.options.all())
    for clarity, option in ((5, yes), (4, yes), (2, no)):
        values = {q.pk: clarity for q in scale}
        values[again.pk] = option.pk
        survey_answer(survey=survey, values=values)
    staff = client.get(reverse("accountability:space_detail", args=[space.pk])).content.decode()
    assert "3 personas respondieron la evaluación" in staff
    assert "promedio 3,67 de 5" in staff or "promedio 3.67 de 5" in staff
    public_url = reverse("accountability:public_space", args=[space.pk])
    assert (
        "respondieron la evaluación" not in public_client(entity).get(public_url).content.decode()
    )
    client.post(
        reverse("accountability:space_memoria", args=[space.pk]),
        {
            "memoria": "Asistieron 120 personas; se respondieron 14 preguntas en el evento. " * 2,
            "publish": "on",
        },
    )
    survey.refresh_from_db()
    assert survey.results_published
    page = public_client(entity).get(public_url).content.decode()
    assert "3 personas respondieron la evaluación" in page
    assert 'id="evaluacion"' in page


def test_evaluation_survey_needs_an_event_or_activity(staff_client, entity):
    from tests.accountability.factories import DialogueSpaceFactory

    space = DialogueSpaceFactory(entity=entity, event=None, activity=None)
    client = staff_client(Role.PARTICIPATION_LEAD, entity)
    response = client.post(reverse("accountability:space_evaluation", args=[space.pk]), follow=True)
    assert "Programe el evento" in response.content.decode()
    space.refresh_from_db()
    assert space.survey_id is None


def test_evaluation_survey_create_is_refused_to_readers(staff_client, entity):
    space = _held_space(entity)
    client = staff_client(Role.INTERNAL_CONTROL, entity)
    response = client.post(reverse("accountability:space_evaluation", args=[space.pk]))
    assert response.status_code == 403
    space.refresh_from_db()
    assert space.survey_id is None
