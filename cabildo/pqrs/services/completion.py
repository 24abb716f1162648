"""Asking the citizen to complete a petition (the term stops) and its completion."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from cabildo.core import dates
from cabildo.core.links import entity_url
from cabildo.outbox.services import email_queue
from cabildo.pqrs import deadlines
from cabildo.pqrs.models import CompletionRequest, EventKind, Petition
from cabildo.pqrs.services._common import (
    _actor,
    _calendar,
    _check_open,
    _event,
    _lock,
    _notify,
    _officials_emails,
    _refresh,
    _store_attachments,
    _today,
)
from cabildo.pqrs.services.attachments import attachments_check

if TYPE_CHECKING:
    from cabildo.accounts.models import User


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
