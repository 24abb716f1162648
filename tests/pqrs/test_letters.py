"""The answer letter and the act of desistimiento: outgoing radicado (consecutive per entity
and year, never reused, cancellations recorded with their reason: Acuerdo AGN 060 de 2001),
PDF and accessible HTML, the answer email with the letter and the annexes, and the public
verification page."""

from __future__ import annotations

import shutil
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, connections
from django.urls import reverse

from cabildo.accounts.models import Role
from cabildo.outbox.models import OutboundEmail
from cabildo.pqrs.models import (
    Channel,
    DocumentKind,
    EventKind,
    OutgoingCounter,
    OutgoingDocument,
    Petition,
    Status,
)
from cabildo.pqrs.services.answers import petition_answer
from cabildo.pqrs.services.closure import petition_reopen
from cabildo.pqrs.services.completion import petition_request_completion
from cabildo.pqrs.services.configuration import settings_for, settings_update
from cabildo.pqrs.services.documents import document_cancel
from cabildo.pqrs.services.withdrawal import petition_withdraw_by_citizen, petitions_close_withdrawn
from tests.factories import EntityFactory
from tests.pqrs.factories import file_petition
from tests.pqrs.test_notifications import citizen
from tests.pqrs.test_receipt import pdf_text
from tests.pqrs.test_views import _clear_cache  # noqa: F401 (autouse)

pytestmark = pytest.mark.django_db

needs_pdftotext = pytest.mark.skipif(not shutil.which("pdftotext"), reason="needs poppler-utils")


def filed(entity, email="ana@example.com"):
    return file_petition(entity, requester=citizen(email), consent_given=True, anonymous=False)


def answer(petition, text="Se reparará la luminaria el lunes.", **kwargs):
    kwargs.setdefault("channel", Channel.EMAIL)
    return petition_answer(petition=petition, text=text, **kwargs)


def letter_of(petition, kind=DocumentKind.ANSWER):
    return OutgoingDocument.objects.get(petition=petition, kind=kind)


def track(client, result):
    return client.post(
        reverse("pqrs:track"),
        {"filing_number": result.petition.filing_number, "code": result.tracking_code},
    )


@needs_pdftotext
def test_answer_issues_the_letter_and_emails_it_with_the_annexes(
    entity, tmp_path, django_capture_on_commit_callbacks
):
    settings_update(
        entity=entity,
        filing_prefix="ALC-",
        due_soon_days=3,
        priority_term_days=5,
        letter_header="Calle 1 # 2-3 · Tel. 601 000 0000",
        letter_city="Itagüí",
        signer_name="María Pérez",
        signer_title="Secretaria General",
    )
    result = filed(entity)
    mail.outbox.clear()
    annex = SimpleUploadedFile("plano.pdf", b"%PDF-1.4 plano")
    with django_capture_on_commit_callbacks(execute=True):
        answer(result.petition, attachments=[annex])
    letter = letter_of(result.petition)
    assert letter.number.startswith("ALC-") and letter.number.endswith("-S-000001")
    assert letter.annexes == ["plano.pdf"] and letter.signer_name == "María Pérez"

    (message,) = mail.outbox
    names = [name for name, _content, _type in message.attachments]
    assert names == [f"{letter.number}.pdf", "plano.pdf"]
    assert f"radicado de salida {letter.number} (PDF)" in message.body
    assert "También adjuntamos 1 anexo(s): plano.pdf." in message.body
    assert letter.verification_code in message.body
    text = pdf_text(message.attachments[0][1], tmp_path)
    for expected in (
        letter.number,
        result.petition.filing_number,
        letter.verification_code,
        "Se reparará la luminaria el lunes.",
        "María Pérez",
        "Secretaria General",
        "Itagüí",
        "Ana Ruiz",
        "plano.pdf",
    ):
        assert expected in text, expected
    event = result.petition.events.get(kind=EventKind.ANSWERED)
    assert letter.number in event.text


