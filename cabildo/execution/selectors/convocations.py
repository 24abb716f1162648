"""Reads of convocations: the list and the email recipients of one."""

from __future__ import annotations

import re
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db.models import QuerySet

from cabildo.core.models import Entity
from cabildo.execution.models import (
    Convocation,
)

EMAIL_RE = re.compile(r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9.\-]+\.[A-Za-z]{2,}")


def emails_in(text: str) -> list[str]:
    """The valid email addresses written in a free-text contact field, lower-cased."""
    found = []
    for candidate in EMAIL_RE.findall(text or ""):
        candidate = candidate.strip(".").lower()
        try:
            validate_email(candidate)
        except ValidationError:
            continue
        found.append(candidate)
    return found


def convocation_recipients(*, convocation: Convocation) -> list[str]:
    """Email addresses the entity holds for the convened grupos de valor (their organisation
    contact) and instancias (their institutional contact and their members' contacts):
    deduplicated, empty or invalid ones skipped, sorted. Three queries."""
    from cabildo.bodies.models import BodyMember

    emails: set[str] = set()
    for contact in convocation.stakeholder_groups.values_list("organisation_contact", flat=True):
        emails.update(emails_in(contact))
    body_ids = list(convocation.bodies.values_list("pk", flat=True))
    for contact in convocation.bodies.values_list("public_contact", flat=True):
        emails.update(emails_in(contact))
    for contact in (
        BodyMember.objects.filter(body_id__in=body_ids, is_vacant=False)
        .exclude(contact="")
        .values_list("contact", flat=True)
    ):
        emails.update(emails_in(contact))
    return sorted(emails)


def convocation_list(*, entity: Entity, activity: Any = None) -> QuerySet[Convocation]:
    qs = Convocation.objects.for_entity(entity).select_related(
        "activity", "activity__area", "event"
    )
    if activity is not None:
        qs = qs.filter(activity=activity)
    return qs.order_by("-created_at", "-pk")
