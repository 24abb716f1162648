"""Mail intake (Decreto 1166 de 2016: email is a legal channel for petitions).

Each entity's mailbox is read by IMAP (imap-tools) every few minutes. Each new message is filed
as a petition on the email channel, with the sender as the citizen's contact and the
attachments that pass the filing's checks; the sender gets the acknowledgement with the
radicado. A message is handled once (its Message-ID is unique per entity); auto-replies,
bounces and replies to the entity's own messages are recorded but not filed, except the
citizen's reply to a completion request (art. 17), which is filed as that petition's
completion. A failure is logged and recorded, and the message is read again at the next poll
up to ``MAX_ATTEMPTS`` times; then it is left as failed (seen, listed on the mailbox page) and
never retried. A failure never stops the other messages or the other entities.
"""

from __future__ import annotations

import hashlib
import logging
import os
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.errors import HeaderParseError
from email.header import decode_header, make_header
from typing import Any

import quotequail
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from cabildo.outbox.models import OutboundEmail
from cabildo.outbox.services import OWN_MESSAGE_TAG, replied_email_ids
from cabildo.pqrs.models import (
    Channel,
    EventKind,
    IntakeOutcome,
    Mailbox,
    MailIntake,
    Petition,
    PetitionKind,
)
from cabildo.pqrs.services._common import _event
from cabildo.pqrs.services.attachments import (
    MAX_ATTACHMENTS,
    attachment_check,
    too_many_attachments_message,
)
from cabildo.pqrs.services.completion import pending_completion, petition_complete_by_citizen
from cabildo.pqrs.services.configuration import kinds_ensure_defaults
from cabildo.pqrs.services.filing import Requester, petition_file

logger = logging.getLogger(__name__)

# Kind given to a petition that arrives by email (the official reclassifies it if needed).
EMAIL_KIND_CODE = "peticion_general"
# A message's Date header is trusted as the time of receipt within this window; otherwise
# (missing, in the future, or older: a mailbox left unread) the time it was read is used.
DATE_TRUST_WINDOW = timedelta(days=3)
BATCH = 100
AUTO_SENDERS = ("mailer-daemon", "postmaster", "no-reply", "noreply", "no-responder")
AUTO_PRECEDENCE = ("bulk", "auto_reply", "junk", "list")
# Polls that may fail on one message before it is left as failed and not read again.
MAX_ATTEMPTS = 5
# The messages of ours that a citizen answers with what a completion request asked for.
COMPLETION_TEMPLATES = ("pqrs.completion_request", "pqrs.completion_extension")


def _header(headers: dict[str, tuple[str, ...]], name: str) -> str:
    return " ".join(headers.get(name.lower(), ())).strip()


def auto_reply_reason(headers: dict[str, tuple[str, ...]], sender: str) -> str:
    """Why a message is an automatic one (empty string: written by a person). RFC 3834
    Auto-Submitted, the de facto X-Autoreply/X-Autorespond and Precedence headers, delivery
    reports and the usual robot senders."""
    auto_submitted = _header(headers, "auto-submitted").lower()
    if auto_submitted and auto_submitted != "no":
        return f"Auto-Submitted: {auto_submitted}"
    for name in ("x-autoreply", "x-autorespond", "x-auto-response-suppress"):
        if _header(headers, name):
            return name
    precedence = _header(headers, "precedence").lower()
    if precedence in AUTO_PRECEDENCE:
        return f"Precedence: {precedence}"
    if "multipart/report" in _header(headers, "content-type").lower():
        return "multipart/report"
    local = sender.split("@", 1)[0].lower()
    if not sender or local in AUTO_SENDERS:
        return _("remitente automático: %(sender)s") % {"sender": sender or "<>"}
    return ""


def _references(headers: dict[str, tuple[str, ...]]) -> str:
    """In-Reply-To and References, decoded (some senders fold a long one as an RFC 2047 word)."""
    raw = _header(headers, "in-reply-to") + " " + _header(headers, "references")
    try:
        return str(make_header(decode_header(raw)))
    except (HeaderParseError, LookupError, UnicodeError):
        return raw


