"""Writes on closure days. Keyword-only, validated, atomic.

Every change sends :data:`~cabildo.workdays.signals.calendar_changed` once the transaction
commits, so that modules with open deadlines (PQRSD) recompute them.
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import formats
from django.utils.translation import gettext as _

from cabildo.core.models import Entity
from cabildo.workdays.calendar import MAX_START, MIN_START, WorkCalendar
from cabildo.workdays.models import ClosureDay
from cabildo.workdays.signals import calendar_changed


def _notify_calendar_changed(entity: Entity) -> None:
    transaction.on_commit(lambda: calendar_changed.send(sender=ClosureDay, entity=entity))


def _check_date(*, entity: Entity, day: date, closure_day: ClosureDay | None = None) -> None:
    if not MIN_START <= day <= MAX_START:
        raise ValidationError(
            {
                "date": _("La fecha debe estar entre el %(min)s y el %(max)s.")
                % {
                    "min": formats.date_format(MIN_START, "DATE_FORMAT"),
                    "max": formats.date_format(MAX_START, "DATE_FORMAT"),
                }
            }
        )
    others = ClosureDay.objects.for_entity(entity).filter(date=day)
    if closure_day is not None:
        others = others.exclude(pk=closure_day.pk)
    if others.exists():
        raise ValidationError(
            {
                "date": _("La entidad ya tiene un día de cierre registrado el %(date)s.")
                % {"date": formats.date_format(day, "DATE_FORMAT")}
            }
        )
    # A closure on a day that is already non-working would change nothing: say so.
    reason = WorkCalendar(works_saturdays=entity.works_saturdays).non_working_reason(day)
    if reason is not None:
        raise ValidationError(
            {
                "date": _(
                    "El %(date)s ya es un día no hábil (%(reason)s); no hace falta "
                    "registrarlo como día de cierre."
                )
                % {"date": formats.date_format(day, "DATE_FORMAT"), "reason": reason}
            }
        )


def _save(closure_day: ClosureDay) -> None:
    closure_day.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            closure_day.save()
    except IntegrityError as exc:  # a concurrent request saved the same date first
        raise ValidationError(
            {"date": _("La entidad ya tiene un día de cierre registrado en esa fecha.")}
        ) from exc


@transaction.atomic
def closure_day_create(*, entity: Entity, date: date, reason: str) -> ClosureDay:
    _check_date(entity=entity, day=date)
    closure_day = ClosureDay(entity=entity, date=date, reason=reason.strip())
    _save(closure_day)
    _notify_calendar_changed(entity)
    return closure_day


@transaction.atomic
def closure_day_update(*, closure_day: ClosureDay, date: date, reason: str) -> ClosureDay:
    entity = closure_day.entity
    _check_date(entity=entity, day=date, closure_day=closure_day)
    closure_day.date = date
    closure_day.reason = reason.strip()
    _save(closure_day)
    _notify_calendar_changed(entity)
    return closure_day


@transaction.atomic
def closure_day_delete(*, closure_day: ClosureDay) -> None:
    entity = closure_day.entity
    closure_day.delete()
    _notify_calendar_changed(entity)
