"""The rules of PQRSD: terms, completion pause, extension cap, transfers, answers."""

from __future__ import annotations

import io
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from cabildo.accounts.models import Role
from cabildo.pqrs import deadlines
from cabildo.pqrs.models import (
    Attachment,
    ClosingReason,
    EventKind,
    FilingCounter,
    Petition,
    PetitionKind,
    Status,
)
from cabildo.pqrs.selectors import deadline_status_for
from cabildo.pqrs.services.answers import petition_answer
from cabildo.pqrs.services.assignment import petition_assign, petition_start
from cabildo.pqrs.services.attachments import MAX_ATTACHMENT_SIZE, attachment_check
from cabildo.pqrs.services.closure import petition_archive_anonymous, petition_reopen
from cabildo.pqrs.services.completion import (
    petition_complete,
    petition_extend_completion,
    petition_request_completion,
)
from cabildo.pqrs.services.configuration import kinds_ensure_defaults, settings_for
from cabildo.pqrs.services.extensions import petition_extend
from cabildo.pqrs.services.filing import Requester, petition_file, pqrs_consent_text
from cabildo.pqrs.services.tracking import petition_track
from cabildo.pqrs.services.transfers import petition_transfer
from cabildo.pqrs.services.withdrawal import petitions_close_withdrawn
from cabildo.privacy.models import Consent
from cabildo.workdays.calendar import calendar_for
from cabildo.workdays.models import ClosureDay
from cabildo.workdays.signals import calendar_changed
from tests.pqrs.factories import file_petition, kind_for

BOGOTA = ZoneInfo("America/Bogota")
# Friday 20 March 2026; Monday 23 March (San José) and 2-3 April (Semana Santa) are holidays.
FILED = datetime(2026, 3, 20, 10, 30, tzinfo=BOGOTA)

pytestmark = pytest.mark.django_db


def person(**kwargs):
    data = {
        "name": "Ana Pérez",
        "document_type": "CC",
        "document_number": "1037000111",
        "email": "ana@example.com",
        "phone": "3001234567",
        "address": "Calle 10 # 20-30",
    }
    data.update(kwargs)
    return Requester(**data)


def test_missing_default_kinds_are_added_and_configured_ones_kept(entity):
    kinds = kinds_ensure_defaults(entity=entity)
    assert [k.code for k in kinds][:2] == ["peticion_general", "informacion"]
    PetitionKind.objects.filter(entity=entity, code="consulta").delete()
    PetitionKind.objects.filter(entity=entity, code="queja").update(name="Quejas", term_days=12)
    again = kinds_ensure_defaults(entity=entity)
    assert [k.code for k in again] == [k.code for k in kinds]
    by_code = {k.code: k for k in again}
    assert (by_code["queja"].name, by_code["queja"].term_days) == ("Quejas", 12)
    assert by_code["consulta"].term_days == 30 and by_code["consulta"].pk
    created = PetitionKind.history.filter(entity=entity, code="consulta", history_type="+")
    assert created.count() == 2  # once at first, once again after its deletion


def test_default_kinds_have_the_legal_terms(entity):
    kinds_ensure_defaults(entity=entity)
    kinds_ensure_defaults(entity=entity)  # idempotent
    terms = {
        k.code: (k.term_days, k.extension_days) for k in PetitionKind.objects.filter(entity=entity)
    }
    assert terms == {
        "peticion_general": (15, None),
        "informacion": (10, None),
        "consulta": (30, None),
        "queja": (15, None),
        "reclamo": (15, None),
        "sugerencia": (15, None),
        "denuncia": (15, None),
        "felicitacion": (None, None),
        "habeas_consulta": (10, 5),
        "habeas_reclamo": (15, 8),
    }


