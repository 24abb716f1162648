"""Writes of the PQRSD module: filing, workflow transitions and their legal preconditions.

Every transition validates its preconditions (``ValidationError`` with a Spanish message),
records a :class:`PetitionEvent` and notifies the citizen by email on commit.
The arithmetic of terms is in :mod:`cabildo.pqrs.deadlines`.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import connection, transaction
from django.http import HttpRequest
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from cabildo.core import dates, uploads
from cabildo.core.links import entity_url
from cabildo.core.models import Area, Entity
from cabildo.outbox import selectors as outbox_selectors
from cabildo.outbox.models import OutboundEmail
from cabildo.outbox.services import MailAttachment, email_queue, email_retry
from cabildo.pqrs import deadlines
from cabildo.pqrs.models import (
    OPEN_STATUSES,
    Attachment,
    Channel,
    ClosingReason,
    CompletionRequest,
    DocumentKind,
    EventKind,
    Extension,
    FilingCounter,
    ImportedYearCount,
    Mailbox,
    OutgoingCounter,
    OutgoingDocument,
    Petition,
    PetitionEvent,
    PetitionKind,
    PqrsSettings,
    Status,
    SubChannel,
    Transfer,
)
from cabildo.privacy.models import ConsentChannel
from cabildo.privacy.services import consent_record, consent_text
from cabildo.workdays.calendar import Computation, WorkCalendar, calendar_for

if TYPE_CHECKING:
    from cabildo.accounts.models import User

CONSENT_PURPOSE = "pqrs"
MAX_ATTACHMENT_SIZE = 5 * 1024 * 1024
MAX_ATTACHMENTS = 5
ALLOWED_TYPES = {
    "application/pdf": ".pdf",
    "image/jpeg": ".jpg",
    "image/png": ".png",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx",
    "text/plain": ".txt",
}
TRACKING_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
TRACKING_CODE_LENGTH = 12
FUTURE_TOLERANCE = timedelta(minutes=2)
# The answer email attaches the annexes up to this total; above it, it links the tracking page.
EMAIL_ANNEXES_MAX_BYTES = 10 * 1024 * 1024
VERIFICATION_CODE_LENGTH = 12


def pqrs_consent_text() -> str:
    return consent_text(_("tramitar y responder mi petición (PQRSD)"))


# --------------------------------------------------------------------------- configuration


@transaction.atomic
def kinds_ensure_defaults(*, entity: Entity) -> list[PetitionKind]:
    """Create the legal default kinds for ``entity`` (existing rows are left as configured)."""
    existing = {k.code: k for k in PetitionKind.objects.filter(entity=entity)}
    if all(spec["code"] in existing for spec in deadlines.DEFAULT_KINDS):
        return [existing[str(spec["code"])] for spec in deadlines.DEFAULT_KINDS]
    kinds = []
    for order, spec in enumerate(deadlines.DEFAULT_KINDS, start=1):
        kind, _created = PetitionKind.objects.get_or_create(
            entity=entity,
            code=spec["code"],
            defaults={
                "name": spec["name"],
                "term_days": spec["term_days"],
                "extension_days": spec.get("extension_days"),
                "order": order * 10,
            },
        )
        kinds.append(kind)
    return kinds


def settings_for(*, entity: Entity) -> PqrsSettings:
    obj, _created = PqrsSettings.objects.get_or_create(entity=entity)
    return obj


# --------------------------------------------------------------------------- helpers


def tracking_code_new() -> str:
    raw = "".join(secrets.choice(TRACKING_CODE_ALPHABET) for _ in range(TRACKING_CODE_LENGTH))
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"


def tracking_code_normalize(code: str) -> str:
    return "".join(ch for ch in (code or "").upper() if ch.isalnum())


def tracking_code_hash(code: str) -> str:
    key = f"cabildo.pqrs.tracking:{settings.SECRET_KEY}".encode()
    return hmac.new(key, tracking_code_normalize(code).encode(), hashlib.sha256).hexdigest()


def format_filing_number(prefix: str, year: int, sequence: int) -> str:
    return f"{prefix}{year}-{sequence:06d}"


def _next_sequence(*, entity: Entity, year: int) -> int:
    """Take the next number of the (entity, year) counter in one statement. The UPDATE locks
    the row until the caller's transaction ends, so the number is used or rolled back with the
    petition: consecutive, no gaps, no duplicates under concurrent filings."""
    table = connection.ops.quote_name(FilingCounter._meta.db_table)
    sql = (
        f"UPDATE {table} SET last_number = last_number + 1 "  # noqa: S608 - no user input
        "WHERE entity_id = %s AND year = %s RETURNING last_number"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [entity.pk, year])
        row = cursor.fetchone()
        if row is None:  # the first filing of the year creates the counter
            FilingCounter.objects.get_or_create(entity=entity, year=year)
            cursor.execute(sql, [entity.pk, year])
            row = cursor.fetchone()
    return int(row[0])


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


@transaction.atomic
def petition_notification_retry(*, petition: Petition, email_id: int) -> OutboundEmail:
    """Send again a notification about ``petition`` that failed or is waiting for a retry."""
    email = next(
        (
            e
            for e in outbox_selectors.emails_about(entity=petition.entity, obj=petition)
            if e.pk == email_id
        ),
        None,
    )
    if email is None:
        raise ValidationError(_("Esa notificación no pertenece a esta petición."))
    return email_retry(email=email)


def _calendar(petition: Petition) -> WorkCalendar:
    return calendar_for(petition.entity)


def _today() -> date:
    return timezone.localdate()


def _actor(user: User | None) -> Any:
    return user if getattr(user, "is_authenticated", False) else None


def _check_open(petition: Petition) -> None:
    if petition.status not in OPEN_STATUSES:
        raise ValidationError(_("La petición ya está respondida o cerrada."))


# --------------------------------------------------------------------------- attachments


@dataclass
class CheckedFile:
    name: str
    content: bytes
    content_type: str
    extension: str


def _sniff(content: bytes) -> str | None:
    content_type = uploads.detect_content_type(content, allow_text=True)
    return content_type if content_type in ALLOWED_TYPES else None


def attachment_check(upload: Any) -> CheckedFile:
    """Check a file by its bytes (never by its name): allow-list of types and a size limit."""
    name = str(getattr(upload, "name", "") or "anexo")[-200:]
    size = getattr(upload, "size", None)
    if size is not None and size > MAX_ATTACHMENT_SIZE:
        raise ValidationError(
            _("El archivo «%(name)s» supera el tamaño máximo de %(max)s MB.")
            % {"name": name, "max": MAX_ATTACHMENT_SIZE // (1024 * 1024)}
        )
    if hasattr(upload, "seek"):
        upload.seek(0)
    content = upload.read(MAX_ATTACHMENT_SIZE + 1)
    if len(content) > MAX_ATTACHMENT_SIZE:
        raise ValidationError(
            _("El archivo «%(name)s» supera el tamaño máximo de %(max)s MB.")
            % {"name": name, "max": MAX_ATTACHMENT_SIZE // (1024 * 1024)}
        )
    if not content:
        raise ValidationError(_("El archivo «%(name)s» está vacío.") % {"name": name})
    content_type = _sniff(content)
    if content_type is None:
        raise ValidationError(
            _(
                "El archivo «%(name)s» no es de un tipo permitido. Se aceptan PDF, JPEG, PNG, "
                "Word (DOCX) y texto plano."
            )
            % {"name": name}
        )
    uploads.virus_scan(content)
    return CheckedFile(name, content, content_type, ALLOWED_TYPES[content_type])


def too_many_attachments_message() -> str:
    return _("Puede adjuntar como máximo %(n)s archivos.") % {"n": MAX_ATTACHMENTS}


def attachments_check(uploads: Iterable[Any]) -> list[CheckedFile]:
    """Check every file; errors are raised under the ``attachments`` key (every channel reads
    them as a dict: form field, API ``errors``)."""
    uploads = list(uploads or [])
    if len(uploads) > MAX_ATTACHMENTS:
        raise ValidationError({"attachments": [too_many_attachments_message()]})
    checked, errors = [], []
    for upload in uploads:
        try:
            checked.append(attachment_check(upload))
        except ValidationError as exc:
            errors.extend(exc.messages)
    if errors:
        raise ValidationError({"attachments": errors})
    return checked


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


# --------------------------------------------------------------------------- filing


@dataclass
class Requester:
    name: str = ""
    document_type: str = ""
    document_number: str = ""
    email: str = ""
    phone: str = ""
    address: str = ""
    is_minor: bool = False  # Ley 1581 art. 7: the legal representative authorizes
    guardian_name: str = ""

    def has_data(self) -> bool:
        return any([self.name, self.document_number, self.email, self.phone, self.address])


@dataclass
class FilingResult:
    petition: Petition
    tracking_code: str
    computation: Computation | None
    notified: bool = False
    skipped: list[Any] = field(default_factory=list)


CONSENT_CHANNELS: dict[str, ConsentChannel] = {
    Channel.WEB: ConsentChannel.WEB,
    Channel.IN_PERSON: ConsentChannel.IN_PERSON,
    Channel.VERBAL: ConsentChannel.IN_PERSON,
    Channel.PHONE: ConsentChannel.PHONE,
    Channel.EMAIL: ConsentChannel.EMAIL,
    Channel.SOCIAL: ConsentChannel.WEB,
    Channel.CHAT: ConsentChannel.WEB,
    Channel.MAILBOX: ConsentChannel.PAPER,
}


def _apply_term(
    petition: Petition, *, calendar: WorkCalendar, start: date, pqrs_settings: PqrsSettings
) -> Computation | None:
    kind = petition.kind
    term = deadlines.effective_term(
        term_days=kind.term_days,
        priority=petition.is_priority,
        priority_term_days=kind.priority_term_days or pqrs_settings.priority_term_days,
    )
    computation = deadlines.compute_due(calendar, start, term)
    petition.term_days = term
    petition.term_start = start if term is not None else None
    petition.due_date = computation.due_date if computation else None
    return computation


def reception_errors(*, entity: Entity, filed_at: datetime) -> dict[str, list[str]]:
    """The reception date of a PQRSD is plausible (``core.dates.reception``): not before the
    entity's start of operations, not in the future."""
    return dates.collect(
        [
            (
                "filed_at",
                dates.reception(
                    deadlines.local_date(filed_at),
                    label=_("Fecha y hora de recepción"),
                    started_on=entity.operations_started_on,
                    started_label=dates.field_label(Entity, "operations_started_on"),
                    today=timezone.localdate(),
                ),
            )
        ]
    )


