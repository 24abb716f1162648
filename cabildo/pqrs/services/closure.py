"""Archiving an anonymous petition and reopening a closed one."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from cabildo.pqrs.models import OPEN_STATUSES, ClosingReason, EventKind, Petition, Status
from cabildo.pqrs.services._common import _check_open, _event, _lock, _refresh

if TYPE_CHECKING:
    from cabildo.accounts.models import User


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
