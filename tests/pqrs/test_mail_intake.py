"""Mail intake (Decreto 1166 de 2016) against a real IMAP server (pymap, started by the test):
each message filed once as a petition on the email channel, with its attachments checked;
auto-replies, bounces and replies to our own messages recorded but not filed; a server that
is down or refuses the login is recorded, never raised."""

from __future__ import annotations

import re
from email.message import EmailMessage
from email.utils import format_datetime

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from cabildo.accounts.models import Role
from cabildo.pqrs import mail_intake
from cabildo.pqrs.models import Channel, IntakeOutcome, Mailbox, MailIntake, Petition
from cabildo.pqrs.services.completion import petition_request_completion
from cabildo.pqrs.services.configuration import mailbox_update
from tests.pqrs.imap import PASSWORD, USER, imap_server  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db


def message(
    subject="Hueco en la calle 12",
    sender="Ana Ruiz <ana@example.com>",
    body="Hay un hueco frente al número 34 desde hace dos semanas.",
    message_id="<peticion-1@example.com>",
    **headers,
):
    msg = EmailMessage()
    msg["From"] = sender
    msg["To"] = USER
    msg["Subject"] = subject
    msg["Date"] = format_datetime(timezone.now())
    if message_id:
        msg["Message-ID"] = message_id
    for name, value in headers.items():
        msg[name.replace("_", "-")] = value
    msg.set_content(body)
    return msg


@pytest.fixture
def mailbox(entity, imap_server):  # noqa: F811
    return mailbox_update(
        entity=entity,
        address=USER,
        host="127.0.0.1",
        port=imap_server.port,
        use_ssl=False,
        username=USER,
        password=PASSWORD,
    )


def test_each_message_is_filed_once_with_its_attachments(
    entity,
    mailbox,
    imap_server,  # noqa: F811
    django_capture_on_commit_callbacks,
):
    msg = message()
    msg.add_attachment(b"%PDF-1.4 foto", maintype="application", subtype="pdf", filename="foto.pdf")
    msg.add_attachment(b"MZ\x90\x00binario", maintype="application", subtype="octet-stream",
                       filename="virus.exe")  # fmt: skip
    imap_server.deliver(msg)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        result = mail_intake.mailbox_poll(mailbox)
    assert (result.filed, result.skipped, result.errors) == (1, 0, 0)
    petition = Petition.objects.get(entity=entity)
    assert petition.channel == Channel.EMAIL
    assert petition.subject == "Hueco en la calle 12"
    assert "frente al número 34" in petition.description
    assert (petition.requester_name, petition.requester_email) == ("Ana Ruiz", "ana@example.com")
    assert petition.consent is None  # Ley 1581 art. 10 lit. a: no authorization asked
    assert [a.original_name for a in petition.attachments.all()] == ["foto.pdf"]
    note = petition.events.get(kind="nota").text
    assert "virus.exe" in note
    # The sender gets the acknowledgement with the radicado.
    (ack,) = mail.outbox
    assert ack.to == ["ana@example.com"] and petition.filing_number in ack.body
    intake = MailIntake.objects.get()
    assert intake.outcome == IntakeOutcome.FILED and intake.petition == petition
    assert imap_server.unseen() == 0

    # The same message again (a copy, or a poll that re-reads it) is not filed twice.
    imap_server.deliver(msg)
    again = mail_intake.mailbox_poll(mailbox)
    assert again.filed == 0 and Petition.objects.filter(entity=entity).count() == 1
    assert MailIntake.objects.count() == 1


