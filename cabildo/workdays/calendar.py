"""The business-day calendar: the one place where Colombian terms are counted.

Rules (``docs/domain.md`` §2; Ley 4 de 1913 art. 62, Ley 1755 de 2015):

- a term in days counts **business days from the day after** the start date;
- non-working days: Sundays, Saturdays (unless the entity works them), Colombian
  holidays (``holidays`` package, observed, Spanish names) and the entity's own
  :class:`~cabildo.workdays.models.ClosureDay` rows;
- a term in months counts calendar months and, if it ends on a non-working day,
  rolls forward to the next business day.
"""

from __future__ import annotations

import calendar as _calendar
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from typing import Any

import holidays
from django.utils.translation import get_language
from django.utils.translation import gettext as _

MAX_TERM_DAYS = 365 * 3

# Start dates the calculators accept: the holiday law in force (Ley 51 de 1983) and the years
# the ``holidays`` package covers (up to 2100), leaving room for a five-year term.
MIN_START = date(1984, 1, 1)
MAX_START = date(2094, 12, 31)


@lru_cache(maxsize=64)
def _holidays_for_year(year: int) -> dict[date, str]:
    return dict(holidays.country_holidays("CO", years=year, language="es", observed=True).items())


def colombian_holidays(year: int, *, language: str = "es") -> dict[date, str]:
    """Colombian holidays of ``year`` with their Spanish names (or another supported language).

    The dates never depend on ``language``; only the names do. Law and the API use Spanish.
    """
    if language == "es":
        return dict(_holidays_for_year(year))
    return dict(_holiday_names(year, language))


HOLIDAY_LANGUAGES = {"es": "es", "en": "en_US"}


@lru_cache(maxsize=32)
def _holiday_names(year: int, language: str) -> dict[date, str]:
    code = HOLIDAY_LANGUAGES.get(language.split("-")[0].lower(), "es")
    return dict(holidays.country_holidays("CO", years=year, language=code, observed=True).items())


def _holiday_in_active_language(day: date, spanish_name: str) -> str:
    """The holiday's name in the page's language ("Christmas Day", not "Navidad", in English),
    as the weekday reasons are; Spanish when no language is active."""
    language = get_language() or "es"
    if language.split("-")[0].lower() == "es":
        return spanish_name
    return _holiday_names(day.year, language).get(day, spanish_name)


@dataclass(frozen=True)
class SkippedDay:
    date: date
    reason: str

    def as_dict(self) -> dict[str, str]:
        return {"date": self.date.isoformat(), "reason": self.reason}


