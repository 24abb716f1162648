"""Answering a petition and notifying the answer."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from cabildo.core.links import entity_url
from cabildo.outbox.services import MailAttachment
from cabildo.pqrs.models import (
    Channel,
    ClosingReason,
    DocumentKind,
    EventKind,
    OutgoingDocument,
    Petition,
    Status,
)
from cabildo.pqrs.services._common import (
    _check_open,
    _event,
    _lock,
    _notify,
    _refresh,
    _store_attachments,
)
from cabildo.pqrs.services.attachments import CheckedFile, attachments_check
from cabildo.pqrs.services.documents import document_issue, letter_attachment
from cabildo.pqrs.services.filing import FUTURE_TOLERANCE

if TYPE_CHECKING:
    from cabildo.accounts.models import User


# The answer email attaches the annexes up to this total; above it, it links the tracking page.
EMAIL_ANNEXES_MAX_BYTES = 10 * 1024 * 1024


@transaction.atomic
def petition_answer(
    *,
    petition: Petition,
    text: str,
    channel: str,
    answered_at: datetime | None = None,
    attachments: Iterable[Any] = (),
    actor: User | None = None,
) -> Petition:
    """Respuesta de fondo: closes the petition as answered."""
    locked = _lock(petition)
    _check_open(locked)
    now = timezone.now()
    answered_at = answered_at or now
    errors: dict[str, list[str]] = {}
    if not (text or "").strip():
        errors["text"] = [_("Escriba la respuesta.")]
    if channel not in Channel.values:
        errors["channel"] = [_("Seleccione el canal de respuesta.")]
    if answered_at > now + FUTURE_TOLERANCE:
        errors["answered_at"] = [_("La fecha de respuesta no puede estar en el futuro.")]
    elif answered_at < locked.filed_at:
        errors["answered_at"] = [_("La fecha de respuesta no puede ser anterior a la radicación.")]
    if locked.is_paused:
        errors.setdefault("text", []).append(
            _("Hay una solicitud de completar pendiente; regístrela como completada primero.")
        )
    try:
        checked = attachments_check(attachments)
    except ValidationError as exc:
        checked = []
        errors.setdefault("attachments", []).extend(exc.messages)
    if errors:
        raise ValidationError(errors)
    locked.answer_text = text.strip()
    locked.answer_channel = channel
    locked.answered_at = answered_at
    locked.status = Status.ANSWERED
    locked.closing_reason = ClosingReason.ANSWERED
    locked.save()
    _store_attachments(locked, checked, is_answer=True)
    with translation.override(settings.LANGUAGE_CODE):
        letter_subject = _("Respuesta a su petición %(number)s: %(subject)s") % {
            "number": locked.filing_number,
            "subject": locked.subject,
        }
    letter = document_issue(
        locked,
        kind=DocumentKind.ANSWER,
        subject=letter_subject,
        body=locked.answer_text,
        annexes=[f.name for f in checked],
        actor=actor,
        issued_at=answered_at,
    )
    _event(
        locked,
        EventKind.ANSWERED,
        _(
            "Respuesta de fondo enviada por %(channel)s con la carta de radicado de salida "
            "%(number)s."
        )
        % {"channel": locked.get_answer_channel_display(), "number": letter.number},
        actor=actor,
        at=answered_at,
    )
    _notify_answer(locked, letter, checked)
    _refresh(petition, locked)
    return locked


def _notify_answer(
    petition: Petition, letter: OutgoingDocument, annexes: Sequence[CheckedFile]
) -> bool:
    """The answer email: the letter (PDF) always attached; the annexes attached when they fit
    under :data:`EMAIL_ANNEXES_MAX_BYTES`, otherwise the email says where to download them.
    The text says exactly which of the two happened."""
    attachments = [letter_attachment(letter)]
    lines = [
        _("Respondemos su petición %(number)s «%(subject)s».")
        % {"number": petition.filing_number, "subject": petition.subject},
        "",
        _("Adjuntamos la carta de respuesta con radicado de salida %(number)s (PDF).")
        % {"number": letter.number},
    ]
    total = sum(len(f.content) for f in annexes)
    if annexes and total <= EMAIL_ANNEXES_MAX_BYTES:
        attachments += [MailAttachment(f.name, f.content, f.content_type) for f in annexes]
        lines.append(
            _("También adjuntamos %(n)s anexo(s): %(names)s.")
            % {"n": len(annexes), "names": ", ".join(f.name for f in annexes)}
        )
    elif annexes:
        lines.append(
            _(
                "Los anexos (%(names)s) pesan más de lo que se puede enviar por correo: "
                "descárguelos en %(url)s con su número de radicado y su código de seguimiento."
            )
            % {
                "names": ", ".join(f.name for f in annexes),
                "url": entity_url(petition.entity, "pqrs:track"),
            }
        )
    lines += [
        "",
        petition.answer_text,
        "",
        _(
            "Cualquier persona puede comprobar la autenticidad de la carta con el código de "
            "verificación %(code)s en %(url)s"
        )
        % {"code": letter.verification_code, "url": entity_url(petition.entity, "pqrs:verify")},
    ]
    return _notify(
        petition,
        _("Respuesta a su petición"),
        "\n".join(lines),
        template="answer",
        attachments=attachments,
    )
