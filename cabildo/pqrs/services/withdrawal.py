"""Withdrawal by the citizen, and closing petitions not completed in time."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from cabildo.core.links import entity_url
from cabildo.outbox.services import email_queue
from cabildo.pqrs import deadlines
from cabildo.pqrs.models import (
    OPEN_STATUSES,
    ClosingReason,
    CompletionRequest,
    DocumentKind,
    EventKind,
    OutgoingDocument,
    Petition,
    Status,
)
from cabildo.pqrs.services._common import (
    _check_open,
    _event,
    _lock,
    _notify,
    _officials_emails,
    _refresh,
    _today,
)
from cabildo.pqrs.services.completion import pending_completion
from cabildo.pqrs.services.documents import document_issue, letter_attachment

if TYPE_CHECKING:
    from cabildo.accounts.models import User


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
    act = document_issue(
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
        attachments=[letter_attachment(act)],
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
