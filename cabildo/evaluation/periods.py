"""Measurement periods of an indicator: months, quarters, halves or the whole year."""

from __future__ import annotations

import calendar
from datetime import date

from django.utils.translation import gettext as _

from cabildo.evaluation.models import Periodicity

MONTHS_PER_PERIOD = {
    Periodicity.MONTHLY: 1,
    Periodicity.QUARTERLY: 3,
    Periodicity.HALF_YEARLY: 6,
    Periodicity.YEARLY: 12,
}


def periods_in_year(periodicity: str) -> int:
    return 12 // MONTHS_PER_PERIOD[Periodicity(periodicity)]


def bounds(periodicity: str, year: int, number: int) -> tuple[date, date]:
    """First and last day of period ``number`` (1-based) of ``year``."""
    if not 1 <= number <= periods_in_year(periodicity):
        raise ValueError(f"period {number} out of range for {periodicity}")
    size = MONTHS_PER_PERIOD[Periodicity(periodicity)]
    first_month = (number - 1) * size + 1
    last_month = first_month + size - 1
    return (
        date(year, first_month, 1),
        date(year, last_month, calendar.monthrange(year, last_month)[1]),
    )


def containing(periodicity: str, day: date) -> tuple[int, int]:
    """(year, period number) of the period that contains ``day``."""
    size = MONTHS_PER_PERIOD[Periodicity(periodicity)]
    return day.year, (day.month - 1) // size + 1


def label(periodicity: str, year: int, number: int) -> str:
    if periodicity == Periodicity.YEARLY:
        return str(year)
    if periodicity == Periodicity.MONTHLY:
        return f"{year}-{number:02d}"
    if periodicity == Periodicity.QUARTERLY:
        return _("Trimestre %(n)s de %(year)s") % {"n": number, "year": year}
    return _("Semestre %(n)s de %(year)s") % {"n": number, "year": year}
