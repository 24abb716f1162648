"""Rendición de cuentas end to end through the views: the strategy with its art. 53 warning,
an audiencia with its report, a citizen's question (and bad input), its routing and answer
within the term, the public page; control social with a veeduría request filed as PQRSD."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from cabildo.accountability.models import (
    DialogueSpace,
    Question,
    QuestionStatus,
    Strategy,
    StrategyTask,
    VeeduriaObservation,
    VeeduriaRequest,
)
from cabildo.accounts.models import Role
from cabildo.outbox.models import OutboundEmail
from tests.accountability.factories import (
    DialogueSpaceFactory,
    OversightItemFactory,
    QuestionFactory,
    StrategyFactory,
    VeeduriaFactory,
)
from tests.execution.factories import EventFactory
from tests.factories import AreaFactory

pytestmark = pytest.mark.django_db

REPORT = "# Resultados\n\n" + "La entidad ejecutó el 92 % del plan de desarrollo. " * 6


def _space_ready(entity, **kwargs):
    """A published strategy with an audiencia whose report is published and whose event is
    in ten days: it receives questions."""
    strategy = StrategyFactory(entity=entity, is_published=True)
    event = EventFactory(entity=entity)
    return DialogueSpaceFactory(
        entity=entity,
        strategy=strategy,
        event=event,
        report_title="Informe de gestión",
        report_body=REPORT,
        report_published_at=timezone.now(),
        **kwargs,
    )


def test_strategy_create_refuses_bad_input_and_warns_art53(staff_client, entity):
    client = staff_client(Role.PARTICIPATION_LEAD, entity)
    url = reverse("accountability:strategy_create")
    response = client.post(url, {"year": "1850", "objective": "", "lead_team": ""})
    assert response.status_code == 200
    assert Strategy.objects.count() == 0
    assert "resumen-errores" in response.content.decode()
    year = timezone.localdate().year
    response = client.post(url, {"year": year, "objective": "Informar.", "lead_team": "Ana"})
    strategy = Strategy.objects.get()
    assert response.status_code == 302
    page = client.get(reverse("accountability:strategy_detail", args=[strategy.pk]))
    assert "aviso-art53" in page.content.decode()  # no space at all yet
    area = AreaFactory(entity=entity)
    for n in range(2):
        client.post(
            reverse("accountability:space_create", args=[strategy.pk]),
            {
                "kind": "audiencia_publica",
                "name": f"Audiencia {n}",
                "planned_date": f"{year}-11-0{n + 1}",
                "in_person": "on",
                "area": area.pk,
            },
        )
    assert DialogueSpace.objects.count() == 2
    page = client.get(reverse("accountability:strategy_detail", args=[strategy.pk]))
    assert "aviso-art53" not in page.content.decode()


def test_task_bad_date_and_other_entity_area(staff_client, entity, other_entity):
    client = staff_client(Role.PARTICIPATION_LEAD, entity)
    strategy = StrategyFactory(entity=entity)
    foreign = AreaFactory(entity=other_entity)
    response = client.post(
        reverse("accountability:task_create", args=[strategy.pk]),
        {
            "stage": "aprestamiento",
            "description": "Conformar el equipo",
            "owner_area": foreign.pk,
            "due_date": "2099-01-01",
        },
    )
    assert response.status_code == 200
    assert StrategyTask.objects.count() == 0


def test_publish_needs_tasks_and_spaces(staff_client, entity):
    client = staff_client(Role.PARTICIPATION_LEAD, entity)
    strategy = StrategyFactory(entity=entity)
    client.post(reverse("accountability:strategy_publish", args=[strategy.pk]), {"publish": "1"})
    strategy.refresh_from_db()
    assert not strategy.is_published


def test_citizen_question_bad_input_then_answer_published(public_client, staff_client, entity):
    space = _space_ready(entity)
    url = reverse("accountability:public_space", args=[space.pk])
    client = public_client(entity)
    page = client.get(url)
    assert page.status_code == 200
    assert "La entidad ejecutó" in page.content.decode()
    # Bad input: too short, and a name without the consent.
    response = client.post(url, {"kind": "pregunta", "text": "¿?", "author_name": "Ana"})
    assert response.status_code == 200
    # Both refusals at once, each beside its field (the minimum came only after the consent).
    assert set(response.context["form"].errors) == {"text", "consent"}
    assert "al menos 10 caracteres" in response.content.decode()
    assert Question.objects.count() == 0
    # The honeypot: a thank-you and nothing stored.
    client.post(url, {"kind": "pregunta", "text": "¿Qué pasó con el parque?", "website": "x"})
    assert Question.objects.count() == 0
    response = client.post(
        url,
        {
            "kind": "pregunta",
            "text": "¿Cuándo terminan la vía al corregimiento?",
            "author_name": "Ana Ruiz",
            "email": "ana@example.com",
            "consent": "on",
        },
    )
    assert response.status_code == 302
    question = Question.objects.get()
    assert question.status == QuestionStatus.RECEIVED
    assert question.consent is not None
    assert question.due_date > question.received_on + timedelta(days=15)

    staff = staff_client(Role.PARTICIPATION_LEAD, entity)
    area = AreaFactory(entity=entity, name="Secretaría de Infraestructura")
    # Answering before routing is refused.
    staff.post(
        reverse("accountability:question_answer", args=[question.pk]),
        {"answer": "La vía se entrega en diciembre de este año."},
    )
    question.refresh_from_db()
    assert question.status == QuestionStatus.RECEIVED
    staff.post(reverse("accountability:question_route", args=[question.pk]), {"area": area.pk})
    response = staff.post(
        reverse("accountability:question_answer", args=[question.pk]), {"answer": "corta"}
    )
    assert response.status_code == 400
    assert "al menos 20 caracteres" in response.content.decode()
    response = staff.post(
        reverse("accountability:question_answer", args=[question.pk]),
        {"answer": "La vía se entrega en diciembre; el avance físico es del 80 %."},
    )
    assert response.status_code == 302
    question.refresh_from_db()
    assert question.status == QuestionStatus.ANSWERED
    assert OutboundEmail.objects.filter(to="ana@example.com").exists()
    public = public_client(entity).get(url).content.decode()
    assert "avance físico es del 80" in public
    assert "Respondida dentro del término" in public
    assert "Ana Ruiz" not in public  # no personal data on the public page


def test_questions_closed_without_published_report(public_client, entity):
    space = _space_ready(entity)
    space.report_published_at = None
    space.save()
    client = public_client(entity)
    client.post(
        reverse("accountability:public_space", args=[space.pk]),
        {"kind": "pregunta", "text": "¿Cuánto costó la obra del parque?"},
    )
    assert Question.objects.count() == 0


def test_unpublished_strategy_space_is_404(public_client, entity):
    space = DialogueSpaceFactory(entity=entity, strategy__is_published=False)
    response = public_client(entity).get(reverse("accountability:public_space", args=[space.pk]))
    assert response.status_code == 404


def test_report_upload_refuses_a_non_pdf(staff_client, entity):
    space = _space_ready(entity)
    space.report_published_at = None
    space.save()
    client = staff_client(Role.PARTICIPATION_LEAD, entity)
    fake = SimpleUploadedFile("informe.pdf", b"MZ not a pdf at all", content_type="application/pdf")
    response = client.post(
        reverse("accountability:space_report", args=[space.pk]),
        {"title": "Informe", "body": REPORT, "pdf": fake, "publish": "on"},
    )
    assert response.status_code == 200
    space.refresh_from_db()
    assert space.report_published_at is None
    assert not space.report_pdf


def test_paper_question_typed_by_staff(staff_client, entity):
    space = _space_ready(entity)
    client = staff_client(Role.PARTICIPATION_LEAD, entity)
    url = reverse("accountability:question_create", args=[space.pk])
    future = (timezone.localdate() + timedelta(days=3)).isoformat()
    client.post(
        url, {"channel": "papel", "received_on": future, "kind": "pregunta", "text": "x" * 20}
    )
    assert Question.objects.count() == 0
    today = timezone.localdate().isoformat()
    client.post(
        url,
        {
            "channel": "papel",
            "received_on": today,
            "kind": "propuesta",
            "text": "Abrir una sede en el corregimiento.",
        },
    )
    question = Question.objects.get()
    assert question.status == QuestionStatus.ASSIGNED
    assert question.area_id == space.area_id


def test_question_list_semaphore_and_query_count(
    staff_client, entity, django_assert_max_num_queries
):
    client = staff_client(Role.PARTICIPATION_LEAD, entity)
    space = _space_ready(entity)
    QuestionFactory(entity=entity, space=space, due_date=timezone.localdate() - timedelta(days=1))
    url = reverse("accountability:question_list")
    client.get(url)
    with django_assert_max_num_queries(20) as few:
        page = client.get(url).content.decode()
    assert "Vencida" in page
    QuestionFactory.create_batch(30, entity=entity, space=space)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url)


def test_question_list_filters_by_state_and_ignores_a_bad_one(staff_client, entity):
    client = staff_client(Role.PARTICIPATION_LEAD, entity)
    space = _space_ready(entity)
    QuestionFactory(
        entity=entity, space=space, text="Pregunta en trámite", status=QuestionStatus.ASSIGNED
    )
    QuestionFactory(
        entity=entity, space=space, text="Pregunta recibida hoy", status=QuestionStatus.RECEIVED
    )
    url = reverse("accountability:question_list")
    page = client.get(url, {"estado": QuestionStatus.ASSIGNED}).content.decode()
    assert "Pregunta en trámite" in page
    assert "Pregunta recibida hoy" not in page
    for bad in ("abc", "<script>", "x" * 300):
        response = client.get(url, {"estado": bad})
        assert response.status_code == 200
        page = response.content.decode()
        assert "no es un valor válido para «Estado»" in page  # named, and the filter ignored
        assert "Pregunta en trámite" in page and "Pregunta recibida hoy" in page


def test_public_index_shows_published_strategy(public_client, entity):
    space = _space_ready(entity)
    page = public_client(entity).get(reverse("accountability:public_index")).content.decode()
    assert space.name in page


def test_veeduria_request_filed_as_pqrsd(staff_client, entity):
    client = staff_client(Role.PARTICIPATION_LEAD, entity)
    veeduria = VeeduriaFactory(entity=entity, contact_email="veeduria@example.com")
    item = OversightItemFactory(entity=entity)
    url = reverse("oversight:request_file", args=[veeduria.pk])
    client.post(url, {"subject": "", "description": ""})
    assert VeeduriaRequest.objects.count() == 0
    response = client.post(
        url,
        {
            "item": item.pk,
            "nature": "general",
            "subject": "Copia del acta de inicio",
            "description": "Solicitamos copia.",
        },
    )
    assert response.status_code == 302
    request = VeeduriaRequest.objects.select_related("petition__kind").get()
    assert request.petition.kind.code == "solicitud_veeduria"
    assert request.petition.term_days == 15
    assert request.petition.due_date is not None
    page = client.get(reverse("oversight:manage")).content.decode()
    assert request.petition.filing_number in page
    assert "A tiempo" in page


def test_observation_recorded_answered_published(staff_client, public_client, entity):
    client = staff_client(Role.PARTICIPATION_LEAD, entity)
    veeduria = VeeduriaFactory(entity=entity)
    item = OversightItemFactory(entity=entity)
    url = reverse("oversight:observation_create", args=[veeduria.pk])
    today = timezone.localdate().isoformat()
    client.post(url, {"item": item.pk, "received_on": today, "text": "corta"})
    assert VeeduriaObservation.objects.count() == 0
    client.post(
        url, {"item": item.pk, "received_on": today, "text": "No hay valla informativa en la obra."}
    )
    observation = VeeduriaObservation.objects.get()
    client.post(
        reverse("oversight:observation_detail", args=[observation.pk]),
        {"answer": "La valla se instaló el lunes; adjuntamos registro fotográfico."},
    )
    observation.refresh_from_db()
    assert observation.status == "respondida"
    page = public_client(entity).get(reverse("oversight:public_index")).content.decode()
    assert "La valla se instaló" in page


@pytest.mark.parametrize("year", ["1850", "20000", "0"])
def test_strategy_year_out_of_range_is_a_form_error(staff_client, entity, year):
    client = staff_client(Role.PARTICIPATION_LEAD, entity)
    response = client.post(
        reverse("accountability:strategy_create"),
        {"year": year, "objective": "Informar.", "lead_team": "Ana"},
    )
    assert response.status_code == 200
    assert "resumen-errores" in response.content.decode()
    assert Strategy.objects.count() == 0


def test_the_answer_term_on_the_pages_comes_from_the_law(staff_client, entity, monkeypatch):
    """The pages write the term of art. 56 from ``accountability.law``, never a typed «15»."""
    from cabildo.accountability import law

    client = staff_client(Role.PARTICIPATION_LEAD, entity)
    url = reverse("accountability:question_list")
    assert "dentro de los 15 días hábiles" in client.get(url).content.decode()
    monkeypatch.setattr(law, "ANSWER_TERM_DAYS", 20)
    assert "dentro de los 20 días hábiles" in client.get(url).content.decode()