@pytest.mark.parametrize(
    ("code", "due"),
    [
        ("peticion_general", date(2026, 4, 15)),
        ("queja", date(2026, 4, 15)),
        ("reclamo", date(2026, 4, 15)),
        ("sugerencia", date(2026, 4, 15)),
        ("denuncia", date(2026, 4, 15)),
        ("informacion", date(2026, 4, 8)),
        ("consulta", date(2026, 5, 7)),
        ("habeas_consulta", date(2026, 4, 8)),
        ("habeas_reclamo", date(2026, 4, 15)),
        ("felicitacion", None),
    ],
)
def test_every_term_counts_business_days_from_the_day_after(entity, code, due):
    result = file_petition(entity, code, filed_at=FILED)
    petition = result.petition
    assert petition.due_date == due
    if due is None:
        assert petition.term_days is None
        assert result.computation is None
    else:
        skipped = {s.date for s in result.computation.skipped}
        assert date(2026, 3, 23) in skipped  # San José
        assert date(2026, 3, 21) in skipped  # sábado


def test_priority_uses_the_shorter_term(entity):
    result = file_petition(
        entity, is_priority=True, priority_reason="Riesgo para la vida", filed_at=FILED
    )
    assert result.petition.term_days == 5
    assert result.petition.due_date == date(2026, 3, 30)


def test_priority_requires_a_reason_and_nothing_is_stored(entity):
    with pytest.raises(ValidationError) as exc:
        file_petition(entity, is_priority=True, filed_at=FILED)
    assert "priority_reason" in exc.value.message_dict
    assert Petition.objects.count() == 0


def test_filing_numbers_are_consecutive_with_prefix(entity):
    settings_row = settings_for(entity=entity)
    settings_row.filing_prefix = "ALC-"
    settings_row.save()
    numbers = [file_petition(entity, filed_at=FILED).petition.filing_number for _ in range(3)]
    assert numbers == ["ALC-2026-000001", "ALC-2026-000002", "ALC-2026-000003"]
    assert FilingCounter.objects.get(entity=entity, year=2026).last_number == 3


def test_filing_numbers_are_per_entity_and_year(entity, other_entity):
    a = file_petition(entity, filed_at=FILED).petition
    b = file_petition(other_entity, filed_at=FILED).petition
    c = file_petition(entity, filed_at=datetime(2025, 12, 30, 9, tzinfo=BOGOTA)).petition
    assert (a.filing_number, b.filing_number, c.filing_number) == (
        "2026-000001",
        "2026-000001",
        "2025-000001",
    )


def test_tracking_code_is_stored_as_a_hash(entity):
    result = file_petition(entity, filed_at=FILED)
    petition = result.petition
    assert result.tracking_code not in petition.tracking_code_hash
    found = petition_track(
        entity=entity, filing_number=petition.filing_number, code=result.tracking_code.lower()
    )
    assert found == petition
    assert petition_track(entity=entity, filing_number=petition.filing_number, code="X") is None
    assert petition_track(entity=entity, filing_number="2026-999999", code="X") is None


def test_personal_data_requires_consent_and_nothing_is_stored(entity):
    with pytest.raises(ValidationError) as exc:
        file_petition(entity, anonymous=False, requester=person(), filed_at=FILED)
    assert "consent" in exc.value.message_dict
    assert Petition.objects.count() == 0
    assert Consent.objects.count() == 0
    assert FilingCounter.objects.filter(last_number__gt=0).count() == 0


def test_consent_is_recorded_with_the_text_shown(entity):
    petition = file_petition(
        entity, anonymous=False, requester=person(), consent_given=True, filed_at=FILED
    ).petition
    assert petition.consent.purpose == "pqrs"
    assert petition.consent.text == pqrs_consent_text()
    assert petition.consent.subject_email == "ana@example.com"


def test_anonymous_petition_cannot_carry_personal_data(entity):
    with pytest.raises(ValidationError) as exc:
        file_petition(entity, anonymous=True, requester=person(), consent_given=True)
    assert "anonymous" in exc.value.message_dict
    assert Petition.objects.count() == 0


def test_future_filed_at_and_foreign_kind_are_rejected(entity, other_entity):
    with pytest.raises(ValidationError) as exc:
        file_petition(entity, filed_at=datetime(2099, 1, 1, tzinfo=BOGOTA))
    assert "filed_at" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        petition_file(
            entity=entity, kind=kind_for(other_entity), subject="a", description="b", anonymous=True
        )
    assert "kind" in exc.value.message_dict
    assert Petition.objects.count() == 0


