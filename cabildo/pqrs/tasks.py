"""Periodic PQRSD jobs: daily reminder digests and closing withdrawn petitions (art. 17)."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from celery import shared_task
from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from cabildo.accounts.models import Membership, Role, User
from cabildo.core import dates
from cabildo.core.models import Entity
from cabildo.outbox.services import email_queue
from cabildo.pqrs import deadlines
from cabildo.pqrs.models import OPEN_STATUSES, Petition
from cabildo.pqrs.selectors import Row, deadline_status_of, semaphore_context
from cabildo.pqrs.services.withdrawal import petitions_close_withdrawn


def _digest_body(title: str, rows: list[Row]) -> str:
    lines = [title, ""]
    for row in rows:
        petition = row.petition
        lines.append(
            f"- {petition.filing_number} · {petition.subject} · "
            + _("vence el %(date)s") % {"date": dates.dmy(petition.due_date)}
            + f" · {row.status.label}"
        )
    return "\n".join(lines)


def entity_digests(*, entity: Entity, today: date | None = None) -> int:
    """Send one digest per responsible person, and the entity digest to participation leads."""
    ctx = semaphore_context(entity=entity, today=today)
    petitions = (
        Petition.objects.for_entity(entity)
        .filter(
            status__in=OPEN_STATUSES,
            paused_at__isnull=True,
            due_date__isnull=False,
            due_date__lte=ctx.soon_limit,
        )
        .select_related("assigned_to", "area")
        .order_by("due_date", "id")
    )
    rows = [Row(p, deadline_status_of(p, ctx)) for p in petitions]
    rows = [r for r in rows if r.status.code in (deadlines.DUE_SOON, deadlines.OVERDUE)]
    if not rows:
        return 0
    liaisons: dict[int, list[User]] = defaultdict(list)
    for membership in Membership.objects.filter(
        entity=entity, role=Role.AREA_LIAISON, user__is_active=True
    ).select_related("user"):
        if membership.area_id is not None:
            liaisons[membership.area_id].append(membership.user)
    per_user: dict[User, list[Row]] = defaultdict(list)
    for row in rows:
        responsible: list[User] = []
        if row.petition.assigned_to is not None:
            responsible = [row.petition.assigned_to]
        elif row.petition.area_id:
            responsible = liaisons.get(row.petition.area_id, [])
        for user in responsible:
            if user.is_active and user.email:
                per_user[user].append(row)
    sent = 0
    subject = _("PQRSD por vencer y vencidas · %(entity)s") % {"entity": entity.short_name}
    for user, user_rows in per_user.items():
        body = _digest_body(_("Sus peticiones por vencer y vencidas:"), user_rows)
        email_queue(
            entity=entity, to=user.email, subject=subject, body=body, template="pqrs.digest"
        )
        sent += 1
    leads = (
        Membership.objects.filter(entity=entity, role=Role.PARTICIPATION_LEAD, user__is_active=True)
        .select_related("user")
        .order_by("user_id")
    )
    lead_emails = sorted({m.user.email for m in leads if m.user.email})
    if lead_emails:
        body = _digest_body(_("Peticiones de la entidad por vencer y vencidas:"), rows)
        for email in lead_emails:
            email_queue(entity=entity, to=email, subject=subject, body=body, template="pqrs.digest")
            sent += 1
    return sent


@shared_task(name="cabildo.pqrs.tasks.send_reminders")
def send_reminders() -> int:
    """Daily: each responsible person gets one digest; leads get the entity digest."""
    sent = 0
    with translation.override(settings.LANGUAGE_CODE):
        for entity in Entity.objects.filter(is_active=True):
            sent += entity_digests(entity=entity, today=timezone.localdate())
    return sent


@shared_task(name="cabildo.pqrs.tasks.close_withdrawn")
def close_withdrawn() -> int:
    with translation.override(settings.LANGUAGE_CODE):
        return petitions_close_withdrawn(now=timezone.now())


@shared_task(name="cabildo.pqrs.tasks.poll_mailboxes")
def poll_mailboxes() -> dict[str, int]:
    """Every few minutes: file the new messages of each entity's PQRSD mailbox."""
    from cabildo.pqrs.mail_intake import mailboxes_poll

    with translation.override(settings.LANGUAGE_CODE):
        result = mailboxes_poll()
    return {"filed": result.filed, "skipped": result.skipped, "errors": result.errors}
