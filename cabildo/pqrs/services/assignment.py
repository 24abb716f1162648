"""Assigning a petition to an area and an official, and starting its handling."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from cabildo.core.models import Area
from cabildo.pqrs.models import EventKind, Petition, Status
from cabildo.pqrs.services._common import _check_open, _event, _lock, _refresh

if TYPE_CHECKING:
    from cabildo.accounts.models import User


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