def petition_file(
    *,
    entity: Entity,
    kind: PetitionKind | None,
    subject: str,
    description: str,
    channel: str = Channel.WEB,
    anonymous: bool = False,
    requester: Requester | None = None,
    consent_given: bool = False,
    is_priority: bool = False,
    priority_reason: str = "",
    filed_at: datetime | None = None,
    attachments: Iterable[Any] = (),
    actor: User | None = None,
    request: HttpRequest | None = None,
    consent_channel: str | None = None,
    consent_exempt: bool = False,
    sub_channel: SubChannel | None = None,
) -> FilingResult:
    """Radicar: validate everything first, then store the petition with its number.
    ``consent_exempt``: the requester's contact came with the petition itself (an email
    written to the entity), which Ley 1581 art. 10 lit. a exempts from authorization; no
    consent is asked or recorded."""
    requester = requester or Requester()
    errors: dict[str, list[str]] = {}
    now = timezone.now()
    if kind is None or kind.entity_id != entity.pk or not kind.is_active:
        errors.setdefault("kind", []).append(_("Seleccione una clase de petición válida."))
    if not (subject or "").strip():
        errors.setdefault("subject", []).append(_("Escriba el asunto."))
    if not (description or "").strip():
        errors.setdefault("description", []).append(_("Describa su petición."))
    if channel not in Channel.values:
        errors.setdefault("channel", []).append(_("Seleccione un canal válido."))
    elif sub_channel is not None and sub_channel.entity_id != entity.pk:
        errors.setdefault("sub_channel", []).append(
            _("El subcanal «%(name)s» no es de esta entidad.") % {"name": sub_channel.name}
        )
    elif sub_channel is not None and sub_channel.channel != channel:
        errors.setdefault("sub_channel", []).append(
            _("El subcanal debe ser del canal «%(channel)s».") % {"channel": Channel(channel).label}
        )
    if filed_at is None:
        filed_at = now
    elif filed_at > now + FUTURE_TOLERANCE:
        errors.setdefault("filed_at", []).append(
            _("La fecha de recepción no puede estar en el futuro.")
        )
    else:
        dates.merge(errors, reception_errors(entity=entity, filed_at=filed_at))
    if anonymous and requester.has_data():
        errors.setdefault("anonymous", []).append(
            _(
                "Una petición anónima no lleva datos personales: borre los datos o "
                "desmarque la opción."
            )
        )
    if not anonymous:
        if not requester.name.strip():
            errors.setdefault("requester_name", []).append(
                _("Escriba su nombre o marque la opción de petición anónima.")
            )
        if requester.has_data() and not consent_given and not consent_exempt:
            errors.setdefault("consent", []).append(
                _(
                    "Debe autorizar el tratamiento de sus datos personales para radicar con "
                    "sus datos, o radicar de forma anónima."
                )
            )
        if requester.document_number and not requester.document_type:
            errors.setdefault("requester_document_type", []).append(
                _("Indique el tipo de documento.")
            )
    if is_priority and not priority_reason.strip():
        errors.setdefault("priority_reason", []).append(
            _("Explique por qué la petición es prioritaria.")
        )
    try:
        checked = attachments_check(attachments)
    except ValidationError as exc:
        checked = []
        for key, messages in exc.message_dict.items():
            errors.setdefault(key, []).extend(messages)
    if errors:
        raise ValidationError(errors)

    with transaction.atomic():
        result = _create_petition(
            entity=entity,
            # mypy: a missing kind was refused above (the errors raised before this point).
            kind=kind,  # type: ignore[arg-type]
            subject=subject.strip(),
            description=description.strip(),
            channel=channel,
            anonymous=anonymous,
            requester=requester,
            is_priority=is_priority,
            priority_reason=priority_reason.strip(),
            filed_at=filed_at,
            actor=actor,
        )
        petition = result.petition
        if sub_channel is not None:
            petition.sub_channel = sub_channel
            petition.save(update_fields=["sub_channel"])
        if not anonymous and requester.has_data() and consent_given:
            petition.consent = consent_record(
                entity=entity,
                purpose=CONSENT_PURPOSE,
                text=pqrs_consent_text(),
                channel=consent_channel or CONSENT_CHANNELS.get(channel, ConsentChannel.WEB),
                request=request,
                subject_name=requester.name,
                subject_email=requester.email,
                subject_is_minor=requester.is_minor,
                guardian_name=requester.guardian_name,
            )
            petition.save(update_fields=["consent"])
        _store_attachments(petition, checked)
        result.notified = _notify_filed(petition, result)
    return result


def _filing_setup(entity: Entity) -> tuple[PqrsSettings, Any]:
    """The entity's PQRSD settings and business-day calendar, from the per-entity versioned
    cache (:mod:`cabildo.core.public_cache`): saving a setting, a closure day or the entity bumps
    the version, so a filing never counts its term on a stale calendar."""
    from cabildo.core import public_cache

    return public_cache.cached(
        entity,
        "pqrs-filing-setup",
        (),
        lambda: (settings_for(entity=entity), calendar_for(entity)),
    )