def test_auto_replies_bounces_and_replies_to_us_are_not_filed(
    entity,
    mailbox,
    imap_server,  # noqa: F811
):
    imap_server.deliver(message(message_id="<a1@x>", Auto_Submitted="auto-replied"))
    imap_server.deliver(message(message_id="<a2@x>", X_Autoreply="yes"))
    imap_server.deliver(message(message_id="<a3@x>", Precedence="bulk"))
    imap_server.deliver(message(message_id="<a4@x>", sender="MAILER-DAEMON@mx.example.com"))
    imap_server.deliver(
        message(message_id="<a5@x>", In_Reply_To="<1.2.cabildo-outbox@cabildo.local>")
    )
    imap_server.deliver(message(message_id="<a6@x>", sender=USER))  # our own address
    imap_server.deliver(message(message_id="<a7@x>", Auto_Submitted="no"))  # a person
    result = mail_intake.mailbox_poll(mailbox)
    assert (result.filed, result.skipped, result.errors) == (1, 6, 0)
    outcomes = dict(MailIntake.objects.values_list("message_id", "outcome"))
    assert outcomes == {
        "<a1@x>": IntakeOutcome.AUTO_REPLY,
        "<a2@x>": IntakeOutcome.AUTO_REPLY,
        "<a3@x>": IntakeOutcome.AUTO_REPLY,
        "<a4@x>": IntakeOutcome.AUTO_REPLY,
        "<a5@x>": IntakeOutcome.OWN_REPLY,
        "<a6@x>": IntakeOutcome.OWN_REPLY,
        "<a7@x>": IntakeOutcome.FILED,
    }
    assert Petition.objects.filter(entity=entity).count() == 1


def test_a_message_without_message_id_is_still_handled_once(
    entity,
    mailbox,
    imap_server,  # noqa: F811
):
    msg = message(message_id=None)
    imap_server.deliver(msg)
    imap_server.deliver(msg)
    result = mail_intake.mailbox_poll(mailbox)
    assert result.filed == 1 and Petition.objects.filter(entity=entity).count() == 1
    assert MailIntake.objects.get().message_id.startswith("<sha256:")


def test_server_down_or_bad_password_is_recorded_not_raised(entity, mailbox, imap_server):  # noqa: F811
    Mailbox.objects.filter(pk=mailbox.pk).update(password="equivocada")
    mailbox.refresh_from_db()
    result = mail_intake.mailbox_poll(mailbox)
    assert (result.filed, result.errors) == (0, 0)
    mailbox.refresh_from_db()
    assert mailbox.last_error and mailbox.last_checked_at
    imap_server.stop()
    Mailbox.objects.filter(pk=mailbox.pk).update(password=PASSWORD)
    call_command("pqrs_mail_intake", entidad=entity.slug)  # never raises
    mailbox.refresh_from_db()
    assert "Error" in mailbox.last_error or "refused" in mailbox.last_error.lower()


def test_password_from_the_environment(entity, imap_server, monkeypatch):  # noqa: F811
    monkeypatch.setenv("PQRS_IMAP_TEST", PASSWORD)
    mailbox = mailbox_update(
        entity=entity,
        address=USER,
        host="127.0.0.1",
        port=imap_server.port,
        use_ssl=False,
        username=USER,
        password="se ignora",
        password_env="PQRS_IMAP_TEST",
    )
    assert mailbox.password == ""
    imap_server.deliver(message())
    assert mail_intake.mailboxes_poll().filed == 1


def test_mailbox_page_never_shows_the_password(staff_client, entity):
    client = staff_client(Role.ENTITY_ADMIN)
    url = reverse("pqrs:mailbox")
    data = {
        "address": "pqrs@entidad.test",
        "host": "imap.entidad.test",
        "port": 993,
        "use_ssl": "on",
        "username": "pqrs",
        "password": "s3creta-larga",
        "folder": "INBOX",
        "is_active": "on",
    }
    bad = client.post(url, {**data, "address": "no es correo", "port": 0})
    assert bad.status_code == 200 and not Mailbox.objects.exists()
    no_password = client.post(url, {**data, "password": ""})
    assert no_password.status_code == 200 and not Mailbox.objects.exists()
    assert client.post(url, data).status_code == 302
    page = client.get(url).content.decode()
    assert "s3creta-larga" not in page and "imap.entidad.test" in page
    # Saving again without typing the password keeps it.
    assert (
        client.post(url, {**data, "password": "", "host": "imap2.entidad.test"}).status_code == 302
    )
    saved = Mailbox.objects.get()
    assert (saved.host, saved.password) == ("imap2.entidad.test", "s3creta-larga")
    viewer = staff_client(Role.VIEWER)
    assert viewer.get(url).status_code == 403


