"""Writes of the execution app: events, registrations and the waitlist."""

from __future__ import annotations

import datetime
from typing import Any

from django.core import signing
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import transaction
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cabildo.core.models import Entity
from cabildo.execution import ical
from cabildo.execution.models import (
    Commitment,
    CommitmentStatus,
    Contribution,
    Event,
    Registration,
    RegistrationChannel,
    RegistrationStatus,
    Viability,
)
from cabildo.privacy.models import ConsentChannel
from cabildo.privacy.services import consent_record

EVENT_FIELDS = (
    "activity",
    "title",
    "description",
    "starts_at",
    "ends_at",
    "modality",
    "place",
    "address",
    "link",
    "agenda",
    "capacity",
    "registration_opens_at",
    "registration_closes_at",
    "accessibility_notes",
    "is_published",
)
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


# Events -------------------------------------------------------------------------------------


def _check_activity(entity: Entity, activity: Any) -> None:
    if activity is None or activity.entity_id != entity.pk:
        raise ValidationError({"activity": _("La actividad no pertenece a la entidad.")})


@transaction.atomic
def create_event(*, entity: Entity, activity: Any, **fields: Any) -> Event:
    _check_activity(entity, activity)
    unknown = set(fields) - set(EVENT_FIELDS)
    if unknown:
        raise TypeError(f"Unknown fields: {sorted(unknown)}")
    event = Event(entity=entity, activity=activity, **fields)
    event.full_clean()
    event.save()
    return event


@transaction.atomic
def update_event(*, event: Event, **fields: Any) -> Event:
    unknown = set(fields) - set(EVENT_FIELDS)
    if unknown:
        raise TypeError(f"Unknown fields: {sorted(unknown)}")
    if "activity" in fields:
        _check_activity(event.entity, fields["activity"])
    old_capacity = event.capacity
    for name, value in fields.items():
        setattr(event, name, value)
    event.full_clean()
    event.save()
    if event.capacity is None or (old_capacity is not None and event.capacity > old_capacity):
        _promote(event)
    return event


@transaction.atomic
def cancel_event(*, event: Event, reason: str) -> Event:
    """Cancel the event; everyone registered with an email is told why, after commit."""
    was_cancelled = event.is_cancelled
    event.is_cancelled = True
    event.cancellation_reason = (reason or "").strip()
    event.full_clean()
    event.save()
    if not was_cancelled:
        pk = event.pk
        transaction.on_commit(lambda: send_event_cancelled_emails(event_id=pk))
    return event


def send_event_cancelled_emails(*, event_id: int) -> None:
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
        EmailMessage(subject, body, None, [email]).send()


# Registrations ------------------------------------------------------------------------------


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
def register(
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
    base_url: str = "",
    notify: bool = True,
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
        transaction.on_commit(
            lambda: send_registration_email(registration_id=pk, base_url=base_url)
        )
    return registration


@transaction.atomic
def cancel_registration(*, registration: Registration, base_url: str = "") -> Registration:
    """Cancel a registration; a freed confirmed place goes to the oldest waitlisted person."""
    event = Event.objects.select_for_update().get(pk=registration.event_id)
    registration.refresh_from_db()
    if registration.status == RegistrationStatus.CANCELLED:
        return registration
    registration.status = RegistrationStatus.CANCELLED
    registration.cancelled_at = timezone.now()
    registration.save(update_fields=["status", "cancelled_at"])
    _promote(event, base_url=base_url)
    return registration


def _promote(event: Event, *, base_url: str = "") -> list[Registration]:
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
                lambda pk=pk: send_registration_email(
                    registration_id=pk, base_url=base_url, promoted=True
                )
            )
    return promoted


def send_registration_email(
    *, registration_id: int, base_url: str = "", promoted: bool = False
) -> None:
    registration = (
        Registration.objects.select_related("event", "entity").filter(pk=registration_id).first()
    )
    if registration is None or not registration.email:
        return
    event = registration.event
    cancel_url = base_url + reverse(
        "execution:registration_cancel", args=[cancel_token(registration)]
    )
    event_url = base_url + reverse("execution:public_detail", args=[event.pk])
    when = timezone.localtime(event.starts_at).strftime("%d/%m/%Y %H:%M")
    if registration.status == RegistrationStatus.WAITLISTED:
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
    message = EmailMessage(subject, body, None, [registration.email])
    host = base_url.split("://")[-1].split("/")[0] or "cabildo.local"
    message.attach(
        "evento.ics",
        ical.calendar([event], host=host, name=event.title, urls={event.pk: event_url}),
        "text/calendar",
    )
    message.send()