def is_reply_to_own(headers: dict[str, tuple[str, ...]]) -> bool:
    """A reply to a message the product sent (its Message-ID carries the outbox tag)."""
    return f"{OWN_MESSAGE_TAG}@" in _references(headers)


def message_key(headers: dict[str, tuple[str, ...]], raw: bytes) -> str:
    """The Message-ID, or a digest of the message when it has none (still handled once)."""
    message_id = _header(headers, "message-id")
    if message_id:
        return message_id[:500]
    return "<sha256:" + hashlib.sha256(raw).hexdigest() + ">"


def password_of(mailbox: Mailbox) -> str:
    if mailbox.password_env:
        return os.environ.get(mailbox.password_env, "")
    return mailbox.password


@dataclass
class PollResult:
    filed: int = 0
    skipped: int = 0
    errors: int = 0


def _connect(mailbox: Mailbox) -> Any:
    from imap_tools import MailBox, MailBoxUnencrypted

    cls = MailBox if mailbox.use_ssl else MailBoxUnencrypted
    client = cls(mailbox.host, mailbox.port, timeout=30)
    return client.login(mailbox.username, password_of(mailbox), initial_folder=mailbox.folder)


def _filed_at(message: Any, now: datetime) -> datetime:
    date = getattr(message, "date", None)
    if date is None or date.tzinfo is None or date.year < 2000:
        return now
    if now - DATE_TRUST_WINDOW <= date <= now:
        return date
    return now


def _uploads(message: Any) -> tuple[list[ContentFile], list[str]]:
    """The attachments that pass the filing's checks (type by content, size, at most the
    filing's number of files), and a line for each one left out."""
    accepted: list[ContentFile] = []
    rejected: list[str] = []
    for part in message.attachments:
        upload = ContentFile(part.payload, name=(part.filename or "anexo")[-200:])
        if len(accepted) >= MAX_ATTACHMENTS:
            rejected.append(f"{upload.name}: {too_many_attachments_message()}")
            continue
        try:
            attachment_check(upload)
        except ValidationError as exc:
            rejected.append(" ".join(exc.messages))
            continue
        accepted.append(upload)
    return accepted, rejected


def _no_text() -> str:
    return _("(Correo sin texto; vea los anexos.)")


def _description(message: Any) -> str:
    text = (message.text or "").strip()
    if not text and message.html:
        text = strip_tags(message.html).strip()
    return text or _no_text()


def _without_quote_marks(text: str) -> str:
    """Drop the lines quoted with ">" (a reply written between the quoted lines keeps the
    citizen's own lines) and the blank lines left at either end."""
    own = [line for line in text.splitlines() if not line.lstrip().startswith(">")]
    return "\n".join(own).strip()


def reply_text(text: str) -> str:
    """The citizen's own words in an email reply, without the message they answer: what Gmail
    quotes below "El … escribió:" / "On … wrote:", Outlook below "-----Mensaje original-----",
    "-----Original Message-----" or a "De: / Enviado: / Para: / Asunto:" block, and lines
    starting with ">". quotequail (Close) finds the headers in Spanish, English and other
    languages; a reply written below the quote (bottom-posting) is kept too. Empty when the
    reply is all quote."""
    unwrapped = quotequail.unwrap(text)
    if unwrapped is not None:
        text = "\n\n".join(
            part for part in (unwrapped.get("text_top"), unwrapped.get("text_bottom")) if part
        )
    return _without_quote_marks(text)


def _reply_description(message: Any) -> str:
    """The text of a citizen's emailed reply to a completion request: their own words only
    (the request they answer is already on the petition's record)."""
    if (message.text or "").strip():
        own = reply_text(message.text)
    elif message.html:
        unwrapped = quotequail.unwrap_html(message.html)
        html = message.html
        if unwrapped is not None:
            html = "".join(
                part for part in (unwrapped.get("html_top"), unwrapped.get("html_bottom")) if part
            )
        own = _without_quote_marks(strip_tags(html))
    else:
        own = ""
    return own or _no_text()


