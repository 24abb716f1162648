"""Writes of contributions: record one at an event, analyse it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cabildo.execution.models import Contribution, Event, Viability

if TYPE_CHECKING:
    from cabildo.accounts.models import User
    from cabildo.stakeholders.models import StakeholderGroup


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