@dataclass(frozen=True)
class Computation:
    """A due date with the non-working days skipped on the way, for explanations."""

    start: date
    business_days: int
    due_date: date
    skipped: tuple[SkippedDay, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        return {
            "start": self.start.isoformat(),
            "business_days": self.business_days,
            "due_date": self.due_date.isoformat(),
            "skipped": [s.as_dict() for s in self.skipped],
        }


@dataclass(frozen=True)
class MonthComputation:
    """A term in calendar months: the calendar date and, if it is not a business day, the
    business day it rolls forward to, with the non-working days skipped on the way."""

    start: date
    months: int
    calendar_date: date
    due_date: date
    skipped: tuple[SkippedDay, ...] = ()

    @property
    def rolled_forward(self) -> bool:
        return self.due_date != self.calendar_date


class DayKind:
    """Why a day is not a business day, as a stable code (for display, not for law)."""

    HOLIDAY = "holiday"
    CLOSURE = "closure"
    SATURDAY = "saturday"
    SUNDAY = "sunday"


@dataclass
class WorkCalendar:
    """A calendar for one entity (or the general one when ``entity`` is ``None``)."""

    works_saturdays: bool = False
    closures: dict[date, str] = field(default_factory=dict)

    def non_working_reason(self, day: date) -> str | None:
        """Why ``day`` is not a business day, or ``None`` if it is one."""
        holiday = _holidays_for_year(day.year).get(day)
        if holiday:
            return _holiday_in_active_language(day, holiday)
        if day in self.closures:
            return self.closures[day]
        weekday = day.weekday()
        if weekday == 6:
            return _("domingo")
        if weekday == 5 and not self.works_saturdays:
            return _("sábado")
        return None

    def non_working_kind(self, day: date) -> str | None:
        """The :class:`DayKind` of a non-working ``day`` (same precedence as the reason)."""
        if day in _holidays_for_year(day.year):
            return DayKind.HOLIDAY
        if day in self.closures:
            return DayKind.CLOSURE
        weekday = day.weekday()
        if weekday == 6:
            return DayKind.SUNDAY
        if weekday == 5 and not self.works_saturdays:
            return DayKind.SATURDAY
        return None

    def is_business_day(self, day: date) -> bool:
        return self.non_working_reason(day) is None

    def explain(self, start: date, business_days: int) -> Computation:
        """Add ``business_days`` counting from the day after ``start``."""
        if business_days < 0:
            raise ValueError("business_days must be >= 0")
        if business_days > MAX_TERM_DAYS:
            raise ValueError("term too long")
        day = start
        remaining = business_days
        skipped: list[SkippedDay] = []
        while remaining > 0:
            day += timedelta(days=1)
            reason = self.non_working_reason(day)
            if reason is None:
                remaining -= 1
            else:
                skipped.append(SkippedDay(day, reason))
        return Computation(start, business_days, day, tuple(skipped))

    def add_business_days(self, start: date, business_days: int) -> date:
        return self.explain(start, business_days).due_date

    def count_business_days(self, start: date, end: date) -> int:
        """Business days after ``start`` up to and including ``end`` (0 if end <= start)."""
        count = 0
        day = start
        while day < end:
            day += timedelta(days=1)
            if self.non_working_reason(day) is None:
                count += 1
        return count

    def next_business_day(self, day: date) -> date:
        """``day`` itself if it is a business day, else the next one."""
        while self.non_working_reason(day) is not None:
            day += timedelta(days=1)
        return day

    def add_months(self, start: date, months: int) -> date:
        """Calendar months (Ley 4 de 1913 art. 62), rolled forward to a business day."""
        return self.next_business_day(_add_calendar_months(start, months))

    def explain_months(self, start: date, months: int) -> MonthComputation:
        """:meth:`add_months` with the calendar date and the days skipped when rolling."""
        if months < 0:
            raise ValueError("months must be >= 0")
        calendar_date = _add_calendar_months(start, months)
        day = calendar_date
        skipped: list[SkippedDay] = []
        while (reason := self.non_working_reason(day)) is not None:
            skipped.append(SkippedDay(day, reason))
            day += timedelta(days=1)
        return MonthComputation(start, months, calendar_date, day, tuple(skipped))

    def business_days_between(self, start: date, end: date) -> Iterable[date]:
        day = start
        while day < end:
            day += timedelta(days=1)
            if self.non_working_reason(day) is None:
                yield day


def _add_calendar_months(start: date, months: int) -> date:
    """The same day ``months`` later; the month's last day when that day does not exist."""
    month_index = start.month - 1 + months
    year = start.year + month_index // 12
    month = month_index % 12 + 1
    day = min(start.day, _calendar.monthrange(year, month)[1])
    return date(year, month, day)


def calendar_for(entity: Any | None) -> WorkCalendar:
    """The calendar of an entity: its Saturday rule and its closure days."""
    if entity is None:
        return WorkCalendar()
    from cabildo.workdays.models import ClosureDay

    closures = dict(ClosureDay.objects.filter(entity=entity).values_list("date", "reason"))
    return WorkCalendar(works_saturdays=entity.works_saturdays, closures=closures)


def add_business_days(start: date, business_days: int, *, entity: Any | None = None) -> date:
    return calendar_for(entity).add_business_days(start, business_days)


def count_business_days(start: date, end: date, *, entity: Any | None = None) -> int:
    return calendar_for(entity).count_business_days(start, end)


def add_months(start: date, months: int, *, entity: Any | None = None) -> date:
    return calendar_for(entity).add_months(start, months)


def explain(start: date, business_days: int, *, entity: Any | None = None) -> Computation:
    return calendar_for(entity).explain(start, business_days)


def explain_months(start: date, months: int, *, entity: Any | None = None) -> MonthComputation:
    return calendar_for(entity).explain_months(start, months)