def _create_petition(
    *,
    entity: Entity,
    kind: PetitionKind,
    subject: str,
    description: str,
    channel: str,
    anonymous: bool,
    requester: Requester,
    is_priority: bool,
    priority_reason: str,
    filed_at: datetime,
    actor: User | None,
    transferred_from: Petition | None = None,
    is_demo: bool = False,
) -> FilingResult:
    pqrs_settings, calendar = _filing_setup(entity)
    filed_on = deadlines.local_date(filed_at)
    code = tracking_code_new()
    petition = Petition(
        entity=entity,
        kind=kind,
        channel=channel,
        subject=subject,
        description=description,
        anonymous=anonymous,
        requester_name=requester.name.strip(),
        requester_document_type=requester.document_type,
        requester_document_number=requester.document_number.strip(),
        requester_email=requester.email.strip(),
        requester_phone=requester.phone.strip(),
        requester_address=requester.address.strip(),
        is_priority=is_priority,
        priority_reason=priority_reason,
        filed_at=filed_at,
        tracking_code_hash=tracking_code_hash(code),
        transferred_from=transferred_from,
        is_demo=is_demo,
        year=filed_on.year,
        sequence=1,
        filing_number="-",
    )
    computation = _apply_term(
        petition, calendar=calendar, start=filed_on, pqrs_settings=pqrs_settings
    )
    # The foreign keys are objects this function was given (no existence query), and the
    # table's constraint (no personal data on an anonymous petition) is checked field by field
    # by petition_file before this point and enforced by the database.
    petition.full_clean(
        exclude=[
            "filing_number", "sequence", "tracking_code_hash", "entity", "kind",
            "transferred_from",
        ],
        validate_constraints=False,
    )  # fmt: skip
    sequence = _next_sequence(entity=entity, year=filed_on.year)
    petition.sequence = sequence
    petition.filing_number = format_filing_number(
        pqrs_settings.filing_prefix, filed_on.year, sequence
    )
    petition.save()
    if computation is None:
        text = _(
            "Petición radicada por el canal %(channel)s. Esta clase no tiene término legal."
        ) % {"channel": petition.get_channel_display()}
    else:
        text = _(
            "Petición radicada por el canal %(channel)s. Término: %(days)s días hábiles; "
            "vence el %(due)s."
        ) % {
            "channel": petition.get_channel_display(),
            "days": petition.term_days,
            "due": dates.dmy(petition.due_date),
        }
    _event(petition, EventKind.FILED, text, actor=actor, at=filed_at)
    return FilingResult(
        petition=petition,
        tracking_code=code,
        computation=computation,
        skipped=list(computation.skipped) if computation else [],
    )


def due_date_explanation(computation: Computation | None) -> str:
    if computation is None:
        return _("Esta clase de petición no tiene término legal de respuesta.")
    lines = [
        _(
            "El término de %(days)s días hábiles se cuenta desde el día siguiente a la "
            "radicación (%(start)s) y vence el %(due)s."
        )
        % {
            "days": computation.business_days,
            "start": computation.start.strftime("%d/%m/%Y"),
            "due": computation.due_date.strftime("%d/%m/%Y"),
        }
    ]
    if computation.skipped:
        lines.append(_("Días no hábiles que no se cuentan:"))
        lines.extend(
            f"- {skipped.date.strftime('%d/%m/%Y')}: {skipped.reason}"
            for skipped in computation.skipped
        )
    return "\n".join(lines)


def _notify_filed(petition: Petition, result: FilingResult) -> bool:
    body = _(
        "Hemos recibido su petición «%(subject)s».\n\n"
        "Número de radicado: %(number)s\n"
        "Código de seguimiento: %(code)s\n"
        "Fecha de radicación: %(filed)s\n"
        "Clase: %(kind)s\n\n%(explanation)s\n\n"
        "Consulte el estado con el número de radicado y el código de seguimiento en "
        "%(track_url)s\n"
        "Guarde el código: por seguridad no lo podemos recuperar."
    ) % {
        "track_url": entity_url(petition.entity, "pqrs:track"),
        "subject": petition.subject,
        "number": petition.filing_number,
        "code": result.tracking_code,
        "filed": timezone.localtime(petition.filed_at).strftime("%d/%m/%Y %H:%M"),
        "kind": str(petition.kind),
        "explanation": due_date_explanation(result.computation),
    }
    receipt = MailAttachment(
        f"constancia-{petition.filing_number}.pdf",
        b"",
        "application/pdf",
        render_with="cabildo.pqrs.receipt.receipt_for_email",
    )
    return _notify(
        petition,
        _("Constancia de radicación"),
        body,
        template="acknowledgement",
        attachments=[receipt],
    )


# --------------------------------------------------------------------------- outgoing radicados


def format_outgoing_number(prefix: str, year: int, sequence: int) -> str:
    return f"{prefix}{year}-S-{sequence:06d}"


def verification_code_new() -> str:
    raw = "".join(secrets.choice(TRACKING_CODE_ALPHABET) for _ in range(VERIFICATION_CODE_LENGTH))
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"


def verification_code_normalize(code: str) -> str:
    raw = tracking_code_normalize(code)
    if len(raw) != VERIFICATION_CODE_LENGTH:
        return ""
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"


def _next_outgoing_sequence(*, entity: Entity, year: int) -> int:
    """The next outgoing number of (entity, year), taken under a row lock held until the
    caller's transaction ends: a number is used or rolled back with its document, so the
    consecutive has no gaps and no duplicates under concurrent answers (Acuerdo AGN 060)."""
    counter = OutgoingCounter.objects.select_for_update().filter(entity=entity, year=year).first()
    if counter is None:  # the first document of the year creates the counter
        OutgoingCounter.objects.get_or_create(entity=entity, year=year)
        counter = OutgoingCounter.objects.select_for_update().get(entity=entity, year=year)
    counter.last_number += 1
    counter.save(update_fields=["last_number"])
    return counter.last_number


def _recipient_of(petition: Petition) -> str:
    if petition.anonymous or not petition.requester_name:
        return _("Peticionario anónimo")
    parts = [petition.requester_name]
    if petition.requester_address:
        parts.append(petition.requester_address)
    if petition.requester_email:
        parts.append(petition.requester_email)
    return "\n".join(parts)


def _document_issue(
    petition: Petition,
    *,
    kind: str,
    subject: str,
    body: str,
    annexes: Sequence[str] = (),
    actor: User | None = None,
    issued_at: datetime | None = None,
) -> OutgoingDocument:
    """Issue an official communication about ``petition`` (locked by the caller) with the
    next outgoing radicado; what it says is kept as issued (callers write it in Spanish: an
    official document is in Spanish whatever the language of the page that caused it)."""
    pqrs_settings = settings_for(entity=petition.entity)
    issued_at = issued_at or timezone.now()
    year = deadlines.local_date(issued_at).year
    sequence = _next_outgoing_sequence(entity=petition.entity, year=year)
    document = OutgoingDocument(
        entity_id=petition.entity_id,
        petition=petition,
        kind=kind,
        year=year,
        sequence=sequence,
        number=format_outgoing_number(pqrs_settings.filing_prefix, year, sequence),
        issued_at=issued_at,
        verification_code=verification_code_new(),
        recipient=_recipient_of(petition),
        subject=subject[:300],
        body=body,
        annexes=list(annexes),
        letter_header=pqrs_settings.letter_header,
        letter_city=pqrs_settings.letter_city,
        signer_name=pqrs_settings.signer_name,
        signer_title=pqrs_settings.signer_title,
        created_by=_actor(actor),
    )
    document.full_clean(exclude=["entity", "petition"])
    document.save()
    return document


