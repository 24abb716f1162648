"""Writes of the outbox: queue a message on commit, send it, retry it.

Modules never call ``send_mail``: they call :func:`email_queue` inside the transaction of the
change that causes the message. The row is sent after commit by a background task
(:mod:`cabildo.outbox.tasks`, eager in tests and development); a failure is recorded and retried
with back-off by the periodic ``send_due`` job, and never reaches the request that queued it.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.mail import EmailMessage
from django.core.mail.message import make_msgid
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from cabildo.core.models import Entity
from cabildo.outbox.models import EmailStatus, OutboundAttachment, OutboundEmail

logger = logging.getLogger(__name__)

# Attempts before a message is left as failed (staff can still retry it by hand).
MAX_ATTEMPTS = 6
# Wait after the n-th failed attempt: 1, 4, 16, 64, 256 minutes, then at most 6 hours.
BACKOFF_FIRST = timedelta(minutes=1)
BACKOFF_FACTOR = 4
BACKOFF_MAX = timedelta(hours=6)
# A message claimed by a worker that died while sending is released after this long.
CLAIM_TIMEOUT = timedelta(minutes=10)
SEND_DUE_BATCH = 200
# In the Message-ID of every message sent (``<…cabildo-outbox@host>``): replies name it in
# In-Reply-To/References, which is how mail intake tells them from new petitions.
OWN_MESSAGE_TAG = "cabildo-outbox"
# ``<…{email id}-{signature}.cabildo-outbox@host>``: a reply names the message it answers, and
# the signature keeps a forged In-Reply-To from pointing at someone else's message.
_OWN_ID = re.compile(r"\.(\d+)-([0-9a-f]{16})\." + re.escape(OWN_MESSAGE_TAG) + "@")


def _id_signature(email_id: int) -> str:
    return salted_hmac("cabildo.outbox.message-id", str(email_id)).hexdigest()[:16]


def message_id_string(email_id: int) -> str:
    """The id part of the Message-ID of the outbox message ``email_id``."""
    return f"{email_id}-{_id_signature(email_id)}.{OWN_MESSAGE_TAG}"


def replied_email_ids(references: str) -> list[int]:
    """The outbox messages that In-Reply-To/References name (signature checked), newest first."""
    ids = [
        int(number)
        for number, signature in _OWN_ID.findall(references)
        if constant_time_compare(signature, _id_signature(int(number)))
    ]
    return sorted(set(ids), reverse=True)


@dataclass(frozen=True)
class MailAttachment:
    """A file to attach: its bytes, or ``render_with``, the dotted path of a function of the
    message's related object that makes them when the message is sent."""

    name: str
    content: bytes
    content_type: str
    render_with: str = ""


def backoff(attempts: int) -> timedelta:
    """Wait before the next attempt after ``attempts`` failed ones (attempts >= 1)."""
    seconds = BACKOFF_FIRST.total_seconds() * BACKOFF_FACTOR ** min(max(attempts - 1, 0), 20)
    return min(timedelta(seconds=seconds), BACKOFF_MAX)


def _one_line(text: str) -> str:
    return " ".join(str(text).split())


def _enqueue(email_id: int) -> None:
    """Hand the message to the task queue. If the broker is unreachable the row stays queued
    and the periodic ``send_due`` job sends it: the request that queued it never fails."""
    from cabildo.outbox import tasks

    try:
        tasks.send.delay(email_id)
    except Exception:  # broker down: the row is the source of truth
        logger.warning("outbox: could not enqueue email %s; send_due will send it", email_id)


@transaction.atomic
def email_queue(
    *,
    entity: Entity,
    to: str,
    subject: str,
    body: str,
    template: str,
    related: Any = None,
    attachments: Sequence[MailAttachment] = (),
    from_email: str = "",
    reply_to: str = "",
) -> OutboundEmail:
    """Record a message to ``to`` and send it after the current transaction commits."""
    email = OutboundEmail(
        entity=entity,
        to=(to or "").strip(),
        subject=_one_line(subject)[:500],
        body=body,
        template=template,
        from_email=from_email,
        reply_to=reply_to,
    )
    if related is not None:
        if getattr(related, "entity_id", entity.pk) != entity.pk:
            raise ValidationError(_("El objeto relacionado es de otra entidad."))
        email.content_type = ContentType.objects.get_for_model(related)
        email.object_id = related.pk
    email.full_clean()
    email.save()
    for attachment in attachments:
        row = OutboundAttachment(
            email=email,
            name=attachment.name[:200],
            content_type=attachment.content_type,
            render_with=attachment.render_with,
        )
        if not attachment.render_with:
            row.file.save(attachment.name[:100], ContentFile(attachment.content), save=False)
        row.save()
    transaction.on_commit(lambda: _enqueue(email.pk))
    return email


