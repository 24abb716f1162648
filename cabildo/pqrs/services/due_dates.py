"""Recomputing the terms of open petitions when the entity's calendar changes."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from cabildo.core.models import Entity
from cabildo.pqrs.models import EventKind, Petition
from cabildo.pqrs.services._common import _event
from cabildo.workdays.calendar import calendar_for


def recompute_due_dates(*, entity: Entity) -> int:
    """After the entity's calendar changed: recompute open, unextended, running terms."""
    calendar = calendar_for(entity)
    changed = 0
    candidates = (
        Petition.objects.for_entity(entity)
        .open()
        .filter(term_days__isnull=False, term_start__isnull=False, paused_at__isnull=True)
        .filter(extended=False)
        .only(
            "pk",
            "due_date",
            "term_start",
            "term_days",
            "entity_id",
            "requester_email",
            "filing_number",
        )
    )
    for petition in candidates.iterator():
        if petition.term_start is None or petition.term_days is None:
            continue  # not yet under a term (the filter above leaves none)
        new_due = calendar.add_business_days(petition.term_start, petition.term_days)
        if new_due == petition.due_date:
            continue
        with transaction.atomic():
            old = petition.due_date
            Petition.objects.filter(pk=petition.pk).update(due_date=new_due)
            petition.due_date = new_due
            _event(
                petition,
                EventKind.DUE_DATE_RECOMPUTED,
                _(
                    "El calendario de días hábiles de la entidad cambió: el vencimiento pasa del "
                    "%(old)s al %(new)s."
                )
                % {
                    "old": old.strftime("%d/%m/%Y") if old else "—",
                    "new": new_due.strftime("%d/%m/%Y"),
                },
            )
        changed += 1
    return changed


def on_calendar_changed(sender: Any, entity: Entity | None = None, **kwargs: Any) -> None:
    if entity is None:
        for each in Entity.objects.filter(is_active=True):
            recompute_due_dates(entity=each)
        return
    recompute_due_dates(entity=entity)