@transaction.atomic
def document_cancel(
    *, document: OutgoingDocument, reason: str, actor: User | None = None
) -> OutgoingDocument:
    """Anular a radicado de salida: the number is never reused; the row stays with the reason,
    the date and who cancelled it (Acuerdo AGN 060 de 2001). The petition keeps its state:
    to answer again, reopen it and answer (a new radicado is issued)."""
    locked = OutgoingDocument.objects.select_for_update().get(pk=document.pk)
    if locked.is_cancelled:
        raise ValidationError(_("Este radicado de salida ya fue anulado."))
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Explique el motivo de la anulación.")})
    locked.cancelled_at = timezone.now()
    locked.cancel_reason = reason.strip()
    locked.cancelled_by = _actor(actor)
    locked.full_clean(exclude=["entity", "petition"])
    locked.save(update_fields=["cancelled_at", "cancel_reason", "cancelled_by"])
    _event(
        locked.petition,
        EventKind.DOCUMENT_CANCELLED,
        _("Se anuló el radicado de salida %(number)s. Motivo: %(reason)s")
        % {"number": locked.number, "reason": locked.cancel_reason},
        actor=actor,
    )
    for f in ("cancelled_at", "cancel_reason", "cancelled_by_id"):
        setattr(document, f, getattr(locked, f))
    return locked


def document_verify(*, entity: Entity | None, code: str) -> OutgoingDocument | None:
    """The document with this verification code (any entity when ``entity`` is None)."""
    normalized = verification_code_normalize(code)
    if not normalized:
        return None
    qs = OutgoingDocument.objects.select_related("entity", "petition")
    if entity is not None:
        qs = qs.filter(entity=entity)
    return qs.filter(verification_code=normalized).first()


def _letter_attachment(document: OutgoingDocument) -> MailAttachment:
    renderer = {
        DocumentKind.ANSWER: "cabildo.pqrs.letters.answer_letter_for_email",
        DocumentKind.WITHDRAWAL: "cabildo.pqrs.letters.withdrawal_act_for_email",
    }[DocumentKind(document.kind)]
    return MailAttachment(f"{document.number}.pdf", b"", "application/pdf", render_with=renderer)


# --------------------------------------------------------------------------- workflow


def _lock(petition: Petition) -> Petition:
    locked = (
        Petition.objects.select_for_update().select_related("kind", "entity").get(pk=petition.pk)
    )
    return locked


def _refresh(target: Petition, source: Petition) -> None:
    for f in Petition._meta.concrete_fields:
        setattr(target, f.attname, getattr(source, f.attname))


@transaction.atomic
def petition_assign(
    *, petition: Petition, area: Area, assigned_to: Any = None, actor: User | None = None
) -> Petition:
    locked = _lock(petition)
    _check_open(locked)
    if area is None or area.entity_id != locked.entity_id:
        raise ValidationError({"area": _("Seleccione una dependencia de la entidad.")})
    if assigned_to is not None:
        from cabildo.accounts.models import Membership

        if not Membership.objects.filter(user=assigned_to, entity_id=locked.entity_id).exists():
            raise ValidationError(
                {"assigned_to": _("La persona responsable debe pertenecer a la entidad.")}
            )
    locked.area = area
    locked.assigned_to = assigned_to
    if locked.status == Status.FILED:
        locked.status = Status.ASSIGNED
    locked.full_clean()
    locked.save()
    text = _("Asignada a %(area)s.") % {"area": area.name}
    _event(locked, EventKind.ASSIGNED, text, actor=actor)
    if assigned_to is not None:
        _event(
            locked,
            EventKind.NOTE,
            _("Responsable: %(name)s.") % {"name": assigned_to},
            actor=actor,
            public=False,
        )
    _refresh(petition, locked)
    return locked


@transaction.atomic
def petition_start(*, petition: Petition, actor: User | None = None) -> Petition:
    locked = _lock(petition)
    if locked.status != Status.ASSIGNED:
        raise ValidationError(_("Solo una petición asignada puede pasar a trámite."))
    if locked.is_paused:
        raise ValidationError(_("El término está suspendido esperando información del ciudadano."))
    locked.status = Status.IN_PROGRESS
    locked.save(update_fields=["status"])
    _event(locked, EventKind.IN_PROGRESS, _("La dependencia inició el trámite."), actor=actor)
    _refresh(petition, locked)
    return locked


@transaction.atomic
def petition_request_completion(
    *, petition: Petition, missing: str, actor: User | None = None, today: date | None = None
) -> CompletionRequest:
    """Art. 17: ask for what is missing. Within 10 business days of filing the clock stops;
    a later request is still sent (and can be answered) but the term keeps running."""
    today = today or _today()
    locked = _lock(petition)
    _check_open(locked)
    if not (missing or "").strip():
        raise ValidationError({"missing": _("Indique qué información o documentos faltan.")})
    if locked.is_paused or pending_completion(locked) is not None:
        raise ValidationError(_("Ya hay una solicitud de completar pendiente."))
    if locked.term_days is None:
        raise ValidationError(_("Esta clase de petición no tiene término que suspender."))
    calendar = _calendar(locked)
    filed_on = deadlines.local_date(locked.filed_at)
    suspends = deadlines.completion_request_suspends(calendar, filed_on, today)
    completion = CompletionRequest(
        entity_id=locked.entity_id,
        petition=locked,
        requested_on=today,
        missing=missing.strip(),
        deadline=deadlines.completion_deadline(calendar, today, extended=False),
        suspends_term=suspends,
        created_by=_actor(actor),
    )
    completion.full_clean()
    completion.save()
    if suspends:
        locked.paused_at = today
        locked.save(update_fields=["paused_at"])
        extended = deadlines.completion_deadline(calendar, today, extended=True)
        text = _(
            "Se solicitó completar la petición: %(missing)s. El término queda suspendido. "
            "Tiene plazo hasta el %(deadline)s para aportarlo; si antes de esa fecha pide una "
            "prórroga, el plazo se amplía hasta el %(extended)s."
        ) % {
            "missing": completion.missing,
            "deadline": completion.deadline.strftime("%d/%m/%Y"),
            "extended": extended.strftime("%d/%m/%Y"),
        }
    else:
        text = _(
            "Se solicitó completar la petición: %(missing)s. Tiene plazo hasta el "
            "%(deadline)s para aportarlo."
        ) % {"missing": completion.missing, "deadline": completion.deadline.strftime("%d/%m/%Y")}
        text += " " + deadlines.late_completion_note(
            deadlines.completion_window_ends(calendar, filed_on), locked.due_date
        )
    _event(locked, EventKind.COMPLETION_REQUESTED, text, actor=actor)
    _notify(locked, _("Solicitud de completar su petición"), text, template="completion_request")
    _refresh(petition, locked)
    return completion


def pending_completion(petition: Petition) -> CompletionRequest | None:
    return (
        CompletionRequest.objects.filter(
            petition=petition, completed_on__isnull=True, withdrawn_on__isnull=True
        )
        .order_by("-requested_on", "-id")
        .first()
    )


def _pending_completion(petition: Petition) -> CompletionRequest:
    completion = pending_completion(petition)
    if completion is None:
        raise ValidationError(_("No hay una solicitud de completar pendiente."))
    return completion


@transaction.atomic
def petition_extend_completion(
    *, petition: Petition, actor: User | None = None, today: date | None = None
) -> CompletionRequest:
    """The citizen asked for one more month to complete (art. 17)."""
    today = today or _today()
    locked = _lock(petition)
    completion = _pending_completion(locked)
    if completion.deadline_extended:
        raise ValidationError(_("El plazo para completar ya fue ampliado una vez."))
    if today > completion.deadline:
        raise ValidationError(_("El plazo para completar ya venció."))
    completion.deadline = deadlines.completion_deadline(
        _calendar(locked), completion.requested_on, extended=True
    )
    completion.deadline_extended = True
    completion.save(update_fields=["deadline", "deadline_extended"])
    text = _("El plazo para completar se amplió hasta el %(deadline)s.") % {
        "deadline": completion.deadline.strftime("%d/%m/%Y")
    }
    _event(locked, EventKind.COMPLETION_EXTENDED, text, actor=actor)
    _notify(locked, _("Ampliación del plazo para completar"), text, template="completion_extension")
    return completion