def _message(email: OutboundEmail) -> EmailMessage:
    message = EmailMessage(
        subject=email.subject,
        body=email.body,
        from_email=email.from_email or settings.DEFAULT_FROM_EMAIL,
        to=[email.to],
        reply_to=[email.reply_to] if email.reply_to else None,
        headers={
            "X-Cabildo-Template": email.template,
            # Tagged so that mail intake recognises a reply to one of our messages.
            "Message-ID": make_msgid(idstring=message_id_string(email.pk)),
        },
    )
    for attachment in email.attachments.all():
        if attachment.render_with:
            content = import_string(attachment.render_with)(email.related)
        else:
            with attachment.file.open("rb") as handle:
                content = handle.read()
        message.attach(attachment.name, content, attachment.content_type)
    return message


def email_send(*, email_id: int, now: datetime | None = None) -> bool:
    """Try to send one queued message that is due. Records the attempt; never raises for a
    mail-server failure. Returns True when the message was sent."""
    now = now or timezone.now()
    claimed = (
        OutboundEmail.objects.filter(pk=email_id, status=EmailStatus.QUEUED)
        .filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
        .update(status=EmailStatus.SENDING, claimed_at=now, attempts=F("attempts") + 1)
    )
    if not claimed:  # sent already, taken by another worker, or not due yet
        return False
    email = OutboundEmail.objects.get(pk=email_id)
    try:
        _message(email).send(fail_silently=False)
    except Exception as exc:  # any failure of the mail server or the network is recorded
        attempts = email.attempts
        failed = attempts >= MAX_ATTEMPTS
        OutboundEmail.objects.filter(pk=email_id).update(
            status=EmailStatus.FAILED if failed else EmailStatus.QUEUED,
            next_attempt_at=None if failed else now + backoff(attempts),
            claimed_at=None,
            last_error=f"{type(exc).__name__}: {exc}"[:2000],
        )
        logger.warning("outbox: email %s failed (attempt %s): %s", email_id, attempts, exc)
        return False
    OutboundEmail.objects.filter(pk=email_id).update(
        status=EmailStatus.SENT, sent_at=timezone.now(), claimed_at=None, next_attempt_at=None
    )
    return True


def emails_send_due(*, now: datetime | None = None) -> int:
    """Send every queued message that is due (periodic job). Returns how many were sent."""
    now = now or timezone.now()
    OutboundEmail.objects.filter(
        status=EmailStatus.SENDING, claimed_at__lt=now - CLAIM_TIMEOUT
    ).update(status=EmailStatus.QUEUED, claimed_at=None)
    due = (
        OutboundEmail.objects.filter(status=EmailStatus.QUEUED)
        .filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
        .order_by("created_at", "id")
        .values_list("pk", flat=True)[:SEND_DUE_BATCH]
    )
    return sum(email_send(email_id=pk, now=now) for pk in list(due))


@transaction.atomic
def email_retry(*, email: OutboundEmail) -> OutboundEmail:
    """Send a message again now (staff action). A message already sent is not sent twice."""
    locked = OutboundEmail.objects.select_for_update().get(pk=email.pk)
    if locked.status == EmailStatus.SENT:
        raise ValidationError(_("Este correo ya fue enviado."))
    if locked.status == EmailStatus.SENDING:
        raise ValidationError(_("Este correo se está enviando en este momento."))
    locked.status = EmailStatus.QUEUED
    locked.next_attempt_at = None
    locked.save(update_fields=["status", "next_attempt_at"])
    transaction.on_commit(lambda: _enqueue(locked.pk))
    return locked
