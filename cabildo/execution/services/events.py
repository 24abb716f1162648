"""Writes of events: create, update (capacity and the waitlist), cancel."""

from __future__ import annotations

import datetime
from functools import partial
from typing import TYPE_CHECKING, TypedDict, Unpack

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from cabildo.core.models import Entity
from cabildo.execution.models import (
    Event,
    OverCapacity,
    Registration,
    RegistrationChannel,
    RegistrationStatus,
)
from cabildo.execution.services.registrations import (
    confirmed_count,
    registration_email_send,
    waitlist_promote,
)
from cabildo.outbox.services import email_queue

if TYPE_CHECKING:
    from cabildo.plans.models import PlannedActivity


class EventFields(TypedDict, total=False):
    """What an official may set on an event (besides its activity, a parameter of its own)."""

    title: str
    description: str
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    modality: str
    place: str
    address: str
    link: str
    agenda: str
    capacity: int | None
    registration_opens_at: datetime.datetime | None
    registration_closes_at: datetime.datetime | None
    accessibility_notes: str
    is_published: bool


EVENT_FIELDS = tuple(EventFields.__annotations__)


def _check_activity(entity: Entity, activity: PlannedActivity | None) -> None:
    if activity is None or activity.entity_id != entity.pk:
        raise ValidationError({"activity": _("La actividad no pertenece a la entidad.")})


@transaction.atomic
def event_create(
    *, entity: Entity, activity: PlannedActivity, **fields: Unpack[EventFields]
) -> Event:
    _check_activity(entity, activity)
    unknown = set(fields) - set(EVENT_FIELDS)
    if unknown:
        raise TypeError(f"Unknown fields: {sorted(unknown)}")
    event = Event(entity=entity, activity=activity, **fields)
    event.full_clean()
    event.save()
    return event


@transaction.atomic
def event_update(
    *,
    event: Event,
    activity: PlannedActivity | None = None,
    over_capacity: str = "",
    **fields: Unpack[EventFields],
) -> Event:
    """Change the given fields; ``activity`` left out (``None``) keeps the event's activity.

    A capacity below the confirmed registrations needs ``over_capacity`` (an
    :class:`OverCapacity`): keep them all confirmed, or move the most recent ones to the
    waitlist (people already checked in stay confirmed; those moved are told by email)."""
    unknown = set(fields) - set(EVENT_FIELDS)
    if unknown:
        raise TypeError(f"Unknown fields: {sorted(unknown)}")
    Event.objects.select_for_update().filter(pk=event.pk).first()  # registrations wait for us
    if activity is not None:
        _check_activity(event.entity, activity)
        event.activity = activity
    old_capacity = event.capacity
    for name, value in fields.items():
        setattr(event, name, value)
    event.full_clean()
    excess = 0
    if event.capacity is not None and event.capacity != old_capacity:
        excess = confirmed_count(event) - event.capacity
    if excess > 0 and over_capacity not in OverCapacity.values:
        raise ValidationError(
            {"over_capacity": over_capacity_question(excess=excess, capacity=event.capacity)},
            code="over_capacity",
        )
    event.save()
    if excess > 0 and over_capacity == OverCapacity.WAITLIST:
        _move_to_waitlist(event, excess)
    if event.capacity is None or (old_capacity is not None and event.capacity > old_capacity):
        waitlist_promote(event)
    return event


def over_capacity_question(*, excess: int, capacity: int | None) -> str:
    return ngettext(
        "El nuevo cupo (%(capacity)s) deja %(excess)s inscripción confirmada por encima del "
        "cupo. Elija qué hacer con ella.",
        "El nuevo cupo (%(capacity)s) deja %(excess)s inscripciones confirmadas por encima del "
        "cupo. Elija qué hacer con ellas.",
        excess,
    ) % {"capacity": capacity, "excess": excess}


def _move_to_waitlist(event: Event, excess: int) -> list[Registration]:
    """The ``excess`` most recent confirmed registrations not yet checked in go back to the
    waitlist, ahead of those already waiting (they had a place). Caller holds the event lock."""
    moved = list(
        event.registrations.filter(status=RegistrationStatus.CONFIRMED, attended=False)
        .exclude(channel=RegistrationChannel.WALK_IN)
        .order_by("-created_at", "-pk")[:excess]
    )
    for registration in moved:
        registration.status = RegistrationStatus.WAITLISTED
        registration.promoted_at = None
        registration.save(update_fields=["status", "promoted_at"])
        if registration.email:
            transaction.on_commit(
                partial(registration_email_send, registration_id=registration.pk, moved=True)
            )
    return moved


@transaction.atomic
def event_cancel(*, event: Event, reason: str) -> Event:
    """Cancel the event; everyone registered with an email is told why, after commit."""
    was_cancelled = event.is_cancelled
    event.is_cancelled = True
    event.cancellation_reason = (reason or "").strip()
    event.full_clean()
    event.save()
    if not was_cancelled:
        pk = event.pk
        transaction.on_commit(lambda: event_cancelled_emails_send(event_id=pk))
    return event


def event_cancelled_emails_send(*, event_id: int) -> None:
    event = Event.objects.select_related("entity").get(pk=event_id)
    emails = sorted(
        set(
            event.registrations.exclude(status=RegistrationStatus.CANCELLED)
            .exclude(email="")
            .values_list("email", flat=True)
        )
    )
    subject = _("Evento cancelado: %(event)s") % {"event": event.title}
    when = timezone.localtime(event.starts_at).strftime("%d/%m/%Y %H:%M")
    body = "\n".join(
        [
            _("El evento «%(event)s» del %(when)s fue cancelado.")
            % {"event": event.title, "when": when},
            _("Motivo: %(reason)s") % {"reason": event.cancellation_reason},
            "",
            event.entity.name,
        ]
    )
    for email in emails:
        email_queue(
            entity=event.entity,
            to=email,
            subject=subject,
            body=body,
            template="execution.event_cancelled",
            related=event,
        )