def _completion_asked(entity, django_capture_on_commit_callbacks):
    """A petition whose citizen was asked by email to complete it: (petition, request's id)."""
    from tests.pqrs.factories import file_petition
    from tests.pqrs.test_notifications import citizen

    petition = file_petition(
        entity, requester=citizen("ana@example.com"), consent_given=True, anonymous=False
    ).petition
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        petition_request_completion(petition=petition, missing="Copia del recibo")
    (asked,) = mail.outbox
    petition.refresh_from_db()
    assert petition.paused_at is not None
    return petition, asked.message()["Message-ID"]


def test_a_reply_to_the_completion_request_is_filed_as_the_completion(
    entity,
    mailbox,
    imap_server,  # noqa: F811
    make_member,
    django_capture_on_commit_callbacks,
):
    make_member(Role.PARTICIPATION_LEAD, entity, email="lider@entidad.test")
    petition, asked_id = _completion_asked(entity, django_capture_on_commit_callbacks)
    # The same signature on another message's number: not ours.
    forged_id = re.sub(
        r"\.(\d+)-([0-9a-f]{16})\.cabildo-outbox@",
        lambda m: f".{int(m[1]) + 1}-{m[2]}.cabildo-outbox@",
        asked_id,
    )
    assert forged_id != asked_id
    # Someone else replying to it, and a reply naming a message id that was not ours: not filed
    # as the completion (and not as new petitions).
    imap_server.deliver(
        message(message_id="<otro@x>", sender="otro@example.com", In_Reply_To=asked_id)
    )
    imap_server.deliver(message(message_id="<falso@x>", In_Reply_To=forged_id))
    reply = message(
        subject=f"Re: [{petition.filing_number}] Solicitud de completar su petición",
        body="Adjunto la copia del recibo que pidieron.",
        message_id="<respuesta@example.com>",
        In_Reply_To=asked_id,
        References=asked_id,
    )
    reply.add_attachment(b"%PDF-1.4 recibo", maintype="application", subtype="pdf",
                         filename="recibo.pdf")  # fmt: skip
    imap_server.deliver(reply)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        result = mail_intake.mailbox_poll(mailbox)
    assert (result.filed, result.skipped, result.errors) == (1, 2, 0)
    assert Petition.objects.filter(entity=entity).count() == 1
    outcomes = dict(MailIntake.objects.values_list("message_id", "outcome"))
    assert outcomes == {
        "<otro@x>": IntakeOutcome.OWN_REPLY,
        "<falso@x>": IntakeOutcome.OWN_REPLY,
        "<respuesta@example.com>": IntakeOutcome.COMPLETION,
    }
    petition.refresh_from_db()
    assert petition.paused_at is None  # art. 17: the term runs again from the reply's day
    assert petition.term_start == timezone.localdate()
    completion = petition.completion_requests.get()
    assert completion.completed_on == timezone.localdate()
    assert "copia del recibo que pidieron" in completion.completion_text
    assert [a.original_name for a in petition.attachments.all()] == ["recibo.pdf"]
    assert MailIntake.objects.get(outcome=IntakeOutcome.COMPLETION).petition == petition
    # The official in charge is told, and so is the citizen.
    recipients = sorted(to for m in mail.outbox for to in m.to)
    assert recipients == ["ana@example.com", "lider@entidad.test"]
    official = next(m for m in mail.outbox if m.to == ["lider@entidad.test"])
    assert "por correo electrónico" in official.body
    assert imap_server.unseen() == 0