def test_big_annexes_are_linked_not_attached_and_the_email_says_so(
    entity, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr("cabildo.pqrs.services.answers.EMAIL_ANNEXES_MAX_BYTES", 10)
    result = filed(entity)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        answer(result.petition, attachments=[SimpleUploadedFile("grande.pdf", b"%PDF-1.4 xxxxx")])
    (message,) = mail.outbox
    assert [name for name, _c, _t in message.attachments] == [
        f"{letter_of(result.petition).number}.pdf"
    ]
    assert "También adjuntamos" not in message.body
    assert "grande.pdf" in message.body and f"/{entity.slug}/pqrs/consulta/" in message.body


def test_outgoing_numbers_are_consecutive_per_entity_and_year_and_never_reused(
    entity, other_entity
):
    first, second, third = (filed(entity) for _ in range(3))
    answer(first.petition)
    answer(second.petition)
    elsewhere = filed(other_entity)
    answer(elsewhere.petition)
    one, two = letter_of(first.petition), letter_of(second.petition)
    assert (one.sequence, two.sequence) == (1, 2)
    assert letter_of(elsewhere.petition).sequence == 1  # its own consecutive

    with pytest.raises(ValidationError):
        document_cancel(document=two, reason="   ")
    two.refresh_from_db()
    assert not two.is_cancelled

    document_cancel(document=two, reason="Error en el nombre del destinatario")
    two.refresh_from_db()
    assert two.is_cancelled and two.cancel_reason == "Error en el nombre del destinatario"
    with pytest.raises(ValidationError):
        document_cancel(document=two, reason="otra vez")
    assert second.petition.events.filter(kind=EventKind.DOCUMENT_CANCELLED).count() == 1

    # The cancelled number stays taken: reopening and answering again gets a new number.
    petition_reopen(petition=second.petition, reason="Corregir la carta")
    answer(second.petition, text="Respuesta corregida.")
    answer(third.petition)
    numbers = list(
        OutgoingDocument.objects.filter(entity=entity)
        .order_by("sequence")
        .values_list("sequence", "cancelled_at")
    )
    assert [n for n, _c in numbers] == [1, 2, 3, 4]
    assert OutgoingCounter.objects.get(entity=entity).last_number == 4
    assert OutgoingDocument.objects.filter(petition=second.petition).count() == 2


def test_a_failed_answer_uses_no_number(entity):
    result = filed(entity)
    with pytest.raises(ValidationError):
        answer(result.petition, text="")
    with pytest.raises(ValidationError):
        answer(result.petition, attachments=[SimpleUploadedFile("x.exe", b"MZ\x90\x00")])
    assert not OutgoingDocument.objects.exists()
    answer(result.petition)
    assert letter_of(result.petition).sequence == 1


def test_citizen_reads_the_letter_on_the_tracking_page_and_downloads_it(
    public_client, entity, other_entity
):
    result = filed(entity)
    answer(result.petition)
    letter = letter_of(result.petition)
    client = public_client(entity)
    url = reverse("pqrs:track_letter", args=[letter.pk])
    assert client.get(url).status_code == 404  # not looked up with the code yet
    page = track(client, result).content.decode()
    assert 'class="pqrs-letter"' in page and letter.number in page
    assert letter.verification_code in page and "Se reparará la luminaria el lunes." in page
    download = client.get(url)
    assert download.status_code == 200 and download["Content-Type"] == "application/pdf"
    # Another petition's letter is not reachable from this lookup.
    other = filed(entity)
    answer(other.petition)
    assert (
        client.get(reverse("pqrs:track_letter", args=[letter_of(other.petition).pk])).status_code
        == 404
    )
    # Nor is a letter of another entity's petition.
    foreign = filed(other_entity)
    answer(foreign.petition)
    assert (
        client.get(reverse("pqrs:track_letter", args=[letter_of(foreign.petition).pk])).status_code
        == 404
    )


def test_anyone_verifies_a_letter_by_its_code(public_client, entity, other_entity):
    result = filed(entity)
    answer(result.petition)
    letter = letter_of(result.petition)
    client = public_client(entity)
    url = reverse("pqrs:verify")
    assert client.get(url).status_code == 200

    page = client.get(url, {"codigo": letter.verification_code.lower().replace("-", " ")})
    assert page.status_code == 200
    html = page.content.decode()
    assert "Documento auténtico" in html and letter.number in html
    assert result.petition.filing_number in html and entity.name in html
    assert "Ana Ruiz" not in html and "ana@example.com" not in html
    assert "Se reparará" not in html  # never the text

    bad = client.get(url, {"codigo": "12<script>"})
    assert bad.status_code == 400 and "12 letras y números" in bad.content.decode()
    missing = client.get(url, {"codigo": "AAAA-BBBB-CCCC"})
    assert missing.status_code == 404 and "No encontrado" in missing.content.decode()
    # A code of another entity is not confirmed on this entity's portal.
    elsewhere = f"/{other_entity.slug}/pqrs/verificar/"
    assert client.get(elsewhere, {"codigo": letter.verification_code}).status_code == 404

    document_cancel(document=letter, reason="Firmada por quien no debía")
    cancelled = public_client(entity).get(url, {"codigo": letter.verification_code})
    assert cancelled.status_code == 200 and "Documento anulado" in cancelled.content.decode()
    assert "Firmada por quien no debía" not in cancelled.content.decode()


def test_staff_downloads_and_cancels_a_letter(staff_client, entity, other_entity):
    result = filed(entity)
    answer(result.petition)
    letter = letter_of(result.petition)
    client = staff_client(Role.PARTICIPATION_LEAD)
    detail = client.get(reverse("pqrs:staff_detail", args=[result.petition.pk])).content.decode()
    assert letter.number in detail and reverse("pqrs:document_pdf", args=[letter.pk]) in detail
    pdf = client.get(reverse("pqrs:document_pdf", args=[letter.pk]))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"

    url = reverse("pqrs:cancel_document", args=[result.petition.pk])
    client.post(url, {"cancel-document": letter.pk, "cancel-reason": ""})
    letter.refresh_from_db()
    assert not letter.is_cancelled  # bad input changes nothing
    another = filed(entity)
    answer(another.petition)
    foreign = letter_of(another.petition)
    response = client.post(url, {"cancel-document": foreign.pk, "cancel-reason": "x"}, follow=True)
    assert "no pertenece a esta petición" in response.content.decode()
    foreign.refresh_from_db()
    assert not foreign.is_cancelled
    client.post(url, {"cancel-document": letter.pk, "cancel-reason": "Texto equivocado"})
    letter.refresh_from_db()
    assert letter.is_cancelled and letter.cancelled_by == client.user

    # Another entity's letter is a 404 for this entity's staff.
    theirs = filed(other_entity)
    answer(theirs.petition)
    assert (
        client.get(reverse("pqrs:document_pdf", args=[letter_of(theirs.petition).pk])).status_code
        == 404
    )


def test_desistimiento_tacito_issues_the_act_and_stops_the_clock(
    entity, django_capture_on_commit_callbacks
):
    from datetime import timedelta

    from django.utils import timezone

    from cabildo.pqrs.selectors import deadline_status_for, statistics

    result = filed(entity)
    petition_request_completion(petition=result.petition, missing="La dirección")
    completion = result.petition.completion_requests.get()
    mail.outbox.clear()
    later = timezone.now() + timedelta(days=(completion.deadline - timezone.localdate()).days + 2)
    with django_capture_on_commit_callbacks(execute=True):
        assert petitions_close_withdrawn(now=later) == 1
    petition = Petition.objects.get(pk=result.petition.pk)
    assert petition.status == Status.WITHDRAWN and petition.paused_at is None
    act = letter_of(petition, DocumentKind.WITHDRAWAL)
    assert "art. 17" in act.body
    assert deadline_status_for(petition).code == "cerrada"
    (message,) = mail.outbox
    assert message.attachments[0][0] == f"{act.number}.pdf"
    assert act.number in message.body
    stats = statistics(entity=entity, year=petition.year)
    assert (stats.withdrawn, stats.withdrawn_express) == (1, 0)
    assert any(row["label"] == "Desistida" and row["n"] == 1 for row in stats.by_status)


def test_desistimiento_expreso_from_the_tracking_page(
    public_client, entity, make_member, django_capture_on_commit_callbacks
):
    make_member(Role.PARTICIPATION_LEAD, entity, email="lider@entidad.test")
    result = filed(entity)
    client = public_client(entity)
    url = reverse("pqrs:track_withdraw")
    assert client.post(url, {"withdraw-confirm": "on"}).status_code == 302  # not looked up
    page = track(client, result).content.decode()
    assert "Desistir de mi petición" in page
    refused = client.post(url, {"withdraw-reason": "Ya lo resolví"})
    assert refused.status_code == 400
    assert "Confirme que desea desistir" in refused.content.decode()
    assert Petition.objects.get(pk=result.petition.pk).status == Status.FILED
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(url, {"withdraw-reason": "Ya lo resolví", "withdraw-confirm": "on"})
    assert done.status_code == 302
    petition = Petition.objects.get(pk=result.petition.pk)
    assert petition.status == Status.WITHDRAWN and petition.closing_reason == "desistida_expresa"
    act = letter_of(petition, DocumentKind.WITHDRAWAL)
    assert "art. 18" in act.body and "Ya lo resolví" in act.body
    templates = set(OutboundEmail.objects.values_list("template", flat=True))
    assert {"pqrs.withdrawn", "pqrs.withdrawn_by_citizen"} <= templates
    after = client.get(done["Location"]).content.decode()
    assert act.number in after and "Desistir de mi petición" not in after
    with pytest.raises(ValidationError):
        petition_withdraw_by_citizen(petition=petition)


def test_settings_form_keeps_the_letterhead(staff_client, entity):
    client = staff_client(Role.ENTITY_ADMIN)
    data = {
        "filing_prefix": "",
        "due_soon_days": 3,
        "priority_term_days": 5,
        "letter_header": "Carrera 50 # 51-10",
        "letter_city": "Itagüí",
        "signer_name": "Luz Gómez",
        "signer_title": "Jefe de Atención al Ciudadano",
    }
    assert client.post(reverse("pqrs:settings"), data).status_code == 302
    saved = settings_for(entity=entity)
    assert (saved.letter_city, saved.signer_name) == ("Itagüí", "Luz Gómez")
    bad = client.post(reverse("pqrs:settings"), {**data, "signer_name": "x" * 300})
    assert bad.status_code == 200
    assert settings_for(entity=entity).signer_name == "Luz Gómez"


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_fifty_concurrent_answers_get_consecutive_outgoing_numbers():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL row locks")
    entity = EntityFactory(slug="salida-concurrente")
    petitions = [file_petition(entity).petition for _ in range(50)]

    def respond(petition: Petition) -> str:
        try:
            petition_answer(petition=petition, text="Respuesta", channel=Channel.WEB)
            return OutgoingDocument.objects.get(petition=petition).number
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=10) as pool:
        numbers = list(pool.map(respond, petitions))

    assert len(set(numbers)) == 50
    sequences = sorted(
        OutgoingDocument.objects.filter(entity=entity).values_list("sequence", flat=True)
    )
    assert sequences == list(range(1, 51))
    assert OutgoingCounter.objects.get(entity=entity).last_number == 50


def test_the_letter_is_in_spanish_whatever_the_page_language(entity):
    from django.utils import translation

    from cabildo.pqrs import letters

    result = filed(entity)
    with translation.override("en"):
        answer(result.petition)
        letter = letter_of(result.petition)
        html = letters.letter_html(letter)
    assert letter.subject.startswith("Respuesta a su petición")
    assert "Radicado de salida" in html and "Atentamente," in html
