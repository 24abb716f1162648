"""Writes of commitments made at events and their follow-up notes."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, TypedDict, Unpack

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cabildo.core.models import Area
from cabildo.execution.models import Commitment, CommitmentStatus, Event

if TYPE_CHECKING:
    from cabildo.accounts.models import User


class CommitmentFields(TypedDict, total=False):
    """What ``commitment_update`` may change (each left out keeps its value)."""

    description: str
    responsible_area: Area
    responsible_person: str
    due_date: datetime.date
    status: str


COMMITMENT_FIELDS = tuple(CommitmentFields.__annotations__)


def _append_note(commitment: Commitment, note: str, user: User | None) -> None:
    stamp = timezone.localdate().strftime("%d/%m/%Y")
    author = (getattr(user, "full_name", "") or user.get_username()) if user is not None else ""
    line = f"{stamp} — {author}: {note}" if author else f"{stamp}: {note}"
    commitment.follow_up = f"{commitment.follow_up.rstrip()}\n{line}".strip()


def _save_commitment(
    commitment: Commitment, *, note: str, user: User | None, was_done: bool
) -> None:
    note = " ".join((note or "").split())
    if commitment.status == CommitmentStatus.DONE and not was_done and not note:
        raise ValidationError(
            {"note": _("Para marcar el compromiso como cumplido, describa cómo se cumplió.")}
        )
    if commitment.due_date is None:
        raise ValidationError({"due_date": _("Indique la fecha límite.")})
    if commitment.due_date < timezone.localtime(commitment.event.starts_at).date():
        raise ValidationError(
            {"due_date": _("La fecha límite no puede ser anterior a la fecha del evento.")}
        )
    if note:
        _append_note(commitment, note, user)
    if commitment.status == CommitmentStatus.DONE:
        commitment.completed_on = commitment.completed_on or timezone.localdate()
    else:
        commitment.completed_on = None
    commitment.full_clean()
    commitment.save()


@transaction.atomic
def commitment_create(
    *,
    event: Event,
    description: str,
    responsible_area: Area | None,
    due_date: datetime.date | None,
    responsible_person: str = "",
    status: str = CommitmentStatus.PENDING,
    user: User | None = None,
    note: str = "",
) -> Commitment:
    """Record an agreement or commitment made in an event (``responsible_area`` and
    ``due_date`` are required: ``None`` is refused with a message for the form)."""
    if responsible_area is None or responsible_area.entity_id != event.entity_id:
        raise ValidationError(
            {"responsible_area": _("Elija una dependencia responsable de la entidad.")}
        )
    if due_date is None:
        raise ValidationError({"due_date": _("Indique la fecha límite.")})
    commitment = Commitment(
        entity_id=event.entity_id,
        event=event,
        description=description,
        responsible_area=responsible_area,
        responsible_person=responsible_person,
        due_date=due_date,
        status=status,
    )
    _save_commitment(commitment, note=note, user=user, was_done=False)
    return commitment


@transaction.atomic
def commitment_update(
    *,
    commitment: Commitment,
    user: User | None = None,
    note: str = "",
    **fields: Unpack[CommitmentFields],
) -> Commitment:
    """Change a commitment and append a dated follow-up note (required to mark it done)."""
    unknown = set(fields) - set(COMMITMENT_FIELDS)
    if unknown:
        raise TypeError(f"Unknown fields: {sorted(unknown)}")
    commitment = (
        Commitment.objects.select_for_update().select_related("event").get(pk=commitment.pk)
    )
    was_done = commitment.status == CommitmentStatus.DONE
    area = fields.get("responsible_area", commitment.responsible_area)
    if area is None or area.entity_id != commitment.entity_id:
        raise ValidationError(
            {"responsible_area": _("Elija una dependencia responsable de la entidad.")}
        )
    for name, value in fields.items():
        setattr(commitment, name, value)
    _save_commitment(commitment, note=note, user=user, was_done=was_done)
    return commitment