@transaction.atomic
def check_in(*, registration: Registration, attended: bool = True) -> Registration:
    """Mark (or unmark) that the person came to the event."""
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if registration.status == RegistrationStatus.CANCELLED:
        raise ValidationError(_("La inscripción está cancelada: no se puede registrar asistencia."))
    registration.attended = attended
    registration.checked_in_at = timezone.now() if attended else None
    registration.save(update_fields=["attended", "checked_in_at"])
    return registration


# Contributions --------------------------------------------------------------------------------

CONTRIBUTION_FIELDS = ("kind", "text", "author_name", "stakeholder_group")


@transaction.atomic
def record_contribution(*, event: Event, **fields: Any) -> Contribution:
    """Record a contribution raised in an event (by staff, during or after it)."""
    unknown = set(fields) - set(CONTRIBUTION_FIELDS)
    if unknown:
        raise TypeError(f"Unknown fields: {sorted(unknown)}")
    if event.is_cancelled:
        raise ValidationError(_("No se pueden registrar aportes de un evento cancelado."))
    group = fields.get("stakeholder_group")
    if group is not None and group.entity_id != event.entity_id:
        raise ValidationError(
            {"stakeholder_group": _("El grupo de valor no pertenece a la entidad.")}
        )
    contribution = Contribution(entity_id=event.entity_id, event=event, **fields)
    contribution.full_clean()
    contribution.save()
    return contribution


@transaction.atomic
def analyse_contribution(
    *,
    contribution: Contribution,
    user: Any,
    viability: str,
    justification: str,
    adjustment: str = "",
    incidence_level: str = "",
) -> Contribution:
    """Record the responsible area's analysis: viability, justification, adjustment, incidence."""
    if viability not in Viability.values:
        raise ValidationError({"viability": _("Indique la viabilidad del aporte.")})
    if not (justification or "").strip():
        raise ValidationError({"justification": _("Justifique la viabilidad del aporte.")})
    if viability == Viability.NOT_VIABLE and adjustment.strip():
        raise ValidationError(
            {"adjustment": _("Un aporte no viable no puede registrar un ajuste realizado.")}
        )
    contribution = Contribution.objects.select_for_update().get(pk=contribution.pk)
    contribution.viability = viability
    contribution.justification = justification.strip()
    contribution.adjustment = adjustment.strip()
    contribution.incidence_level = incidence_level
    contribution.analysed_by = user
    contribution.analysed_at = timezone.now()
    contribution.full_clean()
    contribution.save()
    return contribution


# Commitments ----------------------------------------------------------------------------------

COMMITMENT_FIELDS = ("description", "responsible_area", "responsible_person", "due_date", "status")


def _append_note(commitment: Commitment, note: str, user: Any) -> None:
    stamp = timezone.localdate().strftime("%d/%m/%Y")
    author = (getattr(user, "full_name", "") or user.get_username()) if user is not None else ""
    line = f"{stamp} — {author}: {note}" if author else f"{stamp}: {note}"
    commitment.follow_up = f"{commitment.follow_up.rstrip()}\n{line}".strip()


def _save_commitment(commitment: Commitment, *, note: str, user: Any, was_done: bool) -> None:
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
def create_commitment(
    *, event: Event, user: Any = None, note: str = "", **fields: Any
) -> Commitment:
    """Record an agreement or commitment made in an event."""
    unknown = set(fields) - set(COMMITMENT_FIELDS)
    if unknown:
        raise TypeError(f"Unknown fields: {sorted(unknown)}")
    area = fields.get("responsible_area")
    if area is None or area.entity_id != event.entity_id:
        raise ValidationError(
            {"responsible_area": _("Elija una dependencia responsable de la entidad.")}
        )
    commitment = Commitment(entity_id=event.entity_id, event=event, **fields)
    _save_commitment(commitment, note=note, user=user, was_done=False)
    return commitment


@transaction.atomic
def update_commitment(
    *, commitment: Commitment, user: Any = None, note: str = "", **fields: Any
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
