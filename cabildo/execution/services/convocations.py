"""Writes of convocations: save, send, and their delivery in batches."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cabildo.core.links import entity_url
from cabildo.core.models import Entity
from cabildo.core.public_cache import invalidate_entity
from cabildo.execution.models import Convocation, ConvocationChannel, ConvocationStatus, Event
from cabildo.outbox.services import email_queue

if TYPE_CHECKING:
    from cabildo.accounts.models import User


CONVOCATION_BATCH_SIZE = 50


def _check_convocation_targets(
    entity_id: int, activity: Any, event: Event | None, groups: Any, bodies: Any
) -> None:
    errors: dict[str, list[str]] = {}
    if activity is None or activity.entity_id != entity_id:
        errors["activity"] = [_("La actividad no pertenece a la entidad.")]
    if event is not None and (event.entity_id != entity_id or event.activity_id != activity.pk):
        errors["event"] = [_("El evento no corresponde a la actividad.")]
    if any(g.entity_id != entity_id for g in groups):
        errors["stakeholder_groups"] = [_("Los grupos de valor deben ser de la entidad.")]
    if any(b.entity_id != entity_id for b in bodies):
        errors["bodies"] = [_("Las instancias deben ser de la entidad.")]
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def convocation_save(
    *,
    entity: Entity,
    activity: Any,
    subject: str,
    message: str,
    channels: list[str],
    stakeholder_groups: Any = (),
    bodies: Any = (),
    event: Event | None = None,
    other_reach: int = 0,
    user: User | None = None,
    convocation: Convocation | None = None,
) -> Convocation:
    """Create a convocation, or change one that has not been sent."""
    groups, body_list = list(stakeholder_groups), list(bodies)
    _check_convocation_targets(entity.pk, activity, event, groups, body_list)
    if convocation is None:
        convocation = Convocation(entity=entity, created_by=user)
    else:
        convocation = Convocation.objects.select_for_update().get(pk=convocation.pk)
        if convocation.status != ConvocationStatus.DRAFT:
            raise ValidationError(_("La convocatoria ya fue enviada: no se puede modificar."))
    convocation.activity = activity
    convocation.event = event
    convocation.subject = (subject or "").strip()
    convocation.message = (message or "").strip()
    convocation.channels = list(channels)
    convocation.other_reach = other_reach or 0
    convocation.reach = convocation.other_reach
    if (
        ConvocationChannel.EMAIL not in convocation.channels
        and not convocation.other_reach
        and channels
    ):
        raise ValidationError(
            {"other_reach": _("Indique cuántas personas convocó por los canales elegidos.")}
        )
    convocation.full_clean()
    convocation.save()
    convocation.stakeholder_groups.set(groups)
    convocation.bodies.set(body_list)
    return convocation


@transaction.atomic
def convocation_send(*, convocation: Convocation) -> Convocation:
    """Mark the convocation as sent and, when email is one of its channels, queue the emails to
    the contacts the entity holds for the convened groups and instancias (sent in the background
    in batches, after commit). Sending twice is refused."""
    from cabildo.execution.selectors.convocations import convocation_recipients

    convocation = Convocation.objects.select_for_update().get(pk=convocation.pk)
    if convocation.status != ConvocationStatus.DRAFT:
        raise ValidationError(_("Esta convocatoria ya fue enviada; no se envía de nuevo."))
    recipients: list[str] = []
    if ConvocationChannel.EMAIL in convocation.channels:
        recipients = convocation_recipients(convocation=convocation)
        if not recipients:
            raise ValidationError(
                _(
                    "No hay correos de contacto registrados para los grupos de valor e "
                    "instancias convocados. Complete sus contactos o quite el canal de correo."
                )
            )
    convocation.recipient_emails = recipients
    convocation.recipients_total = len(recipients)
    convocation.recipients_sent = 0
    convocation.recipients_failed = 0
    convocation.reach = len(recipients) + convocation.other_reach
    convocation.sent_at = timezone.now()
    convocation.status = ConvocationStatus.SENDING if recipients else ConvocationStatus.SENT
    convocation.save()
    if recipients:
        from cabildo.execution.tasks import send_convocation_emails

        pk = convocation.pk
        transaction.on_commit(lambda: send_convocation_emails.delay(pk))
    return convocation


def convocation_email_body(convocation: Convocation) -> str:
    lines = [convocation.message, ""]
    event = convocation.event
    if event is not None:
        when = timezone.localtime(event.starts_at).strftime("%d/%m/%Y %H:%M")
        lines += [f"{event.title} — {when}", event.place or event.link]
        if event.is_published:
            lines.append(entity_url(convocation.entity, "execution:public_detail", args=[event.pk]))
        lines.append("")
    lines.append(convocation.entity.name)
    return "\n".join(line for line in lines if line is not None)


def convocation_deliver(*, convocation_id: int) -> int:
    """Queue the emails of a convocation in the outbox in batches, one message per recipient
    (nobody sees the other addresses), updating the progress counters after each batch. Resumes
    where it stopped; does nothing unless the convocation is being sent. Returns the emails
    queued (the outbox sends them, retries failures and records each one)."""
    from django.db.models import F

    convocation = Convocation.objects.select_related("entity", "event").get(pk=convocation_id)
    if convocation.status != ConvocationStatus.SENDING:
        return 0
    body = convocation_email_body(convocation)
    pending = convocation.recipient_emails[
        convocation.recipients_sent + convocation.recipients_failed :
    ]
    total_sent = 0
    for start in range(0, len(pending), CONVOCATION_BATCH_SIZE):
        batch = pending[start : start + CONVOCATION_BATCH_SIZE]
        sent = failed = 0
        for address in batch:
            try:
                email_queue(
                    entity=convocation.entity,
                    to=address,
                    subject=convocation.subject,
                    body=body,
                    template="execution.convocation",
                    related=convocation,
                )
                sent += 1
            except ValidationError:  # one bad address must not stop the rest
                failed += 1
        Convocation.objects.filter(pk=convocation.pk).update(
            recipients_sent=F("recipients_sent") + sent,
            recipients_failed=F("recipients_failed") + failed,
        )
        total_sent += sent
    Convocation.objects.filter(pk=convocation.pk).update(status=ConvocationStatus.SENT)
    # QuerySet.update() sends no signal; the public event pages show whether it was convened.
    invalidate_entity(convocation.entity_id)
    return total_sent