def _file(mailbox: Mailbox, message: Any, kind: PetitionKind, now: datetime) -> Any:
    sender_name = (message.from_values.name if message.from_values else "") or message.from_
    uploads, rejected = _uploads(message)
    result = petition_file(
        entity=mailbox.entity,
        kind=kind,
        subject=(message.subject or "").strip()[:200] or _("Petición recibida por correo"),
        description=_description(message),
        channel=Channel.EMAIL,
        anonymous=False,
        requester=Requester(name=sender_name[:200], email=message.from_),
        consent_exempt=True,
        filed_at=_filed_at(message, now),
        attachments=uploads,
    )
    if rejected:
        _event(
            result.petition,
            EventKind.NOTE,
            _("Anexos del correo que no se admitieron: %(files)s") % {"files": "; ".join(rejected)},
        )
    return result.petition, rejected


def _record(
    mailbox: Mailbox,
    key: str,
    message: Any,
    outcome: str,
    *,
    petition: Petition | None = None,
    detail: str | None = None,
    attempts: int | None = None,
) -> None:
    """Record the message's outcome; ``petition``, ``detail`` and ``attempts`` left out
    (``None``) keep what an earlier record of the same message holds."""
    defaults: dict[str, Any] = {
        "mailbox": mailbox,
        "sender": (message.from_ or "")[:320],
        "subject": (message.subject or "")[:300],
        "outcome": outcome,
    }
    if petition is not None:
        defaults["petition"] = petition
    if detail is not None:
        defaults["detail"] = detail
    if attempts is not None:
        defaults["attempts"] = attempts
    MailIntake.objects.update_or_create(
        entity_id=mailbox.entity_id, message_id=key, defaults=defaults
    )


def _completion_target(mailbox: Mailbox, headers: dict[str, tuple[str, ...]], sender: str) -> Any:
    """The petition whose completion request this message answers: it names (In-Reply-To or
    References) a completion request we sent about it, comes from the address it was sent to,
    and the request is still pending. None otherwise."""
    ids = replied_email_ids(_references(headers))
    if not ids:
        return None
    asked = (
        OutboundEmail.objects.for_entity(mailbox.entity)
        .filter(pk__in=ids, template__in=COMPLETION_TEMPLATES, object_id__isnull=False)
        .order_by("-pk")
        .first()
    )
    if asked is None or asked.object_id is None or asked.to.lower() != sender.lower():
        return None
    petition = Petition.objects.for_entity(mailbox.entity).filter(pk=asked.object_id).first()
    if petition is None or pending_completion(petition) is None:
        return None
    return petition


def _complete(mailbox: Mailbox, key: str, message: Any, petition: Petition) -> str:
    uploads, rejected = _uploads(message)
    try:
        with transaction.atomic():
            petition_complete_by_citizen(
                petition=petition,
                text=_reply_description(message),
                attachments=uploads,
                by_email=True,
            )
            if rejected:
                _event(
                    petition,
                    EventKind.NOTE,
                    _("Anexos del correo que no se admitieron: %(files)s")
                    % {"files": "; ".join(rejected)},
                )
            _record(
                mailbox,
                key,
                message,
                IntakeOutcome.COMPLETION,
                petition=petition,
                detail="; ".join(rejected),
            )
    except ValidationError as exc:  # e.g. the deadline to complete had passed
        _record(
            mailbox,
            key,
            message,
            IntakeOutcome.OWN_REPLY,
            petition=petition,
            detail=" ".join(exc.messages),
        )
        return IntakeOutcome.OWN_REPLY
    return IntakeOutcome.COMPLETION


def _failure(mailbox: Mailbox, key: str, message: Any, done: Any, detail: str) -> str:
    """Record one more failed attempt; after ``MAX_ATTEMPTS`` the message is left as failed."""
    attempts = (done.attempts + 1) if done is not None else 1
    outcome = IntakeOutcome.FAILED if attempts >= MAX_ATTEMPTS else IntakeOutcome.ERROR
    if outcome == IntakeOutcome.FAILED:
        logger.error(
            "mail intake: message %s of %s failed %s times; left as failed", key, mailbox, attempts
        )
        detail = (
            ngettext(
                "Falló %(n)s vez; no se reintenta. Radíquelo a mano si corresponde.",
                "Falló %(n)s veces; no se reintenta. Radíquelo a mano si corresponde.",
                attempts,
            )
            % {"n": attempts}
            + " "
            + detail
        )
    _record(mailbox, key, message, outcome, detail=detail[:2000], attempts=attempts)
    return outcome


