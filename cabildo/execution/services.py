"""Writes of the execution app: events, registrations and the waitlist."""

from __future__ import annotations

import datetime
from functools import partial
from typing import TYPE_CHECKING, Any, TypedDict, Unpack
from urllib.parse import urlsplit

from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from cabildo.core import uploads
from cabildo.core.links import entity_url
from cabildo.core.models import Area, Entity
from cabildo.core.public_cache import invalidate_entity
from cabildo.execution import ical
from cabildo.execution.models import (
    NOT_STARTED_MESSAGE,
    ActivityCancellation,
    ActivityReport,
    AttendanceSheet,
    Commitment,
    CommitmentStatus,
    Contribution,
    Convocation,
    ConvocationChannel,
    ConvocationStatus,
    Event,
    OverCapacity,
    Registration,
    RegistrationChannel,
    RegistrationStatus,
    ReportStatus,
    Viability,
)
from cabildo.outbox.services import MailAttachment, email_queue
from cabildo.privacy.models import ConsentChannel
from cabildo.privacy.services import consent_record

if TYPE_CHECKING:
    from cabildo.accounts.models import User
    from cabildo.plans.models import PlannedActivity
    from cabildo.stakeholders.models import StakeholderGroup


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
        _promote(event)
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
    _promote(event)
    return registration


def _promote(event: Event) -> list[Registration]:
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


# Contributions --------------------------------------------------------------------------------


@transaction.atomic
def contribution_record(
    *,
    event: Event,
    kind: str,
    text: str,
    author_name: str = "",
    stakeholder_group: StakeholderGroup | None = None,
) -> Contribution:
    """Record a contribution raised in an event (by staff, during or after it)."""
    if event.is_cancelled:
        raise ValidationError(_("No se pueden registrar aportes de un evento cancelado."))
    if stakeholder_group is not None and stakeholder_group.entity_id != event.entity_id:
        raise ValidationError(
            {"stakeholder_group": _("El grupo de valor no pertenece a la entidad.")}
        )
    contribution = Contribution(
        entity_id=event.entity_id,
        event=event,
        kind=kind,
        text=text,
        author_name=author_name,
        stakeholder_group=stakeholder_group,
    )
    contribution.full_clean()
    contribution.save()
    return contribution