def test_acknowledgement_email_explains_the_due_date(entity, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        result = file_petition(
            entity, anonymous=False, requester=person(), consent_given=True, filed_at=FILED
        )
    assert len(mail.outbox) == 1
    body = mail.outbox[0].body
    assert result.petition.filing_number in mail.outbox[0].subject
    assert result.tracking_code in body
    assert "15/04/2026" in body
    assert "23/03/2026" in body  # the skipped holiday is explained


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 20


def test_attachments_are_checked_by_content(entity):
    good = [
        SimpleUploadedFile("carta.pdf", PDF),
        SimpleUploadedFile("foto.png", PNG),
        SimpleUploadedFile("nota.txt", "Texto con tildes: alcaldía".encode()),
    ]
    petition = file_petition(entity, attachments=good, filed_at=FILED).petition
    stored = list(Attachment.objects.filter(petition=petition).order_by("id"))
    assert [a.content_type for a in stored] == ["application/pdf", "image/png", "text/plain"]
    assert all(a.file.name.startswith(f"pqrs/{entity.pk}/2026/") for a in stored)
    assert stored[0].file.name != "carta.pdf"


def test_docx_is_accepted_and_fake_pdf_is_rejected(entity):
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    docx = SimpleUploadedFile("oficio.docx", buffer.getvalue())
    attachment_check(docx)
    fake = SimpleUploadedFile("virus.pdf", b"MZ\x90\x00\x03\x00\x00\x00")
    with pytest.raises(ValidationError):
        file_petition(entity, attachments=[fake], filed_at=FILED)
    assert Petition.objects.count() == 0


def test_too_large_attachment_is_rejected(entity):
    big = SimpleUploadedFile("grande.txt", b"a" * (MAX_ATTACHMENT_SIZE + 1))
    with pytest.raises(ValidationError) as exc:
        file_petition(entity, attachments=[big], filed_at=FILED)
    assert "tamaño máximo" in str(exc.value)
    assert Petition.objects.count() == 0
    assert Attachment.objects.count() == 0


# ----------------------------------------------------------------- workflow


def test_assign_and_start(entity, area, make_member):
    petition = file_petition(entity, filed_at=FILED).petition
    official = make_member(Role.AREA_LIAISON, entity, area)
    petition_assign(petition=petition, area=area, assigned_to=official, actor=official)
    assert petition.status == Status.ASSIGNED
    petition_start(petition=petition, actor=official)
    assert petition.status == Status.IN_PROGRESS
    kinds = list(petition.events.values_list("kind", flat=True))
    assert kinds[:2] == [EventKind.FILED, EventKind.ASSIGNED]
    with pytest.raises(ValidationError):
        petition_start(petition=petition)


def test_assign_rejects_other_entity_area(entity, other_entity):
    from tests.factories import AreaFactory

    petition = file_petition(entity, filed_at=FILED).petition
    with pytest.raises(ValidationError):
        petition_assign(petition=petition, area=AreaFactory(entity=other_entity))
    petition.refresh_from_db()
    assert petition.area is None and petition.status == Status.FILED


def test_completion_request_pauses_and_restarts_the_full_term(entity):
    petition = file_petition(entity, filed_at=FILED).petition
    completion = petition_request_completion(
        petition=petition, missing="Dirección del predio", today=date(2026, 3, 25)
    )
    # one month → 25 April 2026 is a Saturday → next business day.
    assert completion.deadline == date(2026, 4, 27)
    petition.refresh_from_db()
    assert petition.is_paused
    assert deadline_status_for(petition, today=date(2026, 4, 20)).code == deadlines.PAUSED
    petition_complete(petition=petition, text="Calle 5 # 1-2", today=date(2026, 4, 10))
    petition.refresh_from_db()
    assert not petition.is_paused
    assert petition.term_start == date(2026, 4, 10)
    assert petition.due_date == date(2026, 5, 4)  # 15 business days from 10 April (1 May off)
    assert petition.paused_business_days == 10


def test_completion_request_within_ten_business_days_suspends_the_term(entity):
    petition = file_petition(entity, filed_at=FILED).petition
    completion = petition_request_completion(
        petition=petition, missing="Anexos", today=date(2026, 4, 8)
    )
    assert completion.suspends_term
    petition.refresh_from_db()
    assert petition.is_paused


def test_late_completion_request_is_sent_but_does_not_suspend_the_term(
    entity, django_capture_on_commit_callbacks
):
    petition = file_petition(
        entity, anonymous=False, requester=person(), consent_given=True, filed_at=FILED
    ).petition
    due = petition.due_date
    assert due == date(2026, 4, 15)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        completion = petition_request_completion(
            petition=petition, missing="Anexos", today=date(2026, 4, 9)
        )
    assert not completion.suspends_term
    petition.refresh_from_db()
    assert not petition.is_paused and petition.due_date == due
    assert deadline_status_for(petition, today=date(2026, 4, 10)).code != deadlines.PAUSED
    (message,) = mail.outbox
    assert "08/04/2026" in message.body and "no se suspende" in message.body
    assert "15/04/2026" in message.body
    with pytest.raises(ValidationError, match="pendiente"):
        petition_request_completion(petition=petition, missing="Otra cosa", today=date(2026, 4, 10))
    petition_complete(petition=petition, text="Aquí van", today=date(2026, 4, 10))
    petition.refresh_from_db()
    assert petition.due_date == due and petition.term_start != date(2026, 4, 10)
    event = petition.events.order_by("-at", "-id").first()
    assert event.kind == EventKind.COMPLETED and "15/04/2026" in event.text


def test_late_completion_request_never_makes_the_petition_withdrawn(entity):
    petition = file_petition(entity, filed_at=FILED).petition
    petition_request_completion(petition=petition, missing="Anexos", today=date(2026, 4, 9))
    after_deadline = datetime(2026, 6, 30, 12, tzinfo=BOGOTA)
    assert petitions_close_withdrawn(now=after_deadline) == 0
    petition.refresh_from_db()
    assert petition.is_open


def test_completion_extension_and_withdrawal(entity, django_capture_on_commit_callbacks):
    petition = file_petition(entity, filed_at=FILED).petition
    petition_request_completion(petition=petition, missing="Anexos", today=date(2026, 3, 25))
    completion = petition_extend_completion(petition=petition, today=date(2026, 4, 1))
    assert completion.deadline == date(2026, 5, 25)
    with pytest.raises(ValidationError):
        petition_extend_completion(petition=petition, today=date(2026, 4, 2))
    assert petitions_close_withdrawn(now=datetime(2026, 5, 25, 12, tzinfo=BOGOTA)) == 0
    closed = petitions_close_withdrawn(now=datetime(2026, 5, 26, 12, tzinfo=BOGOTA))
    assert closed == 1
    petition.refresh_from_db()
    # Its own status, with the act of desistimiento and its outgoing radicado.
    assert (petition.status, petition.closing_reason) == (
        Status.WITHDRAWN,
        ClosingReason.WITHDRAWN,
    )
    assert petition.documents.get().kind == "desistimiento"
    assert petition.events.filter(kind=EventKind.WITHDRAWN).exists()
    assert petitions_close_withdrawn(now=datetime(2026, 6, 1, tzinfo=BOGOTA)) == 0


@pytest.mark.parametrize(
    ("code", "cap"),
    [
        ("peticion_general", date(2026, 5, 7)),  # 2 × 15 from filing
        ("informacion", date(2026, 4, 22)),  # 2 × 10
        ("habeas_consulta", date(2026, 4, 15)),  # 10 + 5
        ("habeas_reclamo", date(2026, 4, 27)),  # 15 + 8
    ],
)
def test_extension_cap(entity, code, cap):
    petition = file_petition(entity, code, filed_at=FILED).petition
    from datetime import timedelta

    calendar = calendar_for(entity)
    beyond = calendar.next_business_day(cap + timedelta(days=1))
    with pytest.raises(ValidationError) as exc:
        petition_extend(
            petition=petition, new_due_date=beyond, reason="Carga", today=date(2026, 3, 31)
        )
    assert cap.strftime("%d/%m/%Y") in str(exc.value)
    extension = petition_extend(
        petition=petition, new_due_date=cap, reason="Carga de trabajo", today=date(2026, 3, 31)
    )
    petition.refresh_from_db()
    assert petition.extended and petition.due_date == cap
    assert petition.original_due_date == extension.previous_due_date


def test_extension_only_before_due_date_with_reason_and_notice(
    entity, django_capture_on_commit_callbacks
):
    petition = file_petition(
        entity, anonymous=False, requester=person(), consent_given=True, filed_at=FILED
    ).petition
    with pytest.raises(ValidationError):
        petition_extend(
            petition=petition, new_due_date=date(2026, 5, 4), reason="", today=date(2026, 4, 1)
        )
    with pytest.raises(ValidationError):
        petition_extend(
            petition=petition, new_due_date=date(2026, 5, 4), reason="x", today=date(2026, 4, 16)
        )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        extension = petition_extend(
            petition=petition,
            new_due_date=date(2026, 5, 4),
            reason="Se requiere visita técnica",
            today=date(2026, 4, 15),
        )
    assert extension.notified_at is not None
    assert "Prórroga" in mail.outbox[0].subject
    # Never shown as overdue once extended within the cap.
    status = deadline_status_for(petition, today=date(2026, 4, 20))
    assert status.code != deadlines.OVERDUE


def test_transfer_to_external_entity(entity, django_capture_on_commit_callbacks):
    petition = file_petition(
        entity, anonymous=False, requester=person(), consent_given=True, filed_at=FILED
    ).petition
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        transfer = petition_transfer(
            petition=petition,
            reason="Vías departamentales",
            target_name="Gobernación del Valle",
            target_email="contactenos@valle.gov.co",
            today=date(2026, 3, 30),
        )
    petition.refresh_from_db()
    assert petition.closing_reason == ClosingReason.TRANSFERRED
    assert transfer.notified_at is not None
    recipients = sorted(m.to[0] for m in mail.outbox)
    assert recipients == ["ana@example.com", "contactenos@valle.gov.co"]


def test_transfer_within_five_business_days_is_not_late(entity):
    petition = file_petition(entity, filed_at=FILED).petition
    transfer = petition_transfer(
        petition=petition,
        reason="x",
        target_name="Otra",
        target_email="a@b.co",
        today=date(2026, 3, 30),
    )
    assert not transfer.is_late
    assert "extemporáneo" not in petition.events.order_by("-id").first().text


def test_late_transfer_is_made_and_recorded_as_extemporaneous(entity):
    petition = file_petition(entity, filed_at=FILED).petition
    transfer = petition_transfer(
        petition=petition,
        reason="La vía es departamental",
        target_name="Gobernación",
        target_email="a@b.co",
        today=date(2026, 3, 31),
    )
    assert transfer.is_late
    petition.refresh_from_db()
    assert petition.closing_reason == ClosingReason.TRANSFERRED
    text = petition.events.get(kind=EventKind.TRANSFERRED).text
    assert "Traslado extemporáneo" in text and "5 días hábiles" in text and "30/03/2026" in text


def test_only_one_extension_per_petition(entity):
    petition = file_petition(entity, filed_at=FILED).petition
    petition_extend(
        petition=petition, new_due_date=date(2026, 4, 22), reason="Carga", today=date(2026, 3, 31)
    )
    with pytest.raises(ValidationError, match="una sola"):
        petition_extend(
            petition=petition,
            new_due_date=date(2026, 5, 7),  # still within the 2× cap
            reason="Otra vez",
            today=date(2026, 4, 1),
        )
    petition.refresh_from_db()
    assert petition.due_date == date(2026, 4, 22) and petition.extensions.count() == 1


def test_transfer_to_an_entity_of_this_installation(entity, other_entity):
    result = file_petition(entity, filed_at=FILED)
    petition = result.petition
    transfer = petition_transfer(
        petition=petition,
        reason="Competencia de B",
        target_entity=other_entity,
        today=date(2026, 3, 24),
    )
    new = transfer.new_petition
    assert new.entity == other_entity
    assert new.transferred_from == petition
    assert new.filing_number.endswith("-000001")
    assert new.events.filter(kind=EventKind.FILED).count() == 2  # copied + its own
    assert new.events.filter(kind=EventKind.RECEIVED_BY_TRANSFER).exists()
    assert new.kind.entity == other_entity and new.kind.code == "peticion_general"


def test_answer_closes_and_semaphore(entity, area):
    petition = file_petition(entity, filed_at=FILED).petition
    assert deadline_status_for(petition, today=date(2026, 4, 7)).code == deadlines.ON_TIME
    assert deadline_status_for(petition, today=date(2026, 4, 10)).code == deadlines.DUE_SOON
    assert deadline_status_for(petition, today=date(2026, 4, 16)).code == deadlines.OVERDUE
    assert deadline_status_for(petition, today=date(2026, 4, 16)).label == "Vencida"
    petition_answer(
        petition=petition,
        text="Se programó la reparación.",
        channel="correo",
        answered_at=datetime(2026, 4, 14, 9, tzinfo=BOGOTA),
        attachments=[SimpleUploadedFile("r.pdf", PDF)],
    )
    assert petition.status == Status.ANSWERED
    assert petition.attachments.filter(is_answer=True).count() == 1
    assert deadline_status_for(petition).code == deadlines.ANSWERED_ON_TIME
    with pytest.raises(ValidationError):
        petition_answer(petition=petition, text="otra", channel="correo")
    petition_reopen(petition=petition, reason="El ciudadano no recibió la respuesta")
    assert petition.is_open
    late = file_petition(entity, filed_at=FILED).petition
    petition_answer(
        petition=late,
        text="Tarde",
        channel="web",
        answered_at=datetime(2026, 4, 20, 9, tzinfo=BOGOTA),
    )
    assert deadline_status_for(late).code == deadlines.ANSWERED_LATE


def test_answer_requires_text_and_stores_nothing(entity):
    petition = file_petition(entity, filed_at=FILED).petition
    with pytest.raises(ValidationError):
        petition_answer(petition=petition, text=" ", channel="web")
    petition.refresh_from_db()
    assert petition.is_open and petition.answer_text == ""


def test_archive_anonymous(entity):
    petition = file_petition(entity, filed_at=FILED).petition
    petition_archive_anonymous(petition=petition, reason="Sin datos verificables")
    assert petition.closing_reason == ClosingReason.ANONYMOUS_ARCHIVED
    named = file_petition(
        entity, anonymous=False, requester=person(), consent_given=True, filed_at=FILED
    ).petition
    with pytest.raises(ValidationError):
        petition_archive_anonymous(petition=named, reason="x")


def test_calendar_change_recomputes_open_due_dates(entity):
    petition = file_petition(entity, filed_at=FILED).petition
    answered = file_petition(entity, filed_at=FILED).petition
    petition_answer(
        petition=answered,
        text="Listo",
        channel="web",
        answered_at=datetime(2026, 3, 25, 9, tzinfo=BOGOTA),
    )
    ClosureDay.objects.create(entity=entity, date=date(2026, 3, 24), reason="Cierre por obras")
    calendar_changed.send(sender=ClosureDay, entity=entity)
    petition.refresh_from_db()
    answered.refresh_from_db()
    assert petition.due_date == date(2026, 4, 16)
    assert answered.due_date == date(2026, 4, 15)
    event = petition.events.get(kind=EventKind.DUE_DATE_RECOMPUTED)
    assert "15/04/2026" in event.text and "16/04/2026" in event.text


def test_closure_day_through_workdays_service_moves_due_dates(
    entity, django_capture_on_commit_callbacks
):
    from cabildo.workdays import services as workdays_services

    petition = file_petition(entity).petition
    calendar = calendar_for(entity)
    before = petition.due_date
    closure = calendar.add_business_days(petition.term_start, 2)
    with django_capture_on_commit_callbacks(execute=True):
        workdays_services.closure_day_create(entity=entity, date=closure, reason="Simulacro")
    petition.refresh_from_db()
    assert petition.due_date == calendar_for(entity).add_business_days(before, 1)
    assert petition.events.filter(kind=EventKind.DUE_DATE_RECOMPUTED).count() == 1
