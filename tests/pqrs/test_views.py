"""PQRSD pages: public intake, acknowledgement, tracking, staff list/detail/actions, statistics."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cabildo.accounts.models import Role
from cabildo.pqrs.models import EventKind, Petition, Status
from cabildo.pqrs.services._common import _event
from cabildo.pqrs.services.answers import petition_answer
from cabildo.pqrs.services.assignment import petition_assign
from cabildo.pqrs.services.filing import Requester
from cabildo.pqrs.services.transfers import petition_transfer
from cabildo.privacy.models import Consent
from cabildo.workdays.calendar import calendar_for
from tests.factories import AreaFactory
from tests.pqrs.factories import PetitionFactory, file_petition, kind_for

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


def use_entity(client, entity):
    client.entity = entity
    return client


def form_data(entity, **overrides):
    data = {
        "kind": kind_for(entity, "queja").pk,
        "subject": "Mal servicio en la ventanilla",
        "description": "Me atendieron de forma grosera el lunes.",
        "anonymous": "on",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


PERSONAL = {
    "anonymous": None,
    "requester_name": "Luis Gómez",
    "requester_document_type": "CC",
    "requester_document_number": "71000111",
    "requester_email": "luis@example.com",
}


def test_public_form_shows_unticked_consent_with_its_text(client, entity):
    use_entity(client, entity)
    response = client.get(reverse("pqrs:file"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Ley 1581 de 2012" in html
    assert 'name="consent"' in html and "checked" not in html.split('name="consent"')[1][:80]
    assert 'name="website"' in html


def test_citizen_files_anonymously_and_sees_acknowledgement_once(client, entity):
    use_entity(client, entity)
    response = client.post(reverse("pqrs:file"), form_data(entity))
    assert response.status_code == 302
    assert response["Location"] == reverse("pqrs:acknowledgement")
    petition = Petition.objects.get(entity=entity)
    assert petition.anonymous and petition.channel == "web"
    page = client.get(reverse("pqrs:acknowledgement"))
    html = page.content.decode()
    assert petition.filing_number in html
    assert petition.due_date.strftime("%d/%m/%Y") in html
    assert "Cómo se calculó" in html
    again = client.get(reverse("pqrs:acknowledgement"))
    assert again.status_code == 302  # the code is shown only once


def test_personal_data_without_consent_stores_nothing(client, entity):
    use_entity(client, entity)
    response = client.post(reverse("pqrs:file"), form_data(entity, **PERSONAL))
    assert response.status_code == 200
    assert "Debe autorizar el tratamiento" in response.content.decode()
    assert Petition.objects.count() == 0 and Consent.objects.count() == 0


def test_personal_data_with_consent_sends_acknowledgement(
    client, entity, django_capture_on_commit_callbacks
):
    use_entity(client, entity)
    mail.outbox.clear()
    with_consent = form_data(entity, **PERSONAL, consent="on")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("pqrs:file"), with_consent)
    assert response.status_code == 302
    petition = Petition.objects.get()
    assert petition.consent is not None
    assert petition.requester_email == "luis@example.com"
    assert len(mail.outbox) == 1 and petition.filing_number in mail.outbox[0].subject


def test_forbidden_attachment_stores_nothing(client, entity):
    use_entity(client, entity)
    data = form_data(entity, attachments=SimpleUploadedFile("x.pdf", b"MZ\x90\x00binary"))
    response = client.post(reverse("pqrs:file"), data)
    assert response.status_code == 200
    assert "no es de un tipo permitido" in response.content.decode()
    assert Petition.objects.count() == 0


def test_honeypot_stores_nothing(client, entity):
    use_entity(client, entity)
    response = client.post(reverse("pqrs:file"), form_data(entity, website="http://spam"))
    assert response.status_code == 200
    assert Petition.objects.count() == 0


def test_tracking_shows_public_timeline_and_answer(client, entity, area):
    use_entity(client, entity)
    result = file_petition(entity)
    petition = result.petition
    petition_assign(petition=petition, area=area)
    _event(petition, EventKind.NOTE, "Nota interna secreta", public=False)
    petition_answer(petition=petition, text="Respuesta de fondo al ciudadano", channel="web")
    response = client.post(
        reverse("pqrs:track"),
        {"filing_number": petition.filing_number, "code": result.tracking_code},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Respuesta de fondo al ciudadano" in html
    assert "Nota interna secreta" not in html
    assert "Respondida a tiempo" in html


def test_wrong_code_and_unknown_number_look_the_same_and_are_throttled(client, entity):
    use_entity(client, entity)
    result = file_petition(entity)
    wrong = client.post(
        reverse("pqrs:track"), {"filing_number": result.petition.filing_number, "code": "AAAA"}
    )
    unknown = client.post(reverse("pqrs:track"), {"filing_number": "2026-999999", "code": "AAAA"})
    assert wrong.status_code == unknown.status_code == 404
    assert "No encontrado" in wrong.content.decode() and "No encontrado" in unknown.content.decode()
    for _ in range(3):
        client.post(reverse("pqrs:track"), {"filing_number": "x", "code": "y"})
    blocked = client.post(
        reverse("pqrs:track"),
        {"filing_number": result.petition.filing_number, "code": result.tracking_code},
    )
    assert blocked.status_code == 429
    assert "Demasiados intentos" in blocked.content.decode()


# ----------------------------------------------------------------- staff


def test_staff_list_requires_login_and_membership(client, entity, staff_client, other_entity):
    use_entity(client, entity)
    response = client.get(reverse("pqrs:staff_list"))
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]
    outsider = staff_client(Role.VIEWER, entity=other_entity)
    use_entity(outsider, entity)
    assert outsider.get(reverse("pqrs:staff_list")).status_code == 403


def test_staff_list_filters_and_scopes(staff_client, entity, other_entity, area):
    mine = PetitionFactory(entity=entity, subject="Alumbrado del parque", area=area)
    PetitionFactory(entity=entity, subject="Basuras en la esquina", status=Status.ANSWERED)
    foreign = PetitionFactory(entity=other_entity, subject="Alumbrado ajeno")
    client = staff_client(Role.PARTICIPATION_LEAD)
    html = client.get(reverse("pqrs:staff_list")).content.decode()
    assert mine.filing_number in html and foreign.subject not in html
    html = client.get(reverse("pqrs:staff_list"), {"q": "alumbrado"}).content.decode()
    assert "Alumbrado del parque" in html and "Basuras" not in html
    html = client.get(reverse("pqrs:staff_list"), {"status": "respondida"}).content.decode()
    assert "Basuras" in html and "Alumbrado del parque" not in html
    html = client.get(reverse("pqrs:staff_list"), {"area": area.pk}).content.decode()
    assert "Alumbrado del parque" in html and "Basuras" not in html
    html = client.get(reverse("pqrs:staff_list"), {"semaphore": "a_tiempo"}).content.decode()
    assert "Alumbrado del parque" in html and "A tiempo" in html


def test_semaphore_filter_overdue(staff_client, entity):
    overdue = PetitionFactory(
        entity=entity, subject="Vieja", due_date=timezone.localdate() - timedelta(days=3)
    )
    PetitionFactory(entity=entity, subject="Nueva")
    client = staff_client(Role.PARTICIPATION_LEAD)
    html = client.get(reverse("pqrs:staff_list"), {"semaphore": "vencida"}).content.decode()
    assert overdue.filing_number in html and "Nueva" not in html and "Vencida" in html


def test_area_liaison_sees_only_their_area(staff_client, entity, area):
    PetitionFactory(entity=entity, subject="De mi área", area=area)
    PetitionFactory(entity=entity, subject="De otra área", area=AreaFactory(entity=entity))
    client = staff_client(Role.AREA_LIAISON, area=area)
    html = client.get(reverse("pqrs:staff_list")).content.decode()
    assert "De mi área" in html and "De otra área" not in html


def test_staff_list_constant_queries(staff_client, entity, area):
    client = staff_client(Role.PARTICIPATION_LEAD)
    PetitionFactory.create_batch(5, entity=entity, area=area)
    client.get(reverse("pqrs:staff_list"))
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("pqrs:staff_list"))
    PetitionFactory.create_batch(45, entity=entity, area=area)
    with CaptureQueriesContext(connection) as many:
        response = client.get(reverse("pqrs:staff_list"))
    assert len(few) == len(many)
    assert response.context["page"].next_cursor is None
    PetitionFactory.create_batch(5, entity=entity)
    response = client.get(reverse("pqrs:staff_list"))
    assert len(response.context["page"].rows) == 50
    second = client.get(
        reverse("pqrs:staff_list"), {"cursor": response.context["page"].next_cursor}
    )
    assert len(second.context["page"].rows) == 5


def test_detail_is_404_for_other_entity(staff_client, entity, other_entity):
    foreign = PetitionFactory(entity=other_entity)
    client = staff_client(Role.PARTICIPATION_LEAD)
    assert client.get(reverse("pqrs:staff_detail", args=[foreign.pk])).status_code == 404
    assert client.post(reverse("pqrs:start", args=[foreign.pk])).status_code == 404


def test_detail_shows_timeline_and_personal_data_to_staff(staff_client, entity):
    petition = file_petition(
        entity,
        anonymous=False,
        requester=Requester(name="Marta Ruiz", email="marta@example.com"),
        consent_given=True,
    ).petition
    client = staff_client(Role.INTERNAL_CONTROL)
    html = client.get(reverse("pqrs:staff_detail", args=[petition.pk])).content.decode()
    assert "Marta Ruiz" in html and "Radicación" in html
    assert 'action="/pqrs/gestion/' not in html  # internal control only reads


def test_assign_extend_answer_via_post(staff_client, entity, area):
    petition = file_petition(entity).petition
    client = staff_client(Role.PARTICIPATION_LEAD)
    detail = reverse("pqrs:staff_detail", args=[petition.pk])
    response = client.post(reverse("pqrs:assign", args=[petition.pk]), {"assign-area": area.pk})
    assert response.status_code == 302 and response["Location"] == detail
    petition.refresh_from_db()
    assert petition.status == Status.ASSIGNED and petition.area == area
    new_due = calendar_for(entity).add_business_days(petition.due_date, 3)
    client.post(
        reverse("pqrs:extend", args=[petition.pk]),
        {"extend-new_due_date": new_due.isoformat(), "extend-reason": "Visita técnica"},
    )
    petition.refresh_from_db()
    assert petition.extended and petition.due_date == new_due
    client.post(
        reverse("pqrs:answer", args=[petition.pk]),
        {"answer-text": "Respuesta", "answer-channel": "correo"},
    )
    petition.refresh_from_db()
    assert petition.status == Status.ANSWERED


def test_bad_action_input_changes_nothing(staff_client, entity, other_entity):
    petition = file_petition(entity).petition
    client = staff_client(Role.PARTICIPATION_LEAD)
    foreign_area = AreaFactory(entity=other_entity)
    response = client.post(
        reverse("pqrs:assign", args=[petition.pk]), {"assign-area": foreign_area.pk}
    )
    assert response.status_code == 302
    beyond = calendar_for(entity).add_business_days(petition.due_date, 40)
    client.post(
        reverse("pqrs:extend", args=[petition.pk]),
        {"extend-new_due_date": beyond.isoformat(), "extend-reason": "x"},
    )
    messages = [
        str(m)
        for m in client.get(reverse("pqrs:staff_detail", args=[petition.pk])).context["messages"]
    ]
    assert any("no puede ser posterior" in m for m in messages)
    petition.refresh_from_db()
    assert petition.area is None and not petition.extended and petition.status == Status.FILED


def test_liaison_cannot_act_on_other_area_petition(staff_client, entity, area):
    petition = PetitionFactory(entity=entity, area=AreaFactory(entity=entity), status="asignada")
    client = staff_client(Role.AREA_LIAISON, area=area)
    assert client.post(reverse("pqrs:start", args=[petition.pk])).status_code == 403
    viewer = PetitionFactory(entity=entity, area=area, status="asignada")
    assert client.post(reverse("pqrs:start", args=[viewer.pk])).status_code == 302
    viewer.refresh_from_db()
    assert viewer.status == Status.IN_PROGRESS


def test_staff_intake_rejects_future_reception(staff_client, entity):
    client = staff_client(Role.PARTICIPATION_LEAD)
    kind = kind_for(entity, "peticion_general")
    future = (timezone.localtime() + timedelta(days=2)).strftime("%Y-%m-%dT%H:%M")
    data = {
        "channel": "verbal",
        "filed_at": future,
        "kind": kind.pk,
        "subject": "Petición verbal",
        "description": "El ciudadano pidió información del subsidio.",
        "anonymous": "on",
    }
    response = client.post(reverse("pqrs:staff_file"), data)
    assert response.status_code == 200
    assert "no puede estar en el futuro" in response.content.decode()
    assert Petition.objects.count() == 0
    past = (timezone.localtime() - timedelta(hours=3)).strftime("%Y-%m-%dT%H:%M")
    response = client.post(reverse("pqrs:staff_file"), {**data, "filed_at": past})
    assert response.status_code == 302
    petition = Petition.objects.get()
    assert petition.channel == "verbal"
    assert petition.events.get(kind="radicada").actor == client.user


def test_stats_pages_and_csv_without_personal_data(client, staff_client, entity):
    file_petition(
        entity,
        anonymous=False,
        requester=Requester(name="Pedro Secreto", email="pedro@example.com"),
        consent_given=True,
    )
    use_entity(client, entity)
    public = client.get(reverse("pqrs:public_stats"))
    assert public.status_code == 200
    assert "Pedro Secreto" not in public.content.decode()
    assert "Formulario web" in public.content.decode()
    staff = staff_client(Role.VIEWER)
    response = staff.get(reverse("pqrs:stats_csv"))
    assert response.streaming
    body = b"".join(response.streaming_content).decode()
    assert "radicado" in body and "Pedro" not in body and "pedro@example.com" not in body
    assert staff.get(reverse("pqrs:stats")).status_code == 200


@pytest.mark.parametrize(
    ("language", "march", "unassigned"),
    [("es", "Marzo", "Sin dependencia asignada"), ("en", "March", "No area assigned")],
)
def test_stats_tables_name_the_months_and_the_unassigned_petitions(
    client, entity, language, march, unassigned
):
    """The month table and its chart read «Marzo», not «3»; petitions with no area are named."""
    year = timezone.localdate().year
    file_petition(entity, filed_at=timezone.make_aware(timezone.datetime(year, 3, 10, 9)))
    use_entity(client, entity)
    client.cookies["django_language"] = language
    html = client.get(reverse("pqrs:public_stats"), {"year": year}).content.decode()
    assert f'<th scope="row">{march}</th><td data-value="1">1</td>' in html  # the chart's source
    assert f'<th scope="row">{unassigned}</th><td>1</td>' in html
    assert 'data-chart-table="tabla-meses"' in html
    assert '<th scope="row">3</th>' not in html and '<th scope="row">—</th>' not in html


def test_desk_section_lists_due_soon(staff_client, entity, area):
    PetitionFactory(
        entity=entity, area=area, subject="Urgente de mi área", due_date=timezone.localdate()
    )
    client = staff_client(Role.AREA_LIAISON, area=area)
    html = client.get(reverse("accounts:desk")).content.decode()
    assert "Urgente de mi área" in html and "Por vencer" in html


def test_english_catalogue(client, entity):
    from django.utils import translation

    use_entity(client, entity)
    with translation.override("en"):
        assert translation.gettext("Radicar una PQRSD") == "File a petition"
        assert translation.gettext("Por vencer") == "Due soon"
    response = client.get(reverse("pqrs:file"), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200


def test_xlsx_export_without_personal_data(staff_client, entity):
    import io

    from openpyxl import load_workbook

    petition = file_petition(
        entity,
        anonymous=False,
        requester=Requester(name="Pedro Secreto", email="pedro@example.com"),
        consent_given=True,
    ).petition
    client = staff_client(Role.VIEWER)
    response = client.get(reverse("pqrs:stats_xlsx"))
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    values = [cell for row in workbook.active.iter_rows(values_only=True) for cell in row]
    assert petition.filing_number in values
    assert not any("Pedro" in str(v) or "pedro@" in str(v) for v in values)


def test_answer_attachment_through_signed_link(client, entity):
    use_entity(client, entity)
    result = file_petition(entity)
    petition_answer(
        petition=result.petition,
        text="Adjunto la respuesta",
        channel="web",
        attachments=[SimpleUploadedFile("respuesta.txt", b"Contenido de la respuesta")],
    )
    page = client.post(
        reverse("pqrs:track"),
        {"filing_number": result.petition.filing_number, "code": result.tracking_code},
    )
    link = next(f["url"] for f in page.context["answer_files"])
    download = client.get(link)
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == b"Contenido de la respuesta"
    assert client.get(link[:-3] + "xyz/").status_code == 404


def test_settings_and_kind_terms(staff_client, entity):
    from cabildo.pqrs.models import PetitionKind, PqrsSettings

    client = staff_client(Role.PARTICIPATION_LEAD)
    assert client.get(reverse("pqrs:settings")).status_code == 200
    response = client.post(
        reverse("pqrs:settings"),
        {"filing_prefix": "alc-", "due_soon_days": 4, "priority_term_days": 3},
    )
    assert response.status_code == 302
    assert PqrsSettings.objects.get(entity=entity).filing_prefix == "ALC-"
    bad = client.post(
        reverse("pqrs:settings"),
        {"filing_prefix": "a b!", "due_soon_days": 4, "priority_term_days": 3},
    )
    assert bad.status_code == 200 and "Use solo letras" in bad.content.decode()
    assert PqrsSettings.objects.get(entity=entity).filing_prefix == "ALC-"
    kind = kind_for(entity, "consulta")
    url = reverse("pqrs:kind_update", args=[kind.pk])
    bad = client.post(
        url, {"name": "Consulta", "term_days": 30, "priority_term_days": 40, "is_active": "on"}
    )
    assert bad.status_code == 200
    kind.refresh_from_db()
    assert kind.priority_term_days is None
    client.post(url, {"name": "Consulta", "term_days": 25, "is_active": "on"})
    kind.refresh_from_db()
    assert kind.term_days == 25
    assert file_petition(entity, "consulta").petition.filing_number.startswith("ALC-")
    viewer = staff_client(Role.VIEWER)
    assert viewer.get(reverse("pqrs:settings")).status_code == 403
    assert PetitionKind.objects.filter(entity=entity).count() == 10


def test_detail_lists_transfers_and_extensions(staff_client, entity, other_entity):
    petition = file_petition(entity).petition
    petition_transfer(petition=petition, reason="Competencia de B", target_entity=other_entity)
    client = staff_client(Role.PARTICIPATION_LEAD)
    html = client.get(reverse("pqrs:staff_detail", args=[petition.pk])).content.decode()
    new = Petition.objects.get(entity=other_entity)
    assert "Traslados" in html and f"nuevo radicado {new.filing_number}" in html


def test_public_aggregate_csv(client, entity):
    use_entity(client, entity)
    file_petition(
        entity,
        anonymous=False,
        requester=Requester(name="Pedro Secreto", email="pedro@example.com"),
        consent_given=True,
    )
    response = client.get(reverse("pqrs:public_stats_csv"))
    assert response.status_code == 200 and response.streaming
    body = b"".join(response.streaming_content).decode()
    assert "Formulario web,1,0," in body and "TOTAL" in body
    assert "Pedro" not in body and "pedro@" not in body
