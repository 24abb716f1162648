"""Outgoing radicados: numbering, verification codes, issue and cancellation."""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cabildo.core.models import Entity
from cabildo.outbox.services import MailAttachment
from cabildo.pqrs import deadlines
from cabildo.pqrs.models import DocumentKind, EventKind, OutgoingCounter, OutgoingDocument, Petition
from cabildo.pqrs.services._common import _actor, _event
from cabildo.pqrs.services.configuration import settings_for
from cabildo.pqrs.services.tracking import TRACKING_CODE_ALPHABET, tracking_code_normalize

if TYPE_CHECKING:
    from cabildo.accounts.models import User


VERIFICATION_CODE_LENGTH = 12


def format_outgoing_number(prefix: str, year: int, sequence: int) -> str:
    return f"{prefix}{year}-S-{sequence:06d}"


def verification_code_new() -> str:
    raw = "".join(secrets.choice(TRACKING_CODE_ALPHABET) for _ in range(VERIFICATION_CODE_LENGTH))
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"


def verification_code_normalize(code: str) -> str:
    raw = tracking_code_normalize(code)
    if len(raw) != VERIFICATION_CODE_LENGTH:
        return ""
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"


def _next_outgoing_sequence(*, entity: Entity, year: int) -> int:
    """The next outgoing number of (entity, year), taken under a row lock held until the
    caller's transaction ends: a number is used or rolled back with its document, so the
    consecutive has no gaps and no duplicates under concurrent answers (Acuerdo AGN 060)."""
    counter = OutgoingCounter.objects.select_for_update().filter(entity=entity, year=year).first()
    if counter is None:  # the first document of the year creates the counter
        OutgoingCounter.objects.get_or_create(entity=entity, year=year)
        counter = OutgoingCounter.objects.select_for_update().get(entity=entity, year=year)
    counter.last_number += 1
    counter.save(update_fields=["last_number"])
    return counter.last_number


def _recipient_of(petition: Petition) -> str:
    if petition.anonymous or not petition.requester_name:
        return _("Peticionario anónimo")
    parts = [petition.requester_name]
    if petition.requester_address:
        parts.append(petition.requester_address)
    if petition.requester_email:
        parts.append(petition.requester_email)
    return "\n".join(parts)


def document_issue(
    petition: Petition,
    *,
    kind: str,
    subject: str,
    body: str,
    annexes: Sequence[str] = (),
    actor: User | None = None,
    issued_at: datetime | None = None,
) -> OutgoingDocument:
    """Issue an official communication about ``petition`` (locked by the caller) with the
    next outgoing radicado; what it says is kept as issued (callers write it in Spanish: an
    official document is in Spanish whatever the language of the page that caused it)."""
    pqrs_settings = settings_for(entity=petition.entity)
    issued_at = issued_at or timezone.now()
    year = deadlines.local_date(issued_at).year
    sequence = _next_outgoing_sequence(entity=petition.entity, year=year)
    document = OutgoingDocument(
        entity_id=petition.entity_id,
        petition=petition,
        kind=kind,
        year=year,
        sequence=sequence,
        number=format_outgoing_number(pqrs_settings.filing_prefix, year, sequence),
        issued_at=issued_at,
        verification_code=verification_code_new(),
        recipient=_recipient_of(petition),
        subject=subject[:300],
        body=body,
        annexes=list(annexes),
        letter_header=pqrs_settings.letter_header,
        letter_city=pqrs_settings.letter_city,
        signer_name=pqrs_settings.signer_name,
        signer_title=pqrs_settings.signer_title,
        created_by=_actor(actor),
    )
    document.full_clean(exclude=["entity", "petition"])
    document.save()
    return document


@transaction.atomic
def document_cancel(
    *, document: OutgoingDocument, reason: str, actor: User | None = None
) -> OutgoingDocument:
    """Anular a radicado de salida: the number is never reused; the row stays with the reason,
    the date and who cancelled it (Acuerdo AGN 060 de 2001). The petition keeps its state:
    to answer again, reopen it and answer (a new radicado is issued)."""
    locked = OutgoingDocument.objects.select_for_update().get(pk=document.pk)
    if locked.is_cancelled:
        raise ValidationError(_("Este radicado de salida ya fue anulado."))
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Explique el motivo de la anulación.")})
    locked.cancelled_at = timezone.now()
    locked.cancel_reason = reason.strip()
    locked.cancelled_by = _actor(actor)
    locked.full_clean(exclude=["entity", "petition"])
    locked.save(update_fields=["cancelled_at", "cancel_reason", "cancelled_by"])
    _event(
        locked.petition,
        EventKind.DOCUMENT_CANCELLED,
        _("Se anuló el radicado de salida %(number)s. Motivo: %(reason)s")
        % {"number": locked.number, "reason": locked.cancel_reason},
        actor=actor,
    )
    for f in ("cancelled_at", "cancel_reason", "cancelled_by_id"):
        setattr(document, f, getattr(locked, f))
    return locked


def document_verify(*, entity: Entity | None, code: str) -> OutgoingDocument | None:
    """The document with this verification code (any entity when ``entity`` is None)."""
    normalized = verification_code_normalize(code)
    if not normalized:
        return None
    qs = OutgoingDocument.objects.select_related("entity", "petition")
    if entity is not None:
        qs = qs.filter(entity=entity)
    return qs.filter(verification_code=normalized).first()


def letter_attachment(document: OutgoingDocument) -> MailAttachment:
    renderer = {
        DocumentKind.ANSWER: "cabildo.pqrs.letters.answer_letter_for_email",
        DocumentKind.WITHDRAWAL: "cabildo.pqrs.letters.withdrawal_act_for_email",
    }[DocumentKind(document.kind)]
    return MailAttachment(f"{document.number}.pdf", b"", "application/pdf", render_with=renderer)