@transaction.atomic
def petition_complete(
    *,
    petition: Petition,
    text: str,
    actor: User | None = None,
    today: date | None = None,
    attachments: Iterable[Any] = (),
) -> Petition:
    """The citizen completed the petition: the full term restarts from that day (art. 17).
    ``attachments`` are the documents they brought (checked like those of a filing)."""
    today = today or _today()
    locked = _lock(petition)
    completion = _pending_completion(locked)
    if not (text or "").strip():
        raise ValidationError({"text": _("Describa la información aportada por el ciudadano.")})
    checked = attachments_check(attachments)
    if today > completion.deadline:
        raise ValidationError(
            _("El plazo para completar venció; la petición se entiende desistida.")
        )
    calendar = _calendar(locked)
    completion.completed_on = today
    completion.completion_text = text.strip()
    completion.save(update_fields=["completed_on", "completion_text"])
    _store_attachments(locked, checked)
    if not completion.suspends_term:  # a late request: the term was never suspended
        message = _("El ciudadano aportó la información solicitada.")
        if locked.due_date is not None:
            message += " " + _(
                "El término no estaba suspendido: la respuesta sigue venciendo el %(due)s."
            ) % {"due": dates.dmy(locked.due_date)}
        _event(locked, EventKind.COMPLETED, message, actor=actor)
        _notify(locked, _("Información completada"), message, template="completed")
        _refresh(petition, locked)
        return locked
    locked.paused_business_days += calendar.count_business_days(locked.paused_at or today, today)
    locked.paused_at = None
    locked.term_start = today
    computation = deadlines.compute_due(calendar, today, locked.term_days)
    locked.due_date = computation.due_date if computation else None
    locked.extended = False
    locked.original_due_date = None
    locked.save()
    message = _(
        "El ciudadano completó la información. El término de %(days)s días hábiles se "
        "reinicia y vence el %(due)s."
    ) % {"days": locked.term_days, "due": dates.dmy(locked.due_date)}
    _event(locked, EventKind.COMPLETED, message, actor=actor)
    _notify(locked, _("Información completada"), message, template="completed")
    _refresh(petition, locked)
    return locked


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


@transaction.atomic
def petition_complete_by_citizen(
    *,
    petition: Petition,
    text: str,
    attachments: Iterable[Any] = (),
    today: date | None = None,
    by_email: bool = False,
) -> Petition:
    """The citizen answers the completion request from the tracking page (or by replying to
    it by email, ``by_email``): the same rules as :func:`petition_complete` (the term resumes
    on the day the reply is filed), and the officials in charge are told through the outbox."""
    locked = petition_complete(petition=petition, text=text, attachments=attachments, today=today)
    link = entity_url(locked.entity, "pqrs:staff_detail", args=[locked.pk])
    if by_email:
        intro = _(
            "El ciudadano respondió por correo electrónico la solicitud de completar la "
            "petición %(number)s."
        )
    else:
        intro = _(
            "El ciudadano respondió la solicitud de completar la petición %(number)s desde la "
            "página de consulta."
        )
    body = (intro + "\n\n%(text)s\n\n%(due)s\n\n" + _("Ver la petición: %(link)s")) % {
        "number": locked.filing_number,
        "text": text.strip(),
        "due": _("Vencimiento: %(date)s") % {"date": dates.dmy(locked.due_date)}
        if locked.due_date
        else "",
        "link": link,
    }
    for email in _officials_emails(locked):
        email_queue(
            entity=locked.entity,
            to=email,
            subject=_("[%(number)s] El ciudadano completó la información")
            % {"number": locked.filing_number},
            body=body,
            template="pqrs.completed_by_citizen",
            related=locked,
        )
    return locked


def petitions_close_withdrawn(*, now: datetime | None = None) -> int:
    """Close as desistidas the petitions whose completion deadline passed (art. 17)."""
    today = deadlines.local_date(now or timezone.now())
    count = 0
    pending = CompletionRequest.objects.filter(
        completed_on__isnull=True,
        withdrawn_on__isnull=True,
        suspends_term=True,  # a late request cannot make the petition desistida
        deadline__lt=today,
        petition__status__in=OPEN_STATUSES,
    ).values_list("pk", flat=True)
    for pk in list(pending):
        with transaction.atomic():
            completion = CompletionRequest.objects.select_for_update().get(pk=pk)
            if not completion.is_pending:
                continue
            petition = _lock(completion.petition)
            completion.withdrawn_on = today
            completion.save(update_fields=["withdrawn_on"])
            text = _(
                "El ciudadano no completó la información dentro del plazo (%(deadline)s): la "
                "petición se entiende desistida y se archiva (Ley 1755 de 2015, art. 17)."
            ) % {"deadline": completion.deadline.strftime("%d/%m/%Y")}
            _withdraw(petition, reason=ClosingReason.WITHDRAWN, text=text)
            count += 1
    return count


def _withdraw(
    petition: Petition, *, reason: str, text: str, actor: User | None = None
) -> OutgoingDocument:
    """Close ``petition`` (locked) as desistida: its own status, the term stops, and the act
    of desistimiento is issued with an outgoing radicado and sent to the citizen."""
    petition.status = Status.WITHDRAWN
    petition.closing_reason = reason
    petition.paused_at = None
    petition.save(update_fields=["status", "closing_reason", "paused_at"])
    act = _document_issue(
        petition,
        kind=DocumentKind.WITHDRAWAL,
        subject=_("Desistimiento de la petición %(number)s: %(subject)s")
        % {"number": petition.filing_number, "subject": petition.subject},
        body=text,
        actor=actor,
    )
    _event(
        petition,
        EventKind.WITHDRAWN,
        text
        + " "
        + _("Acto de desistimiento: radicado de salida %(number)s.") % {"number": act.number},
        actor=actor,
    )
    _notify(
        petition,
        _("Desistimiento de su petición"),
        text
        + "\n\n"
        + _("Adjuntamos el acto de desistimiento con radicado de salida %(number)s (PDF).")
        % {"number": act.number},
        template="withdrawn",
        attachments=[_letter_attachment(act)],
    )
    return act


@transaction.atomic
def petition_withdraw_by_citizen(*, petition: Petition, reason: str = "") -> OutgoingDocument:
    """Desistimiento expreso (Ley 1755 de 2015, art. 18): the citizen withdraws the petition
    from the tracking page. It can be filed again later; the officials in charge are told."""
    locked = _lock(petition)
    _check_open(locked)
    pending = pending_completion(locked)
    if pending is not None:
        pending.withdrawn_on = _today()
        pending.save(update_fields=["withdrawn_on"])
    with translation.override(settings.LANGUAGE_CODE):  # the act is an official document
        text = _(
            "El ciudadano desistió expresamente de su petición (Ley 1755 de 2015, art. 18). "
            "Puede presentarla de nuevo cuando lo desee."
        )
        if (reason or "").strip():
            text += " " + _("Motivo indicado: %(reason)s") % {"reason": reason.strip()[:1000]}
        act = _withdraw(locked, reason=ClosingReason.WITHDRAWN_EXPRESS, text=text)
    body = _(
        "El ciudadano desistió de la petición %(number)s desde la página de consulta. "
        "Acto de desistimiento: %(act)s.\n\nVer la petición: %(link)s"
    ) % {
        "number": locked.filing_number,
        "act": act.number,
        "link": entity_url(locked.entity, "pqrs:staff_detail", args=[locked.pk]),
    }
    for email in _officials_emails(locked):
        email_queue(
            entity=locked.entity,
            to=email,
            subject=_("[%(number)s] El ciudadano desistió de la petición")
            % {"number": locked.filing_number},
            body=body,
            template="pqrs.withdrawn_by_citizen",
            related=locked,
        )
    _refresh(petition, locked)
    return act


