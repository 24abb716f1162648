"""One rule for plausible dates, used by every model ``clean()``, form, service and import.

Pure functions: each returns the Spanish message for a refused date (naming the field by its
label) or ``None``; :func:`collect` gathers them into the ``{field: [messages]}`` dict a
``ValidationError`` takes. Nothing here reads the database or the clock: callers pass
``today``.

- A year in a sensible range: legal acts from 1991 (the Constitution), PQRSD receptions from
  the entity's start of operations, plans at most :data:`MAX_YEARS_AHEAD` years ahead.
- Facts that already happened (a session held, an action done, a check made, an act issued)
  are not in the future.
- The order between related dates holds (conformation ≤ act ≤ sessions; a term starts before
  it ends; consultation < adjustment < approval; action done ≤ effectiveness check).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.utils.translation import gettext as _

CONSTITUTION_YEAR = 1991  # legal acts of participation bodies: from the 1991 Constitution
# PQRSD receptions: from the entity's start of operations; when it is not recorded, from the
# 1991 Constitution (art. 23, the right of petition).
EARLIEST_YEAR = 1900  # no date of this system is older (entity foundations included)
MAX_YEARS_AHEAD = 5  # plans, terms and deadlines: at most this many years ahead


def as_date(value: Any) -> datetime.date | None:
    """The calendar date of a date or datetime (a datetime in its own time zone)."""
    if value is None:
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    return value


def dmy(value: datetime.date | None) -> str:
    """A date as letters, digests and desks print it (dd/mm/aaaa); "" when there is none."""
    return value.strftime("%d/%m/%Y") if value is not None else ""


def year_in_range(
    value: Any, *, label: Any, minimum: int = EARLIEST_YEAR, maximum: int | None = None
) -> str | None:
    """The year of ``value`` is between ``minimum`` and ``maximum`` (inclusive)."""
    day = as_date(value)
    if day is None:
        return None
    if day.year < minimum:
        return _("%(field)s: el año %(year)s no es posible; debe ser %(min)s o posterior.") % {
            "field": label,
            "year": day.year,
            "min": minimum,
        }
    if maximum is not None and day.year > maximum:
        return _("%(field)s: el año %(year)s no es posible; debe ser %(max)s o anterior.") % {
            "field": label,
            "year": day.year,
            "max": maximum,
        }
    return None


def not_in_future(value: Any, *, label: Any, today: datetime.date) -> str | None:
    """A fact that already happened is not dated after ``today``."""
    day = as_date(value)
    if day is not None and day > today:
        return _("%(field)s no puede ser posterior a hoy (%(today)s).") % {
            "field": label,
            "today": today.strftime("%d/%m/%Y"),
        }
    return None


def in_order(
    earlier: Any, later: Any, *, earlier_label: Any, later_label: Any, strict: bool = False
) -> str | None:
    """``earlier`` comes before ``later`` (or the same day unless ``strict``); the message is
    for the later field."""
    first, second = as_date(earlier), as_date(later)
    if first is None or second is None:
        return None
    if second < first or (strict and second == first):
        template = (
            _("%(later)s debe ser posterior a %(earlier)s (%(date)s).")
            if strict
            else _("%(later)s no puede ser anterior a %(earlier)s (%(date)s).")
        )
        return template % {
            "later": label_text(later_label),
            "earlier": label_text(earlier_label).lower(),
            "date": first.strftime("%d/%m/%Y"),
        }
    return None


def within(
    value: Any,
    start: Any,
    end: Any,
    *,
    label: Any,
    what: Any,
) -> str | None:
    """``value`` falls between ``start`` and ``end`` (inclusive; either may be missing)."""
    day, first, last = as_date(value), as_date(start), as_date(end)
    if day is None:
        return None
    if (first is not None and day < first) or (last is not None and day > last):
        span = " – ".join(d.strftime("%d/%m/%Y") if d else "…" for d in (first, last))
        return _("%(field)s debe estar dentro de %(what)s (%(span)s).") % {
            "field": label,
            "what": what,
            "span": span,
        }
    return None


def label_text(label: Any) -> str:
    text = str(label)
    return text[:1].upper() + text[1:]


def field_label(model: Any, name: str) -> str:
    """The verbose name of a model field, capitalised (what the form shows)."""
    return label_text(model._meta.get_field(name).verbose_name)


def collect(checks: Iterable[tuple[str, str | None]]) -> dict[str, list[str]]:
    """``{field: [messages]}`` from ``(field, message or None)`` pairs."""
    errors: dict[str, list[str]] = {}
    for name, message in checks:
        if message:
            errors.setdefault(name, []).append(message)
    return errors


def merge(errors: dict[str, list], more: dict[str, list[str]]) -> dict[str, list]:
    for name, messages in more.items():
        errors.setdefault(name, []).extend(messages)
    return errors


def reception(
    value: Any, *, label: Any, started_on: Any, started_label: Any, today: datetime.date
) -> str | None:
    """A PQRSD reception: not in the future, not before the entity's start of operations
    (``started_on``; from :data:`CONSTITUTION_YEAR` when the entity has not recorded it)."""
    message = not_in_future(value, label=label, today=today)
    if message or value is None:
        return message
    if started_on is None:
        return year_in_range(value, label=label, minimum=CONSTITUTION_YEAR)
    return in_order(started_on, value, earlier_label=started_label, later_label=label)
