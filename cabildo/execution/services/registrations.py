"""Writes of registrations: register, cancel by token, promote from the waitlist, check in."""

from __future__ import annotations

import datetime
from functools import partial
from typing import Any
from urllib.parse import urlsplit

from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cabildo.core.links import entity_url
from cabildo.execution import ical
from cabildo.execution.models import (
    NOT_STARTED_MESSAGE,
    Event,
    Registration,
    RegistrationChannel,
    RegistrationStatus,
)
from cabildo.outbox.services import MailAttachment, email_queue
from cabildo.privacy.models import ConsentChannel
from cabildo.privacy.services import consent_record

SENSITIVE_FIELDS = ("age_range", "sex", "ethnicity", "disability")
CANCEL_SALT = "execution.registration.cancel"
REGISTRATION_PURPOSE = "event_registration"
SENSITIVE_PURPOSE = "event_registration_sensitive"


def registration_purpose_text() -> Any:
    return gettext_lazy("inscribirme en el evento y recibir información sobre él")


def sensitive_purpose_text() -> Any:
    return gettext_lazy(
        "que la entidad use los datos sociodemográficos que marqué solo con fines estadísticos "
        "(datos sensibles; su entrega es facultativa)"
    )


def registration_is_open(event: Event, *, now: datetime.datetime | None = None) -> bool:
    now = now or timezone.now()
    if event.is_cancelled or not event.is_published:
        return False
    if event.registration_opens_at and now < event.registration_opens_at:
        return False
    closes = event.registration_closes_at or event.starts_at
    return now < closes


def confirmed_count(event: Event) -> int:
    return event.registrations.filter(status=RegistrationStatus.CONFIRMED).count()


def cancel_token(registration: Registration) -> str:
    return signing.dumps({"r": registration.pk}, salt=CANCEL_SALT)


def registration_from_token(token: str) -> Registration | None:
    try:
        data = signing.loads(token, salt=CANCEL_SALT)
    except signing.BadSignature:
        return None
    return Registration.objects.select_related("event", "entity").filter(pk=data.get("r")).first()


@transaction.atomic
def registration_create(
    *,
    event: Event,
    name: str,
    email: str = "",
    phone: str = "",
    stakeholder_group: Any = None,
    territory: Any = None,
    consent_given: bool,
    sensitive_opt_ins: dict[str, bool] | None = None,
    age_range: str = "",
    sex: str = "",
    ethnicity: str = "",
    disability: bool | None = None,
    channel: str = RegistrationChannel.WEB,
    request: HttpRequest | None = None,
    notify: bool = True,
    subject_is_minor: bool = False,
    guardian_name: str = "",
) -> Registration:
    """Register a person; confirmed while there is room, otherwise on the waitlist.

    The event row is locked so concurrent registrations never exceed the capacity. Sensitive
    answers are kept only when their own opt-in is ticked.
    """
    locked = Event.objects.select_for_update().get(pk=event.pk)
    email = (email or "").strip().lower()
    phone = (phone or "").strip()
    name = (name or "").strip()
    errors: dict[str, list[str]] = {}
    if not name:
        errors["name"] = [_("Escriba su nombre.")]
    if not email and not phone:
        errors["email"] = [_("Indique un correo electrónico o un teléfono para contactarle.")]
    if not consent_given:
        errors["consent"] = [_("Debe autorizar el tratamiento de sus datos para inscribirse.")]
    if channel == RegistrationChannel.WEB and not registration_is_open(locked):
        errors["__all__"] = [_("Las inscripciones para este evento no están abiertas.")]
    elif locked.is_cancelled:
        errors["__all__"] = [_("El evento fue cancelado.")]
    for label, obj in (("stakeholder_group", stakeholder_group), ("territory", territory)):
        if obj is not None and obj.entity_id != locked.entity_id:
            errors[label] = [_("La opción elegida no pertenece a la entidad.")]
    if (
        email
        and not errors
        and locked.registrations.filter(email=email)
        .exclude(status=RegistrationStatus.CANCELLED)
        .exists()
    ):
        errors["email"] = [
            _(
                "Ya hay una inscripción con este correo para este evento. Revise su correo: allí "
                "está la confirmación."
            )
        ]
    if errors:
        raise ValidationError(errors)

    opt_ins = sensitive_opt_ins or {}
    sensitive = {
        "age_range": age_range if opt_ins.get("age_range") else "",
        "sex": sex if opt_ins.get("sex") else "",
        "ethnicity": ethnicity if opt_ins.get("ethnicity") else "",
        "disability": disability if opt_ins.get("disability") else None,
    }
    consent_channel = (
        ConsentChannel.WEB if channel == RegistrationChannel.WEB else ConsentChannel.PAPER
    )
    from cabildo.privacy.services import consent_text

    consent = consent_record(
        entity=locked.entity,
        purpose=REGISTRATION_PURPOSE,
        text=consent_text(registration_purpose_text()),
        channel=consent_channel,
        request=request,
        subject_name=name,
        subject_email=email,
        subject_is_minor=subject_is_minor,
        guardian_name=guardian_name,
    )
    sensitive_consent = None
    if any(v not in ("", None) for v in sensitive.values()):
        sensitive_consent = consent_record(
            entity=locked.entity,
            purpose=SENSITIVE_PURPOSE,
            text=consent_text(sensitive_purpose_text()),
            channel=consent_channel,
            request=request,
            sensitive=True,
            subject_name=name,
            subject_email=email,
        )
    walk_in = channel == RegistrationChannel.WALK_IN
    # A walk-in is already in the room: counted as attending, never sent to the waitlist.
    full = (
        not walk_in and locked.capacity is not None and confirmed_count(locked) >= locked.capacity
    )
    registration = Registration(
        entity=locked.entity,
        event=locked,
        name=name,
        email=email,
        phone=phone,
        stakeholder_group=stakeholder_group,
        territory=territory,
        status=RegistrationStatus.WAITLISTED if full else RegistrationStatus.CONFIRMED,
        channel=channel,
        consent=consent,
        sensitive_consent=sensitive_consent,
        attended=walk_in,
        checked_in_at=timezone.now() if walk_in else None,
        **sensitive,
    )
    registration.full_clean(exclude=["event", "entity"])
    registration.save()
    if email and notify and not walk_in:
        pk = registration.pk
        transaction.on_commit(lambda: registration_email_send(registration_id=pk))
    return registration