def handle_message(mailbox: Mailbox, message: Any, *, kind: PetitionKind, now: datetime) -> str:
    """File or skip one message; returns its outcome. Raises nothing for a bad message."""
    headers = {k.lower(): v for k, v in message.headers.items()}
    key = message_key(headers, message.obj.as_bytes())
    done = MailIntake.objects.filter(entity_id=mailbox.entity_id, message_id=key).first()
    if done is not None and done.outcome != IntakeOutcome.ERROR:
        return "duplicate"
    sender = (message.from_ or "").strip()
    reason = auto_reply_reason(headers, sender)
    if reason:
        _record(mailbox, key, message, IntakeOutcome.AUTO_REPLY, detail=reason)
        return IntakeOutcome.AUTO_REPLY
    own_address = sender.lower() == mailbox.address.lower()
    if own_address or is_reply_to_own(headers):
        petition = None if own_address else _completion_target(mailbox, headers, sender)
        if petition is not None:
            return _complete(mailbox, key, message, petition)
        _record(mailbox, key, message, IntakeOutcome.OWN_REPLY)
        return IntakeOutcome.OWN_REPLY
    try:
        with transaction.atomic():
            petition, rejected = _file(mailbox, message, kind, now)
            _record(
                mailbox,
                key,
                message,
                IntakeOutcome.FILED,
                petition=petition,
                detail="; ".join(rejected),
            )
    except (ValidationError, IntegrityError, ValueError) as exc:
        messages = exc.messages if isinstance(exc, ValidationError) else [str(exc)]
        logger.warning("mail intake: message %s of %s not filed: %s", key, mailbox, messages)
        return _failure(mailbox, key, message, done, " ".join(messages))
    except Exception as exc:  # a bug or a broken message: recorded, retried a few times
        logger.exception("mail intake: message %s of %s failed", key, mailbox)
        return _failure(mailbox, key, message, done, f"{type(exc).__name__}: {exc}")
    return IntakeOutcome.FILED


def mailbox_poll(mailbox: Mailbox, *, now: datetime | None = None) -> PollResult:
    """Read the unseen messages of ``mailbox`` and handle each once. Connection and server
    failures are logged and recorded on the mailbox, never raised."""
    now = now or timezone.now()
    result = PollResult()
    kinds = kinds_ensure_defaults(entity=mailbox.entity)
    kind = next(k for k in kinds if k.code == EMAIL_KIND_CODE)
    try:
        from imap_tools import AND, MailMessageFlags

        with _connect(mailbox) as client:
            for message in client.fetch(AND(seen=False), mark_seen=False, limit=BATCH):
                try:
                    outcome = handle_message(mailbox, message, kind=kind, now=now)
                except Exception:  # one broken message never stops the others
                    logger.exception("mail intake: message %s of %s failed", message.uid, mailbox)
                    result.errors += 1
                    continue
                if outcome == IntakeOutcome.ERROR:  # read again at the next poll
                    result.errors += 1
                    continue
                if outcome == IntakeOutcome.FAILED:
                    result.errors += 1
                elif outcome in (IntakeOutcome.FILED, IntakeOutcome.COMPLETION):
                    result.filed += 1
                else:
                    result.skipped += 1
                client.flag(message.uid, MailMessageFlags.SEEN, True)
        error = ""
    except Exception as exc:  # server down, bad credentials, TLS, timeouts…
        logger.warning("mail intake: mailbox %s of entity %s: %s", mailbox, mailbox.entity_id, exc)
        error = f"{type(exc).__name__}: {exc}"[:2000]
    Mailbox.objects.filter(pk=mailbox.pk).update(last_checked_at=now, last_error=error)
    mailbox.last_checked_at, mailbox.last_error = now, error
    return result


def mailboxes_poll(*, now: datetime | None = None) -> PollResult:
    """Every active mailbox of every active entity (the periodic job)."""
    total = PollResult()
    for mailbox in Mailbox.objects.filter(is_active=True, entity__is_active=True).select_related(
        "entity"
    ):
        one = mailbox_poll(mailbox, now=now)
        total.filed += one.filed
        total.skipped += one.skipped
        total.errors += one.errors
    return total