@transaction.atomic
def petition_extend(
    *,
    petition: Petition,
    new_due_date: date,
    reason: str,
    actor: User | None = None,
    today: date | None = None,
) -> Extension:
    """Prórroga (art. 14 parágrafo): before the due date, with reasons, capped, notified."""
    today = today or _today()
    locked = _lock(petition)
    _check_open(locked)
    errors: dict[str, list[str]] = {}
    if locked.due_date is None or locked.term_days is None:
        raise ValidationError(_("Esta petición no tiene un término que prorrogar."))
    if locked.is_paused:
        raise ValidationError(_("El término está suspendido esperando información del ciudadano."))
    if Extension.objects.filter(petition=locked).count() >= deadlines.MAX_EXTENSIONS:
        raise ValidationError(deadlines.extension_limit_message())
    if today > locked.due_date:
        raise ValidationError(
            _("La prórroga solo procede antes del vencimiento (%(due)s).")
            % {"due": dates.dmy(locked.due_date)}
        )
    if not (reason or "").strip():
        errors["reason"] = [_("Explique los motivos de la prórroga.")]
    calendar = _calendar(locked)
    cap = deadlines.extension_cap(
        calendar,
        term_start=locked.term_start or deadlines.local_date(locked.filed_at),
        term_days=locked.term_days,
        extension_days=locked.kind.extension_days,
    )
    if new_due_date is None or new_due_date <= locked.due_date:
        errors["new_due_date"] = [_("El nuevo vencimiento debe ser posterior al actual.")]
    elif new_due_date > cap:
        errors["new_due_date"] = [
            _(
                "El nuevo vencimiento no puede ser posterior al %(cap)s: con la prórroga, el "
                "término no puede superar el doble del inicial (Ley 1755 de 2015, art. 14 "
                "parágrafo)."
            )
            % {"cap": cap.strftime("%d/%m/%Y")}
            if locked.kind.extension_days is None
            else ngettext(
                "El nuevo vencimiento no puede ser posterior al %(cap)s: la prórroga de esta "
                "clase es de hasta %(days)s día hábil.",
                "El nuevo vencimiento no puede ser posterior al %(cap)s: la prórroga de esta "
                "clase es de hasta %(days)s días hábiles.",
                locked.kind.extension_days,
            )
            % {"cap": cap.strftime("%d/%m/%Y"), "days": locked.kind.extension_days}
        ]
    elif not calendar.is_business_day(new_due_date):
        errors["new_due_date"] = [_("El nuevo vencimiento debe ser un día hábil.")]
    if errors:
        raise ValidationError(errors)
    extension = Extension(
        entity_id=locked.entity_id,
        petition=locked,
        reason=reason.strip(),
        previous_due_date=locked.due_date,
        new_due_date=new_due_date,
        created_by=_actor(actor),
    )
    if not locked.extended:
        locked.original_due_date = locked.due_date
    locked.extended = True
    locked.due_date = new_due_date
    text = _("Se prorrogó el término hasta el %(due)s. Motivo: %(reason)s") % {
        "due": new_due_date.strftime("%d/%m/%Y"),
        "reason": extension.reason,
    }
    if _notify(locked, _("Prórroga del término de respuesta"), text, template="extension"):
        extension.notified_at = timezone.now()
    extension.full_clean()
    extension.save()
    locked.save(update_fields=["extended", "original_due_date", "due_date"])
    _event(locked, EventKind.EXTENDED, text, actor=actor)
    _refresh(petition, locked)
    return extension


@transaction.atomic
def petition_transfer(
    *,
    petition: Petition,
    reason: str,
    target_entity: Entity | None = None,
    target_name: str = "",
    target_email: str = "",
    actor: User | None = None,
    today: date | None = None,
) -> Transfer:
    """Traslado por competencia (art. 21), due within 5 business days, with notice to the
    citizen. A later transfer is still made (an entity may find out late that it is not
    competent) and recorded as extemporáneo."""
    today = today or _today()
    locked = _lock(petition)
    _check_open(locked)
    errors: dict[str, list[str]] = {}
    calendar = _calendar(locked)
    filed_on = deadlines.local_date(locked.filed_at)
    is_late = deadlines.transfer_is_late(calendar, filed_on, today)
    if not (reason or "").strip():
        errors["reason"] = [_("Explique por qué la entidad no es competente.")]
    if target_entity is not None:
        if target_entity.pk == locked.entity_id:
            errors["target_entity"] = [_("No puede trasladar la petición a la misma entidad.")]
        target_name = target_name or target_entity.name
        target_email = target_email or target_entity.email
    elif not target_name.strip():
        errors["target_name"] = [_("Indique la entidad competente.")]
    elif not target_email.strip():
        errors["target_email"] = [
            _("Indique el correo de la entidad competente para enviarle la petición.")
        ]
    if errors:
        raise ValidationError(errors)
    transfer = Transfer(
        entity_id=locked.entity_id,
        petition=locked,
        target_entity=target_entity,
        target_name=target_name.strip(),
        target_email=target_email.strip(),
        reason=reason.strip(),
        is_late=is_late,
        created_by=_actor(actor),
    )
    transfer.full_clean()
    new_result: FilingResult | None = None
    if target_entity is not None:
        kinds_ensure_defaults(entity=target_entity)
        target_kind = PetitionKind.objects.filter(
            entity=target_entity, code=locked.kind.code
        ).first() or PetitionKind.objects.get(entity=target_entity, code="peticion_general")
        new_result = _create_petition(
            entity=target_entity,
            kind=target_kind,
            subject=locked.subject,
            description=locked.description,
            channel=locked.channel,
            anonymous=locked.anonymous,
            requester=Requester(
                name=locked.requester_name,
                document_type=locked.requester_document_type,
                document_number=locked.requester_document_number,
                email=locked.requester_email,
                phone=locked.requester_phone,
                address=locked.requester_address,
            ),
            is_priority=locked.is_priority,
            priority_reason=locked.priority_reason,
            filed_at=timezone.now(),
            actor=None,
            transferred_from=locked,
        )
        new_petition = new_result.petition
        for old in locked.events.order_by("at", "id"):
            PetitionEvent(
                entity_id=target_entity.pk,
                petition=new_petition,
                kind=old.kind,
                text=_("[%(origin)s %(number)s] %(text)s")
                % {
                    "origin": locked.entity.short_name,
                    "number": locked.filing_number,
                    "text": old.text,
                },
                is_public=old.is_public,
                at=old.at,
            ).save()
        _event(
            new_petition,
            EventKind.RECEIVED_BY_TRANSFER,
            _("Recibida por traslado de %(entity)s (radicado %(number)s). Motivo: %(reason)s")
            % {
                "entity": locked.entity.name,
                "number": locked.filing_number,
                "reason": transfer.reason,
            },
        )
        for attachment in locked.attachments.filter(is_answer=False):
            attachment.file.open("rb")
            content = attachment.file.read()
            attachment.file.close()
            _store_attachments(
                new_petition,
                [
                    CheckedFile(
                        attachment.original_name,
                        content,
                        attachment.content_type,
                        ALLOWED_TYPES.get(attachment.content_type, ""),
                    )
                ],
            )
        transfer.new_petition = new_petition
    text = _(
        "La entidad no es competente. La petición se trasladó a %(target)s. Motivo: %(reason)s"
    ) % {"target": transfer.target_name, "reason": transfer.reason}
    if is_late:
        text += " " + deadlines.late_transfer_note(
            deadlines.transfer_window_ends(calendar, filed_on)
        )
    if new_result is not None:
        text += " " + _("Nuevo radicado en esa entidad: %(number)s.") % {
            "number": new_result.petition.filing_number
        }
        if new_result.petition.requester_email:
            text_code = _("Su código de seguimiento en %(entity)s es %(code)s.") % {
                "entity": new_result.petition.entity.name,
                "code": new_result.tracking_code,
            }
        else:
            text_code = ""
    else:
        text_code = ""
    if _notify(
        locked,
        _("Traslado de su petición por competencia"),
        f"{text}\n\n{text_code}".strip(),
        template="transfer",
    ):
        transfer.notified_at = timezone.now()
    transfer.save()
    if transfer.target_email and new_result is None:
        body = _(
            "La entidad %(entity)s traslada por competencia la petición %(number)s "
            "(Ley 1755 de 2015, art. 21).\n\nAsunto: %(subject)s\n\n%(description)s\n\n"
            "Peticionario: %(requester)s %(email)s"
        ) % {
            "entity": locked.entity.name,
            "number": locked.filing_number,
            "subject": locked.subject,
            "description": locked.description,
            "requester": locked.requester_name or _("anónimo"),
            "email": locked.requester_email,
        }
        email_queue(
            entity=locked.entity,
            to=transfer.target_email,
            subject=_("Traslado por competencia: %(number)s") % {"number": locked.filing_number},
            body=body,
            template="pqrs.transfer_target",
            related=locked,
        )
    locked.status = Status.CLOSED
    locked.closing_reason = ClosingReason.TRANSFERRED
    locked.paused_at = None
    locked.save(update_fields=["status", "closing_reason", "paused_at"])
    _event(locked, EventKind.TRANSFERRED, text, actor=actor)
    _refresh(petition, locked)
    return transfer


