"""Private helpers shared by the PQRSD services: timeline events, email, locking, attachments."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils import timezone
from django.utils.translation import gettext as _

from cabildo.outbox.services import MailAttachment, email_queue
from cabildo.pqrs.models import OPEN_STATUSES, Attachment, Petition, PetitionEvent
from cabildo.pqrs.services.attachments import CheckedFile
from cabildo.workdays.calendar import WorkCalendar, calendar_for

if TYPE_CHECKING:
    from cabildo.accounts.models import User


def _event(
    petition: Petition,
    kind: str,
    text: str = "",
    *,
    actor: User | None = None,
    public: bool = True,
    at: datetime | None = None,
) -> PetitionEvent:
    event = PetitionEvent(
        entity_id=petition.entity_id,
        petition=petition,
        kind=kind,
        text=text,
        is_public=public,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        at=at or timezone.now(),
    )
    event.save()
    return event


def _notify(
    petition: Petition,
    subject: str,
    body: str,
    *,
    template: str,
    attachments: Sequence[MailAttachment] = (),
) -> bool:
    """Email the citizen through the outbox (sent after commit, retried, recorded on the
    petition's timeline) when they gave an email. Returns True if queued."""
    email = petition.requester_email
    if not email:
        return False
    email_queue(
        entity=petition.entity,
        to=email,
        subject=f"[{petition.filing_number}] {subject}",
        body=body,
        template=f"pqrs.{template}",
        related=petition,
        attachments=attachments,
    )
    return True


def _calendar(petition: Petition) -> WorkCalendar:
    return calendar_for(petition.entity)


def _today() -> date:
    return timezone.localdate()


def _actor(user: User | None) -> Any:
    return user if getattr(user, "is_authenticated", False) else None


def _check_open(petition: Petition) -> None:
    if petition.status not in OPEN_STATUSES:
        raise ValidationError(_("La petición ya está respondida o cerrada."))


def _store_attachments(
    petition: Petition, files: Sequence[CheckedFile], *, is_answer: bool = False
) -> None:
    for checked in files:
        attachment = Attachment(
            entity_id=petition.entity_id,
            petition=petition,
            original_name=checked.name,
            content_type=checked.content_type,
            size=len(checked.content),
            is_answer=is_answer,
        )
        storage_name = (
            f"pqrs/{petition.entity_id}/{petition.year}/{uuid.uuid4().hex}{checked.extension}"
        )
        attachment.file.save(storage_name, ContentFile(checked.content), save=False)
        attachment.save()


def _lock(petition: Petition) -> Petition:
    locked = (
        Petition.objects.select_for_update().select_related("kind", "entity").get(pk=petition.pk)
    )
    return locked


def _refresh(target: Petition, source: Petition) -> None:
    for f in Petition._meta.concrete_fields:
        setattr(target, f.attname, getattr(source, f.attname))


def _officials_emails(petition: Petition) -> list[str]:
    """Who answers for the petition: the assigned official, else the area's liaisons, else
    the entity's participation leads."""
    from cabildo.accounts.models import Membership, Role

    official = petition.assigned_to
    if official is not None and official.is_active and official.email:
        return [official.email]
    members = Membership.objects.filter(entity_id=petition.entity_id, user__is_active=True)
    if petition.area_id:
        liaisons = members.filter(role=Role.AREA_LIAISON, area_id=petition.area_id)
        emails = sorted({m.user.email for m in liaisons.select_related("user") if m.user.email})
        if emails:
            return emails
    leads = members.filter(role=Role.PARTICIPATION_LEAD).select_related("user")
    return sorted({m.user.email for m in leads if m.user.email})