@transaction.atomic
def registration_cancel(*, registration: Registration) -> Registration:
    """Cancel a registration; a freed confirmed place goes to the oldest waitlisted person."""
    event = Event.objects.select_for_update().get(pk=registration.event_id)
    registration.refresh_from_db()
    if registration.status == RegistrationStatus.CANCELLED:
        return registration
    registration.status = RegistrationStatus.CANCELLED
    registration.cancelled_at = timezone.now()
    registration.save(update_fields=["status", "cancelled_at"])
    waitlist_promote(event)
    return registration


def waitlist_promote(event: Event) -> list[Registration]:
    """Move waitlisted people (oldest first) into free places. Caller holds the event lock."""
    promoted: list[Registration] = []
    waiting = event.registrations.filter(status=RegistrationStatus.WAITLISTED).order_by(
        "created_at", "pk"
    )
    if event.capacity is None:
        free = waiting.count()
    else:
        free = max(event.capacity - confirmed_count(event), 0)
    now = timezone.now()
    for registration in list(waiting[:free]):
        registration.status = RegistrationStatus.CONFIRMED
        registration.promoted_at = now
        registration.save(update_fields=["status", "promoted_at"])
        promoted.append(registration)
        if registration.email:
            pk = registration.pk
            transaction.on_commit(
                partial(registration_email_send, registration_id=pk, promoted=True)
            )
    return promoted


def registration_email_send(
    *, registration_id: int, promoted: bool = False, moved: bool = False
) -> None:
    registration = (
        Registration.objects.select_related("event", "entity").filter(pk=registration_id).first()
    )
    if registration is None or not registration.email:
        return
    event = registration.event
    cancel_url = entity_url(
        registration.entity, "execution:registration_cancel", args=[cancel_token(registration)]
    )
    event_url = entity_url(registration.entity, "execution:public_detail", args=[event.pk])
    when = timezone.localtime(event.starts_at).strftime("%d/%m/%Y %H:%M")
    if registration.status == RegistrationStatus.WAITLISTED and moved:
        subject = _("Su inscripción pasó a la lista de espera: %(event)s") % {"event": event.title}
        intro = _(
            "La entidad redujo el cupo del evento y su inscripción pasó a la lista de espera. Si "
            "se libera un cupo, le avisaremos por este medio."
        )
    elif registration.status == RegistrationStatus.WAITLISTED:
        subject = _("Está en la lista de espera: %(event)s") % {"event": event.title}
        intro = _(
            "El cupo del evento está completo y quedó en la lista de espera. Si se libera un "
            "cupo, le avisaremos por este medio."
        )
    elif promoted:
        subject = _("Se liberó un cupo: %(event)s") % {"event": event.title}
        intro = _("Se liberó un cupo y su inscripción quedó confirmada.")
    else:
        subject = _("Inscripción confirmada: %(event)s") % {"event": event.title}
        intro = _("Su inscripción quedó confirmada.")
    body = "\n".join(
        [
            _("Hola, %(name)s.") % {"name": registration.name},
            "",
            str(intro),
            "",
            f"{event.title} — {when}",
            event.place or event.link,
            event_url,
            "",
            _("Si no puede asistir, cancele su inscripción aquí: %(url)s") % {"url": cancel_url},
            "",
            registration.entity.name,
        ]
    )
    host = urlsplit(event_url).netloc or "cabildo.local"
    calendar = ical.calendar([event], host=host, name=event.title, urls={event.pk: event_url})
    email_queue(
        entity=registration.entity,
        to=registration.email,
        subject=subject,
        body=body,
        template="execution.registration",
        related=registration,
        attachments=[
            MailAttachment(
                "evento.ics",
                calendar.encode(),
                "text/calendar",
            )
        ],
    )


@transaction.atomic
def registration_check_in(*, registration: Registration, attended: bool = True) -> Registration:
    """Mark (or unmark) that the person came to the event."""
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if registration.status == RegistrationStatus.CANCELLED:
        raise ValidationError(_("La inscripción está cancelada: no se puede registrar asistencia."))
    if attended and not registration.event.has_started():
        raise ValidationError(NOT_STARTED_MESSAGE)
    registration.attended = attended
    registration.checked_in_at = timezone.now() if attended else None
    registration.save(update_fields=["attended", "checked_in_at"])
    return registration