@transaction.atomic
def petition_answer(
    *,
    petition: Petition,
    text: str,
    channel: str,
    answered_at: datetime | None = None,
    attachments: Iterable[Any] = (),
    actor: User | None = None,
) -> Petition:
    """Respuesta de fondo: closes the petition as answered."""
    locked = _lock(petition)
    _check_open(locked)
    now = timezone.now()
    answered_at = answered_at or now
    errors: dict[str, list[str]] = {}
    if not (text or "").strip():
        errors["text"] = [_("Escriba la respuesta.")]
    if channel not in Channel.values:
        errors["channel"] = [_("Seleccione el canal de respuesta.")]
    if answered_at > now + FUTURE_TOLERANCE:
        errors["answered_at"] = [_("La fecha de respuesta no puede estar en el futuro.")]
    elif answered_at < locked.filed_at:
        errors["answered_at"] = [_("La fecha de respuesta no puede ser anterior a la radicación.")]
    if locked.is_paused:
        errors.setdefault("text", []).append(
            _("Hay una solicitud de completar pendiente; regístrela como completada primero.")
        )
    try:
        checked = attachments_check(attachments)
    except ValidationError as exc:
        checked = []
        errors.setdefault("attachments", []).extend(exc.messages)
    if errors:
        raise ValidationError(errors)
    locked.answer_text = text.strip()
    locked.answer_channel = channel
    locked.answered_at = answered_at
    locked.status = Status.ANSWERED
    locked.closing_reason = ClosingReason.ANSWERED
    locked.save()
    _store_attachments(locked, checked, is_answer=True)
    with translation.override(settings.LANGUAGE_CODE):
        letter_subject = _("Respuesta a su petición %(number)s: %(subject)s") % {
            "number": locked.filing_number,
            "subject": locked.subject,
        }
    letter = _document_issue(
        locked,
        kind=DocumentKind.ANSWER,
        subject=letter_subject,
        body=locked.answer_text,
        annexes=[f.name for f in checked],
        actor=actor,
        issued_at=answered_at,
    )
    _event(
        locked,
        EventKind.ANSWERED,
        _(
            "Respuesta de fondo enviada por %(channel)s con la carta de radicado de salida "
            "%(number)s."
        )
        % {"channel": locked.get_answer_channel_display(), "number": letter.number},
        actor=actor,
        at=answered_at,
    )
    _notify_answer(locked, letter, checked)
    _refresh(petition, locked)
    return locked


def _notify_answer(
    petition: Petition, letter: OutgoingDocument, annexes: Sequence[CheckedFile]
) -> bool:
    """The answer email: the letter (PDF) always attached; the annexes attached when they fit
    under :data:`EMAIL_ANNEXES_MAX_BYTES`, otherwise the email says where to download them.
    The text says exactly which of the two happened."""
    attachments = [_letter_attachment(letter)]
    lines = [
        _("Respondemos su petición %(number)s «%(subject)s».")
        % {"number": petition.filing_number, "subject": petition.subject},
        "",
        _("Adjuntamos la carta de respuesta con radicado de salida %(number)s (PDF).")
        % {"number": letter.number},
    ]
    total = sum(len(f.content) for f in annexes)
    if annexes and total <= EMAIL_ANNEXES_MAX_BYTES:
        attachments += [MailAttachment(f.name, f.content, f.content_type) for f in annexes]
        lines.append(
            _("También adjuntamos %(n)s anexo(s): %(names)s.")
            % {"n": len(annexes), "names": ", ".join(f.name for f in annexes)}
        )
    elif annexes:
        lines.append(
            _(
                "Los anexos (%(names)s) pesan más de lo que se puede enviar por correo: "
                "descárguelos en %(url)s con su número de radicado y su código de seguimiento."
            )
            % {
                "names": ", ".join(f.name for f in annexes),
                "url": entity_url(petition.entity, "pqrs:track"),
            }
        )
    lines += [
        "",
        petition.answer_text,
        "",
        _(
            "Cualquier persona puede comprobar la autenticidad de la carta con el código de "
            "verificación %(code)s en %(url)s"
        )
        % {"code": letter.verification_code, "url": entity_url(petition.entity, "pqrs:verify")},
    ]
    return _notify(
        petition,
        _("Respuesta a su petición"),
        "\n".join(lines),
        template="answer",
        attachments=attachments,
    )


@transaction.atomic
def petition_archive_anonymous(
    *, petition: Petition, reason: str, actor: User | None = None
) -> Petition:
    """Ley 962 de 2005 art. 81: archive an anonymous complaint that cannot be verified."""
    locked = _lock(petition)
    _check_open(locked)
    if not locked.anonymous:
        raise ValidationError(_("Solo se archivan por esta causa las peticiones anónimas."))
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Explique por qué no se puede verificar.")})
    locked.status = Status.CLOSED
    locked.closing_reason = ClosingReason.ANONYMOUS_ARCHIVED
    locked.paused_at = None
    locked.save(update_fields=["status", "closing_reason", "paused_at"])
    _event(locked, EventKind.ARCHIVED, reason.strip(), actor=actor)
    _refresh(petition, locked)
    return locked


@transaction.atomic
def petition_reopen(*, petition: Petition, reason: str, actor: User | None = None) -> Petition:
    locked = _lock(petition)
    if locked.status in OPEN_STATUSES:
        raise ValidationError(_("La petición ya está abierta."))
    if locked.closing_reason == ClosingReason.TRANSFERRED:
        raise ValidationError(_("Una petición trasladada se tramita en la entidad competente."))
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Explique el motivo de la reapertura.")})
    locked.status = Status.IN_PROGRESS if locked.area_id else Status.FILED
    locked.closing_reason = ""
    locked.answered_at = None
    locked.save(update_fields=["status", "closing_reason", "answered_at"])
    _event(locked, EventKind.REOPENED, reason.strip(), actor=actor)
    _refresh(petition, locked)
    return locked


# --------------------------------------------------------------------------- calendar


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


# --------------------------------------------------------------------------- tracking


def petition_track(*, entity: Entity, filing_number: str, code: str) -> Petition | None:
    """The petition for a filing number and tracking code, or None (same for both errors)."""
    petition = (
        Petition.objects.for_entity(entity)
        .filter(filing_number__iexact=(filing_number or "").strip())
        .select_related("kind", "sub_channel")
        .first()
    )
    expected = tracking_code_hash(code)
    stored = petition.tracking_code_hash if petition else tracking_code_hash("x" * 12)
    if not hmac.compare_digest(expected, stored) or petition is None:
        return None
    return petition


# --------------------------------------------------------------------------- configuration (writes)