@pytest.mark.parametrize("error", [RuntimeError("fallo inesperado"), ValueError("dato malo")])
def test_a_message_that_keeps_failing_is_left_as_failed_and_shown(
    entity,
    mailbox,
    imap_server,  # noqa: F811
    monkeypatch,
    staff_client,
    caplog,
    error,
):
    def broken(*args, **kwargs):
        raise error

    monkeypatch.setattr(mail_intake, "_file", broken)
    imap_server.deliver(message())
    for attempt in range(1, mail_intake.MAX_ATTEMPTS):
        assert mail_intake.mailbox_poll(mailbox).errors == 1
        intake = MailIntake.objects.get()
        assert (intake.outcome, intake.attempts) == (IntakeOutcome.ERROR, attempt)
        assert imap_server.unseen() == 1  # read again at the next poll
    with caplog.at_level("ERROR", logger="cabildo.pqrs.mail_intake"):
        assert mail_intake.mailbox_poll(mailbox).errors == 1
    intake = MailIntake.objects.get()
    assert (intake.outcome, intake.attempts) == (IntakeOutcome.FAILED, mail_intake.MAX_ATTEMPTS)
    assert str(error) in intake.detail
    assert any("left as failed" in r.getMessage() for r in caplog.records)
    assert imap_server.unseen() == 0
    # Never tried again.
    assert mail_intake.mailbox_poll(mailbox).errors == 0
    assert MailIntake.objects.get().attempts == mail_intake.MAX_ATTEMPTS
    assert not Petition.objects.filter(entity=entity).exists()
    # Staff see it on the mailbox page.
    page = staff_client(Role.ENTITY_ADMIN).get(reverse("pqrs:mailbox")).content.decode()
    assert "Falló varias veces" in page and f"{mail_intake.MAX_ATTEMPTS} intentos" in page


@pytest.mark.parametrize("html_only", [False, True], ids=["gmail-text-and-html", "outlook-html"])
def test_the_emailed_completion_keeps_the_citizens_words_not_the_quoted_request(
    entity,
    mailbox,
    imap_server,  # noqa: F811
    django_capture_on_commit_callbacks,
    html_only,
):
    petition, asked_id = _completion_asked(entity, django_capture_on_commit_callbacks)
    if html_only:  # Outlook: HTML only, the request below its "De: / Enviado:" block
        reply = message(
            subject="RE: Solicitud de completar su petición",
            message_id="<outlook@example.com>",
            In_Reply_To=asked_id,
        )
        reply.set_content(
            "<html><body><div>Adjunto la copia del recibo.</div>"
            '<div id="appendonsend"></div><hr>'
            '<div id="divRplyFwdMsg"><b>De:</b> Entidad &lt;pqrs@entidad.test&gt;<br>'
            "<b>Enviado:</b> lunes, 7 de diciembre de 2026 9:14<br>"
            "<b>Para:</b> ana@example.com<br>"
            "<b>Asunto:</b> Solicitud de completar su petición</div>"
            "<div>Para continuar necesitamos: Copia del recibo</div></body></html>",
            subtype="html",
        )
    else:  # Gmail: plain text and HTML, the request quoted below "El … escribió:"
        reply = message(
            subject="Re: Solicitud de completar su petición",
            message_id="<gmail@example.com>",
            In_Reply_To=asked_id,
            body=(
                "Adjunto la copia del recibo.\n\n"
                "El lun, 7 dic 2026 a las 9:14, Entidad <pqrs@entidad.test> escribió:\n\n"
                "> Para continuar necesitamos: Copia del recibo\n"
            ),
        )
        reply.add_alternative(
            '<div dir="ltr">Adjunto la copia del recibo.</div><br><div class="gmail_quote">'
            '<div class="gmail_attr">El lun, 7 dic 2026 a las 9:14, Entidad escribió:</div>'
            '<blockquote class="gmail_quote">Para continuar necesitamos: Copia del recibo'
            "</blockquote></div>",
            subtype="html",
        )
    imap_server.deliver(reply)
    with django_capture_on_commit_callbacks(execute=True):
        result = mail_intake.mailbox_poll(mailbox)
    assert (result.filed, result.errors) == (1, 0)
    completion = petition.completion_requests.get()
    assert completion.completed_on == timezone.localdate()
    assert completion.completion_text == "Adjunto la copia del recibo."
