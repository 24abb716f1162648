"""Writes of the cancellation of a planned activity (and its undoing)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from cabildo.execution.models import ActivityCancellation, ActivityReport, ReportStatus

if TYPE_CHECKING:
    from cabildo.accounts.models import User


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