@transaction.atomic
def settings_update(
    *,
    entity: Entity,
    filing_prefix: str,
    due_soon_days: int,
    priority_term_days: int,
    letter_header: str | None = None,
    letter_city: str | None = None,
    signer_name: str | None = None,
    signer_title: str | None = None,
) -> PqrsSettings:
    import re

    obj = PqrsSettings.objects.select_for_update().get(pk=settings_for(entity=entity).pk)
    prefix = (filing_prefix or "").strip().upper()
    if prefix and not re.fullmatch(r"[A-Z0-9][A-Z0-9-]{0,11}", prefix):
        raise ValidationError(
            {"filing_prefix": _("Use solo letras, números y guiones (máximo 12 caracteres).")}
        )
    obj.filing_prefix = prefix
    obj.due_soon_days = due_soon_days
    obj.priority_term_days = priority_term_days
    letter = {
        "letter_header": letter_header,
        "letter_city": letter_city,
        "signer_name": signer_name,
        "signer_title": signer_title,
    }
    for name, value in letter.items():
        if value is not None:  # None: leave as configured
            setattr(obj, name, value.strip())
    obj.full_clean()
    obj.save()
    return obj


@transaction.atomic
def sub_channel_ensure(*, entity: Entity, channel: str, name: str, order: int = 100) -> SubChannel:
    """The entity's sub-channel ``name`` under ``channel`` (created if missing)."""
    if channel not in Channel.values:
        raise ValidationError({"channel": _("Seleccione un canal válido.")})
    if not (name or "").strip():
        raise ValidationError({"name": _("Escriba el nombre del subcanal.")})
    sub, _created = SubChannel.objects.get_or_create(
        entity=entity, channel=channel, name=name.strip(), defaults={"order": order}
    )
    return sub


@transaction.atomic
def sub_channel_create(*, entity: Entity, channel: str, name: str, order: int = 100) -> SubChannel:
    """A new sub-channel under a legal channel (refused if the channel already has that name)."""
    name = (name or "").strip()
    if SubChannel.objects.for_entity(entity).filter(channel=channel, name__iexact=name).exists():
        raise ValidationError({"name": _("Ese canal ya tiene un subcanal con ese nombre.")})
    sub = SubChannel(entity=entity, channel=channel, name=name, order=order)
    sub.full_clean()
    sub.save()
    return sub


@transaction.atomic
def sub_channel_update(
    *, sub_channel: SubChannel, name: str, order: int, is_active: bool
) -> SubChannel:
    """Rename, reorder or retire a sub-channel (a retired one keeps its petitions and figures
    but is no longer offered on the forms)."""
    name = (name or "").strip()
    clash = SubChannel.objects.filter(
        entity_id=sub_channel.entity_id, channel=sub_channel.channel, name__iexact=name
    ).exclude(pk=sub_channel.pk)
    if clash.exists():
        raise ValidationError({"name": _("Ese canal ya tiene un subcanal con ese nombre.")})
    sub_channel.name, sub_channel.order, sub_channel.is_active = name, order, is_active
    sub_channel.full_clean()
    sub_channel.save()
    return sub_channel


@transaction.atomic
def imported_count_delete(*, count: ImportedYearCount) -> None:
    """Remove an imported figure (loaded by mistake); the history keeps a record of it."""
    count.delete()


@dataclass
class YearCountRow:
    """One figure of a report from before the system: year, channel, the report's row label,
    optionally the sub-channel it belongs to, and the count."""

    year: int
    channel: str
    label: str
    count: int
    sub_channel: str = ""


@transaction.atomic
def imported_counts_import(
    *, entity: Entity, rows: Sequence[YearCountRow], source: str, actor: User | None = None
) -> list[ImportedYearCount]:
    """Load yearly counts per channel from before the system (imported aggregates, never
    petitions). A year in which the entity already has petitions is refused (it would count
    twice); importing the same row again replaces its figure. All rows or none."""
    errors: list[str] = []
    if not (source or "").strip():
        raise ValidationError({"source": _("Indique la fuente de las cifras (informe, año).")})
    years_with_petitions = set(
        Petition.objects.for_entity(entity).values_list("year", flat=True).distinct()
    )
    subs = {(s.channel, s.name.lower()): s for s in SubChannel.objects.for_entity(entity)}
    saved = []
    for n, row in enumerate(rows, start=1):
        if row.channel not in Channel.values:
            errors.append(_("Fila %(n)s: el canal «%(c)s» no existe.") % {"n": n, "c": row.channel})
            continue
        if row.year in years_with_petitions:
            errors.append(
                _("Fila %(n)s: en %(year)s ya hay peticiones radicadas en el sistema.")
                % {"n": n, "year": row.year}
            )
            continue
        if row.year < 1990 or row.year > timezone.localdate().year:
            errors.append(
                _("Fila %(n)s: el año %(year)s no es válido.") % {"n": n, "year": row.year}
            )
            continue
        if row.count < 0 or not (row.label or "").strip():
            errors.append(_("Fila %(n)s: falta la fila del informe o la cantidad.") % {"n": n})
            continue
        sub = None
        if row.sub_channel:
            sub = subs.get((row.channel, row.sub_channel.strip().lower()))
            if sub is None:
                errors.append(
                    _("Fila %(n)s: el subcanal «%(s)s» no existe en ese canal.")
                    % {"n": n, "s": row.sub_channel}
                )
                continue
        obj, _created = ImportedYearCount.objects.update_or_create(
            entity=entity,
            year=row.year,
            channel=row.channel,
            label=row.label.strip()[:120],
            defaults={
                "count": row.count,
                "sub_channel": sub,
                "source": source.strip()[:300],
                "imported_by": _actor(actor),
            },
        )
        saved.append(obj)
    if errors:
        raise ValidationError(errors)
    return saved


@transaction.atomic
def mailbox_update(
    *,
    entity: Entity,
    address: str,
    host: str,
    port: int,
    use_ssl: bool,
    username: str,
    password: str = "",
    password_env: str = "",
    folder: str = "INBOX",
    is_active: bool = True,
) -> Mailbox:
    """Create or change the entity's PQRSD mailbox. An empty ``password`` keeps the stored
    one; with ``password_env`` the password is read from the environment and none is kept."""
    mailbox = Mailbox.objects.select_for_update().filter(entity=entity).first() or Mailbox(
        entity=entity
    )
    mailbox.address = (address or "").strip()
    mailbox.host = (host or "").strip()
    mailbox.port = port
    mailbox.use_ssl = use_ssl
    mailbox.username = (username or "").strip()
    mailbox.password_env = (password_env or "").strip()
    if mailbox.password_env:
        mailbox.password = ""
    elif password:
        mailbox.password = password
    mailbox.folder = (folder or "").strip() or "INBOX"
    mailbox.is_active = is_active
    if is_active and not (mailbox.password or mailbox.password_env):
        raise ValidationError(
            {"password": _("Escriba la contraseña o la variable de entorno que la contiene.")}
        )
    mailbox.full_clean()
    mailbox.save()
    return mailbox


@transaction.atomic
def kind_update(
    *,
    kind: PetitionKind,
    name: str,
    term_days: int | None,
    extension_days: int | None,
    priority_term_days: int | None,
    is_active: bool,
) -> PetitionKind:
    """Change a kind's terms: applies to petitions filed from now on (filed ones keep theirs)."""
    if term_days is not None and not 1 <= term_days <= 90:
        raise ValidationError({"term_days": _("El término debe estar entre 1 y 90 días hábiles.")})
    if term_days is None and (extension_days or priority_term_days):
        raise ValidationError(
            {
                "term_days": _(
                    "Una clase sin término no puede tener prórroga ni término prioritario."
                )
            }
        )
    if priority_term_days and term_days and priority_term_days > term_days:
        raise ValidationError(
            {"priority_term_days": _("El término prioritario no puede ser mayor que el término.")}
        )
    kind.name = name.strip()
    kind.term_days = term_days
    kind.extension_days = extension_days
    kind.priority_term_days = priority_term_days
    kind.is_active = is_active
    kind.full_clean()
    kind.save()
    return kind
