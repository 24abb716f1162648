"""Transferring a petition to the competent entity."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cabildo.core.models import Entity
from cabildo.outbox.services import email_queue
from cabildo.pqrs import deadlines
from cabildo.pqrs.models import (
    ClosingReason,
    EventKind,
    Petition,
    PetitionEvent,
    PetitionKind,
    Status,
    Transfer,
)
from cabildo.pqrs.services._common import (
    _actor,
    _calendar,
    _check_open,
    _event,
    _lock,
    _notify,
    _refresh,
    _store_attachments,
    _today,
)
from cabildo.pqrs.services.attachments import ALLOWED_TYPES, CheckedFile
from cabildo.pqrs.services.configuration import kinds_ensure_defaults
from cabildo.pqrs.services.filing import FilingResult, Requester, petition_create

if TYPE_CHECKING:
    from cabildo.accounts.models import User


@transaction.atomic
def petition_transfer(
    *,
    petition: Petition,
    reason: str,
    target_entity: Entity | None = None,
    target_name: str = "",
    target_email: str = "",
    actor: User | None = None,
    today: date | None = None,
) -> Transfer:
    """Traslado por competencia (art. 21), due within 5 business days, with notice to the
    citizen. A later transfer is still made (an entity may find out late that it is not
    competent) and recorded as extemporáneo."""
    today = today or _today()
    locked = _lock(petition)
    _check_open(locked)
    errors: dict[str, list[str]] = {}
    calendar = _calendar(locked)
    filed_on = deadlines.local_date(locked.filed_at)
    is_late = deadlines.transfer_is_late(calendar, filed_on, today)
    if not (reason or "").strip():
        errors["reason"] = [_("Explique por qué la entidad no es competente.")]
    if target_entity is not None:
        if target_entity.pk == locked.entity_id:
            errors["target_entity"] = [_("No puede trasladar la petición a la misma entidad.")]
        target_name = target_name or target_entity.name
        target_email = target_email or target_entity.email
    elif not target_name.strip():
        errors["target_name"] = [_("Indique la entidad competente.")]
    elif not target_email.strip():
        errors["target_email"] = [
            _("Indique el correo de la entidad competente para enviarle la petición.")
        ]
    if errors:
        raise ValidationError(errors)
    transfer = Transfer(
        entity_id=locked.entity_id,
        petition=locked,
        target_entity=target_entity,
        target_name=target_name.strip(),
        target_email=target_email.strip(),
        reason=reason.strip(),
        is_late=is_late,
        created_by=_actor(actor),
    )
    transfer.full_clean()
    new_result: FilingResult | None = None
    if target_entity is not None:
        kinds_ensure_defaults(entity=target_entity)
        target_kind = PetitionKind.objects.filter(
            entity=target_entity, code=locked.kind.code
        ).first() or PetitionKind.objects.get(entity=target_entity, code="peticion_general")
        new_result = petition_create(
            entity=target_entity,
            kind=target_kind,
            subject=locked.subject,
            description=locked.description,
            channel=locked.channel,
            anonymous=locked.anonymous,
            requester=Requester(
                name=locked.requester_name,
                document_type=locked.requester_document_type,
                document_number=locked.requester_document_number,
                email=locked.requester_email,
                phone=locked.requester_phone,
                address=locked.requester_address,
            ),
            is_priority=locked.is_priority,
            priority_reason=locked.priority_reason,
            filed_at=timezone.now(),
            actor=None,
            transferred_from=locked,
        )
        new_petition = new_result.petition
        for old in locked.events.order_by("at", "id"):
            PetitionEvent(
                entity_id=target_entity.pk,
                petition=new_petition,
                kind=old.kind,
                text=_("[%(origin)s %(number)s] %(text)s")
                % {
                    "origin": locked.entity.short_name,
                    "number": locked.filing_number,
                    "text": old.text,
                },
                is_public=old.is_public,
                at=old.at,
            ).save()
        _event(
            new_petition,
            EventKind.RECEIVED_BY_TRANSFER,
            _("Recibida por traslado de %(entity)s (radicado %(number)s). Motivo: %(reason)s")
            % {
                "entity": locked.entity.name,
                "number": locked.filing_number,
                "reason": transfer.reason,
            },
        )
        for attachment in locked.attachments.filter(is_answer=False):
            attachment.file.open("rb")
            content = attachment.file.read()
            attachment.file.close()
            _store_attachments(
                new_petition,
                [
                    CheckedFile(
                        attachment.original_name,
                        content,
                        attachment.content_type,
                        ALLOWED_TYPES.get(attachment.content_type, ""),
                    )
                ],
            )
        transfer.new_petition = new_petition
    text = _(
        "La entidad no es competente. La petición se trasladó a %(target)s. Motivo: %(reason)s"
    ) % {"target": transfer.target_name, "reason": transfer.reason}
    if is_late:
        text += " " + deadlines.late_transfer_note(
            deadlines.transfer_window_ends(calendar, filed_on)
        )
    if new_result is not None:
        text += " " + _("Nuevo radicado en esa entidad: %(number)s.") % {
            "number": new_result.petition.filing_number
        }
        if new_result.petition.requester_email:
            text_code = _("Su código de seguimiento en %(entity)s es %(code)s.") % {
                "entity": new_result.petition.entity.name,
                "code": new_result.tracking_code,
            }
        else:
            text_code = ""
    else:
        text_code = ""
    if _notify(
        locked,
        _("Traslado de su petición por competencia"),
        f"{text}\n\n{text_code}".strip(),
        template="transfer",
    ):
        transfer.notified_at = timezone.now()
    transfer.save()
    if transfer.target_email and new_result is None:
        body = _(
            "La entidad %(entity)s traslada por competencia la petición %(number)s "
            "(Ley 1755 de 2015, art. 21).\n\nAsunto: %(subject)s\n\n%(description)s\n\n"
            "Peticionario: %(requester)s %(email)s"
        ) % {
            "entity": locked.entity.name,
            "number": locked.filing_number,
            "subject": locked.subject,
            "description": locked.description,
            "requester": locked.requester_name or _("anónimo"),
            "email": locked.requester_email,
        }
        email_queue(
            entity=locked.entity,
            to=transfer.target_email,
            subject=_("Traslado por competencia: %(number)s") % {"number": locked.filing_number},
            body=body,
            template="pqrs.transfer_target",
            related=locked,
        )
    locked.status = Status.CLOSED
    locked.closing_reason = ClosingReason.TRANSFERRED
    locked.paused_at = None
    locked.save(update_fields=["status", "closing_reason", "paused_at"])
    _event(locked, EventKind.TRANSFERRED, text, actor=actor)
    _refresh(petition, locked)
    return transfer
