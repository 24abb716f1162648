"""Extending the term to answer a petition."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from cabildo.core import dates
from cabildo.pqrs import deadlines
from cabildo.pqrs.models import EventKind, Extension, Petition
from cabildo.pqrs.services._common import (
    _actor,
    _calendar,
    _check_open,
    _event,
    _lock,
    _notify,
    _refresh,
    _today,
)

if TYPE_CHECKING:
    from cabildo.accounts.models import User


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