@transaction.atomic
def contribution_analyse(
    *,
    contribution: Contribution,
    user: User,
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


# Attendance sheets ----------------------------------------------------------------------------

SHEET_TYPES = {uploads.PDF, uploads.PNG, uploads.JPEG}
DEFAULT_SHEET_MAX_BYTES = 10 * 1024 * 1024


def sheet_max_bytes() -> int:
    from django.conf import settings

    return int(getattr(settings, "ATTENDANCE_SHEET_MAX_BYTES", DEFAULT_SHEET_MAX_BYTES))


@transaction.atomic
def attendance_sheet_upload(
    *, event: Event, upload: Any, description: str = "", user: User | None = None
) -> AttendanceSheet:
    """Keep a scanned attendance sheet (PDF, PNG or JPEG, judged by its bytes) as evidence."""
    size = getattr(upload, "size", None) or 0
    limit = sheet_max_bytes()
    if size == 0:
        raise ValidationError({"file": _("El archivo está vacío.")})
    if size > limit:
        raise ValidationError(
            {
                "file": _("El archivo supera el tamaño máximo de %(mb)s MB.")
                % {"mb": round(limit / (1024 * 1024), 1)}
            }
        )
    content_type = uploads.detect_content_type(upload)
    if content_type not in SHEET_TYPES:
        raise ValidationError(
            {
                "file": _(
                    "La planilla debe ser un PDF o una imagen PNG o JPEG escaneada; el archivo "
                    "enviado no lo es."
                )
            }
        )
    original = (getattr(upload, "name", "") or "").rsplit("/", 1)[-1][:255]
    sheet = AttendanceSheet(
        entity_id=event.entity_id,
        event=event,
        content_type=content_type,
        original_name=original,
        size=size,
        description=(description or "").strip(),
        uploaded_by=user,
    )
    stamp = timezone.now().strftime("%Y%m%d%H%M%S")
    sheet.file.save(
        f"evento-{event.pk}-planilla-{stamp}.{uploads.EXTENSIONS[content_type]}",
        upload,
        save=False,
    )
    sheet.full_clean()
    sheet.save()
    return sheet


# Cancellation of a planned activity -----------------------------------------------------------


@transaction.atomic
def activity_cancel(
    *, activity: Any, reason: str, user: User | None = None
) -> ActivityCancellation:
    """Record that a planned activity will not take place, and why."""
    if ActivityCancellation.objects.filter(activity=activity).exists():
        raise ValidationError(_("La actividad ya está cancelada."))
    if ActivityReport.objects.filter(
        activity=activity, status__in=[ReportStatus.SUBMITTED, ReportStatus.ACCEPTED]
    ).exists():
        raise ValidationError(
            _("La actividad ya fue reportada a planeación: no se puede cancelar.")
        )
    cancellation = ActivityCancellation(
        entity_id=activity.entity_id,
        activity=activity,
        reason=(reason or "").strip(),
        cancelled_by=user,
    )
    cancellation.full_clean()
    cancellation.save()
    return cancellation


@transaction.atomic
def activity_cancellation_undo(*, activity: Any) -> None:
    """The activity will take place after all: its status is derived again from its data."""
    deleted, _rows = ActivityCancellation.objects.filter(activity=activity).delete()
    if not deleted:
        raise ValidationError(_("La actividad no está cancelada."))


# Convocations ---------------------------------------------------------------------------------

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
    from cabildo.execution.selectors import convocation_recipients

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


# The standard internal report -----------------------------------------------------------------

EDITABLE_REPORT_STATUSES = (ReportStatus.DRAFT, ReportStatus.RETURNED)


def _prefilled_activities_done(figures: dict[str, Any]) -> str:
    lines = []
    for event in figures["events"]:
        if event["cancelled"]:
            continue
        lines.append(
            _(
                "%(title)s (%(when)s, %(modality)s%(place)s): %(attended)s asistentes de "
                "%(registered)s inscritos."
            )
            % {
                "title": event["title"],
                "when": event["starts_at"],
                "modality": event["modality"].lower(),
                "place": f", {event['place']}" if event["place"] else "",
                "attended": event["attended"],
                "registered": event["registered"],
            }
        )
    contributions = figures["contributions"]
    if contributions["total"]:
        received = ngettext(
            "Se recibió %(total)s aporte ciudadano",
            "Se recibieron %(total)s aportes ciudadanos",
            contributions["total"],
        )
        analysed = ngettext(
            "%(analysed)s fue analizado.",
            "%(analysed)s fueron analizados.",
            contributions["analysed"],
        )
        lines.append(f"{received % contributions}; {analysed % contributions}")
    commitments = figures["commitments"]
    if commitments["total"]:
        agreed = ngettext(
            "Se pactó %(total)s acuerdo o compromiso",
            "Se pactaron %(total)s acuerdos o compromisos",
            commitments["total"],
        )
        done = ngettext("%(done)s está cumplido.", "%(done)s están cumplidos.", commitments["done"])
        lines.append(f"{agreed % commitments}; {done % commitments}")
    return "\n".join(lines)


@transaction.atomic
def report_start(*, activity: Any) -> ActivityReport:
    """The report of an activity (created on first use, with the activities pre-filled from the
    data). An activity has one report."""
    from cabildo.execution.selectors import report_figures

    existing = ActivityReport.objects.filter(activity=activity).first()
    if existing is not None:
        return existing
    if ActivityCancellation.objects.filter(activity=activity).exists():
        raise ValidationError(_("La actividad está cancelada: no se reporta."))
    report = ActivityReport(
        entity_id=activity.entity_id,
        activity=activity,
        activities_done=_prefilled_activities_done(report_figures(activity)),
    )
    report.full_clean()
    report.save()
    return report


def _locked_report(report: ActivityReport) -> ActivityReport:
    return ActivityReport.objects.select_for_update().select_related("activity").get(pk=report.pk)


@transaction.atomic
def report_update(
    *, report: ActivityReport, activities_done: str, results: str, lessons_learned: str = ""
) -> ActivityReport:
    """Change the narrative of a draft or returned report."""
    report = _locked_report(report)
    if report.status not in EDITABLE_REPORT_STATUSES:
        raise ValidationError(
            _("El reporte ya fue enviado a planeación: solo se edita si lo devuelven.")
        )
    report.activities_done = (activities_done or "").strip()
    report.results = (results or "").strip()
    report.lessons_learned = (lessons_learned or "").strip()
    report.full_clean()
    report.save()
    return report


@transaction.atomic
def report_submit(*, report: ActivityReport, user: User, notify: bool = True) -> ActivityReport:
    """Send the report to the planning office: its figures are frozen and planning is told."""
    from cabildo.execution.selectors import report_figures

    report = _locked_report(report)
    if report.status not in EDITABLE_REPORT_STATUSES:
        raise ValidationError(_("El reporte ya fue enviado a planeación."))
    errors: dict[str, list[str]] = {}
    if not report.activities_done.strip():
        errors["activities_done"] = [_("Describa las actividades realizadas antes de enviar.")]
    if not report.results.strip():
        errors["results"] = [_("Describa los resultados antes de enviar.")]
    if ActivityCancellation.objects.filter(activity=report.activity).exists():
        errors["__all__"] = [_("La actividad está cancelada: no se reporta.")]
    if errors:
        raise ValidationError(errors)
    report.figures = report_figures(report.activity)
    report.status = ReportStatus.SUBMITTED
    report.submitted_at = timezone.now()
    report.submitted_by = user
    report.full_clean()
    report.save()
    pk = report.pk
    if notify:
        transaction.on_commit(lambda: report_submitted_email_send(report_id=pk))
    return report


def _check_reviewer(report: ActivityReport, user: User | None) -> ActivityReport:
    if user is None or not user.has_perm("execution.review_report", report):
        raise ValidationError(_("Solo la oficina de planeación revisa los reportes."))
    report = _locked_report(report)
    if report.status != ReportStatus.SUBMITTED:
        raise ValidationError(_("Solo se revisan reportes enviados a planeación."))
    return report


@transaction.atomic
def report_return(
    *, report: ActivityReport, user: User, notes: str, notify: bool = True
) -> ActivityReport:
    """Planning returns the report with observations; the area edits it and sends it again."""
    report = _check_reviewer(report, user)
    report.status = ReportStatus.RETURNED
    report.review_notes = (notes or "").strip()
    report.reviewed_at = timezone.now()
    report.reviewed_by = user
    report.full_clean()
    report.save()
    pk = report.pk
    if notify:
        transaction.on_commit(lambda: report_reviewed_email_send(report_id=pk))
    return report


@transaction.atomic
def report_accept(
    *,
    report: ActivityReport,
    user: User,
    notes: str = "",
    notify: bool = True,
) -> ActivityReport:
    """Planning accepts the report: it becomes public (its frozen figures, no personal data)."""
    report = _check_reviewer(report, user)
    report.status = ReportStatus.ACCEPTED
    report.review_notes = (notes or "").strip()
    report.reviewed_at = timezone.now()
    report.reviewed_by = user
    report.full_clean()
    report.save()
    pk = report.pk
    if notify:
        transaction.on_commit(lambda: report_reviewed_email_send(report_id=pk))
    return report


def report_submitted_email_send(*, report_id: int) -> None:
    from cabildo.accounts.models import Membership, Role

    report = ActivityReport.objects.select_related("activity__area", "entity").get(pk=report_id)
    emails = sorted(
        set(
            Membership.objects.filter(
                entity_id=report.entity_id, role=Role.PLANNING_OFFICE, user__is_active=True
            ).values_list("user__email", flat=True)
        )
    )
    if not emails:
        return
    url = entity_url(report.entity, "execution:report_detail", args=[report.pk])
    subject = _("Reporte enviado a planeación: %(activity)s") % {"activity": report.activity.name}
    body = "\n".join(
        [
            _("La dependencia %(area)s envió el reporte de la actividad «%(activity)s».")
            % {"area": report.activity.area.name, "activity": report.activity.name},
            _("Revíselo y acéptelo o devuélvalo con observaciones: %(url)s") % {"url": url},
            "",
            report.entity.name,
        ]
    )
    for email in emails:
        email_queue(
            entity=report.entity,
            to=email,
            subject=subject,
            body=body,
            template="execution.report_submitted",
            related=report,
        )


def report_reviewed_email_send(*, report_id: int) -> None:
    report = ActivityReport.objects.select_related("activity", "submitted_by", "entity").get(
        pk=report_id
    )
    author = report.submitted_by
    if author is None or not author.email:
        return
    url = entity_url(report.entity, "execution:report_detail", args=[report.pk])
    if report.status == ReportStatus.ACCEPTED:
        subject = _("Reporte aceptado: %(activity)s") % {"activity": report.activity.name}
        intro = _("La oficina de planeación aceptó el reporte; ya es público.")
    else:
        subject = _("Reporte devuelto con observaciones: %(activity)s") % {
            "activity": report.activity.name
        }
        intro = _("La oficina de planeación devolvió el reporte. Ajústelo y envíelo de nuevo.")
    lines = [str(intro)]
    if report.review_notes:
        lines.append(_("Observaciones: %(notes)s") % {"notes": report.review_notes})
    lines += [url, "", report.entity.name]
    email_queue(
        entity=report.entity,
        to=author.email,
        subject=subject,
        body="\n".join(lines),
        template="execution.report_reviewed",
        related=report,
    )
