"""Filing a petition: consent, number, tracking code, term, attachments, acknowledgement."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from cabildo.core import dates
from cabildo.core.links import entity_url
from cabildo.core.models import Entity
from cabildo.outbox.services import MailAttachment
from cabildo.pqrs import deadlines
from cabildo.pqrs.models import (
    Channel,
    EventKind,
    FilingCounter,
    Petition,
    PetitionKind,
    PqrsSettings,
    SubChannel,
)
from cabildo.pqrs.services._common import _event, _notify, _store_attachments
from cabildo.pqrs.services.attachments import attachments_check
from cabildo.pqrs.services.configuration import settings_for
from cabildo.pqrs.services.tracking import tracking_code_hash, tracking_code_new
from cabildo.privacy.models import ConsentChannel
from cabildo.privacy.services import consent_record, consent_text
from cabildo.workdays.calendar import Computation, WorkCalendar, calendar_for

if TYPE_CHECKING:
    from cabildo.accounts.models import User


CONSENT_PURPOSE = "pqrs"


FUTURE_TOLERANCE = timedelta(minutes=2)


def pqrs_consent_text() -> str:
    return consent_text(_("tramitar y responder mi petición (PQRSD)"))


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
        result = petition_create(
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

    setup: tuple[PqrsSettings, Any] = public_cache.cached(
        entity,
        "pqrs-filing-setup",
        (),
        lambda: (settings_for(entity=entity), calendar_for(entity)),
    )
    return setup


def petition_create(
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
