"""The law of PQRSD terms, in one module (Ley 1755 de 2015 arts. 14, 17, 21; Ley 1581 art. 14-15).

- Terms count business days from the day after the start (filing or completion date).
- Priority petitions (fundamental right or life at risk) use the entity's shorter term.
- An extension is allowed only up to the due date, and the new due date is at most twice the
  initial term counted from the start (strict reading); habeas data kinds add +5 / +8 days.
- A completion request is due within 10 business days of filing; the citizen has one month
  (one more on request). A late request is still sent, but does not suspend the term.
- Transfers for competence are due within 5 business days; a late one is still made and
  recorded as extemporáneo (shown in the statistics).
- One extension (prórroga) per petition.
- The semáforo: :func:`deadline_status` for one petition in Python and :func:`status_q`, the
  same rule as a SQL filter (staff list, desk, statistics, API); a property test keeps them equal.

Every number of the law lives here; views, templates, the API and the messages read it from
here (templates through the ``pqrs_law`` tag).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from types import SimpleNamespace
from typing import Any, NotRequired, TypedDict

from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from cabildo.privacy import law as habeas
from cabildo.workdays.calendar import Computation, WorkCalendar

COMPLETION_REQUEST_WINDOW_DAYS = 10
COMPLETION_MONTHS = 1
COMPLETION_EXTRA_MONTHS = 1
TRANSFER_WINDOW_DAYS = 5
MAX_EXTENSIONS = 1
# Per-entity settings' defaults: "por vencer" threshold and the priority term (business days).
DEFAULT_DUE_SOON_DAYS = 3
DEFAULT_PRIORITY_TERM_DAYS = 5

# The numbers for templates (``{% pqrs_law as law %}``) and the API.
LAW = SimpleNamespace(
    completion_request_window_days=COMPLETION_REQUEST_WINDOW_DAYS,
    completion_months=COMPLETION_MONTHS,
    completion_extra_months=COMPLETION_EXTRA_MONTHS,
    transfer_window_days=TRANSFER_WINDOW_DAYS,
    max_extensions=MAX_EXTENSIONS,
)


class KindSpec(TypedDict):
    """A legal kind of petition: its code, name, term in business days (None: no answer is
    owed) and the extension the law allows (habeas data)."""

    code: str
    name: str
    term_days: int | None
    extension_days: NotRequired[int]


DEFAULT_KINDS: list[KindSpec] = [
    {"code": "peticion_general", "name": "Petición general", "term_days": 15},
    {"code": "informacion", "name": "Solicitud de información o documentos", "term_days": 10},
    {"code": "consulta", "name": "Consulta", "term_days": 30},
    {"code": "queja", "name": "Queja", "term_days": 15},
    {"code": "reclamo", "name": "Reclamo", "term_days": 15},
    {"code": "sugerencia", "name": "Sugerencia", "term_days": 15},
    {"code": "denuncia", "name": "Denuncia", "term_days": 15},
    {"code": "felicitacion", "name": "Felicitación", "term_days": None},
    {
        "code": "habeas_consulta",
        "name": "Habeas data: consulta",
        "term_days": habeas.CONSULTA_TERM_DAYS,
        "extension_days": habeas.CONSULTA_EXTENSION_DAYS,
    },
    {
        "code": "habeas_reclamo",
        "name": "Habeas data: reclamo",
        "term_days": habeas.RECLAMO_TERM_DAYS,
        "extension_days": habeas.RECLAMO_EXTENSION_DAYS,
    },
]


def local_date(moment: datetime) -> date:
    """The calendar date in Colombia of an aware datetime."""
    return timezone.localtime(moment).date()


def effective_term(
    *, term_days: int | None, priority: bool, priority_term_days: int | None
) -> int | None:
    """The term that applies: the priority term if it is shorter."""
    if term_days is None:
        return None
    if priority and priority_term_days:
        return min(term_days, priority_term_days)
    return term_days


def compute_due(calendar: WorkCalendar, start: date, term_days: int | None) -> Computation | None:
    """Due date counting ``term_days`` business days from the day after ``start``."""
    if term_days is None:
        return None
    return calendar.explain(start, term_days)


def extension_cap(
    calendar: WorkCalendar, *, term_start: date, term_days: int, extension_days: int | None
) -> date:
    """Latest due date an extension may set.

    Strict reading of art. 14 parágrafo: the whole term may not exceed twice the initial
    one, counted from the start. Habeas data kinds have a fixed extra (+5 / +8).
    """
    extra = extension_days if extension_days is not None else term_days
    return calendar.add_business_days(term_start, term_days + extra)


def completion_window_ends(calendar: WorkCalendar, filed_on: date) -> date:
    return calendar.add_business_days(filed_on, COMPLETION_REQUEST_WINDOW_DAYS)


def transfer_window_ends(calendar: WorkCalendar, filed_on: date) -> date:
    return calendar.add_business_days(filed_on, TRANSFER_WINDOW_DAYS)


def transfer_is_late(calendar: WorkCalendar, filed_on: date, today: date) -> bool:
    """Art. 21: a transfer after the 5 business days is still made, but extemporáneo."""
    return today > transfer_window_ends(calendar, filed_on)


def completion_request_suspends(calendar: WorkCalendar, filed_on: date, today: date) -> bool:
    """Art. 17: only a completion request made within the 10 business days suspends the term."""
    return today <= completion_window_ends(calendar, filed_on)


def late_transfer_note(window_end: date) -> str:
    return gettext(
        "Traslado extemporáneo: se hizo después de los %(days)s días hábiles siguientes a la "
        "radicación (vencían el %(date)s)."
    ) % {"days": TRANSFER_WINDOW_DAYS, "date": window_end.strftime("%d/%m/%Y")}


def late_completion_note(window_end: date, due_date: date | None) -> str:
    note = gettext(
        "La solicitud se hizo después de los %(days)s días hábiles siguientes a la radicación "
        "(vencían el %(date)s): el término de respuesta no se suspende."
    ) % {"days": COMPLETION_REQUEST_WINDOW_DAYS, "date": window_end.strftime("%d/%m/%Y")}
    if due_date is not None:
        note += " " + gettext("La respuesta vence el %(due)s.") % {
            "due": due_date.strftime("%d/%m/%Y")
        }
    return note


def extension_limit_message() -> str:
    return ngettext(
        "Esta petición ya fue prorrogada: la ley permite una sola prórroga (Ley 1755 de 2015, "
        "art. 14 parágrafo).",
        "Esta petición ya tuvo %(n)s prórrogas, el máximo que permite la ley (Ley 1755 de "
        "2015, art. 14 parágrafo).",
        MAX_EXTENSIONS,
    ) % {"n": MAX_EXTENSIONS}


def business_days_left(calendar: WorkCalendar, today: date, due_date: date) -> int:
    """Business days from ``today`` to ``due_date``: 0 on the due date itself, negative once
    overdue (the business days late)."""
    if due_date >= today:
        return calendar.count_business_days(today, due_date)
    return -calendar.count_business_days(due_date, today)


def completion_deadline(calendar: WorkCalendar, requested_on: date, *, extended: bool) -> date:
    months = COMPLETION_MONTHS + (COMPLETION_EXTRA_MONTHS if extended else 0)
    return calendar.add_months(requested_on, months)


@dataclass(frozen=True)
class DeadlineStatus:
    code: str
    label: str

    def __str__(self) -> str:
        return str(self.label)


ON_TIME = "a_tiempo"
DUE_SOON = "por_vencer"
OVERDUE = "vencida"
ANSWERED_ON_TIME = "respondida_a_tiempo"
ANSWERED_LATE = "respondida_fuera_de_termino"
NO_TERM = "sin_termino"
PAUSED = "suspendida"
CLOSED = "cerrada"

STATUS_LABELS = {
    ON_TIME: _("A tiempo"),
    DUE_SOON: _("Por vencer"),
    OVERDUE: _("Vencida"),
    ANSWERED_ON_TIME: _("Respondida a tiempo"),
    ANSWERED_LATE: _("Respondida fuera de término"),
    NO_TERM: _("Sin término legal"),
    PAUSED: _("Término suspendido"),
    CLOSED: _("Cerrada sin respuesta de fondo"),
}

FILTERABLE_STATUSES = [ON_TIME, DUE_SOON, OVERDUE, ANSWERED_ON_TIME, ANSWERED_LATE]

# Petition states (``pqrs.models.Status``) that end the term without more work, and the closing
# reasons that count as an answer (blank: answered before closing reasons were recorded).
CLOSED_STATUSES = ("respondida", "cerrada", "desistida")
ANSWERED_REASONS = ("", "respondida_de_fondo")
# The annotation that :func:`status_q` needs for the answered codes (see :func:`answered_on`).
ANSWERED_ON = "answered_on"


def due_soon_limit(calendar: WorkCalendar, today: date, due_soon_days: int) -> date:
    """Due dates on or before this date (and not before today) are "por vencer"."""
    return calendar.add_business_days(today, due_soon_days)


def deadline_status(
    *,
    status: str,
    closing_reason: str,
    due_date: date | None,
    answered_on: date | None,
    paused: bool,
    today: date,
    soon_limit: date,
) -> DeadlineStatus:
    """The semáforo of one petition: a code and a Spanish label (never a colour alone)."""

    def make(code: str) -> DeadlineStatus:
        return DeadlineStatus(code, str(STATUS_LABELS[code]))

    if answered_on is not None and closing_reason in ANSWERED_REASONS:
        if due_date is None or answered_on <= due_date:
            return make(ANSWERED_ON_TIME)
        return make(ANSWERED_LATE)
    if status in CLOSED_STATUSES:
        return make(CLOSED)
    if due_date is None:
        return make(PAUSED if paused else NO_TERM)
    if paused:
        return make(PAUSED)
    if due_date < today:
        return make(OVERDUE)
    if due_date <= soon_limit:
        return make(DUE_SOON)
    return make(ON_TIME)


def answered_on() -> Any:
    """SQL: the local (Colombian) date of ``answered_at``; annotate it as ``ANSWERED_ON``."""
    from django.db.models.functions import TruncDate

    return TruncDate("answered_at", tzinfo=timezone.get_current_timezone())


def status_q(code: str, *, today: date, soon_limit: date) -> Q:
    """SQL filter of the petitions whose :func:`deadline_status` is ``code`` (the same rule,
    branch by branch). The answered codes need the ``ANSWERED_ON`` annotation."""
    answered = Q(answered_at__isnull=False, closing_reason__in=ANSWERED_REASONS)
    if code == ANSWERED_ON_TIME:
        return answered & (Q(due_date__isnull=True) | Q(**{f"{ANSWERED_ON}__lte": F("due_date")}))
    if code == ANSWERED_LATE:
        return answered & Q(due_date__isnull=False, **{f"{ANSWERED_ON}__gt": F("due_date")})
    closed = ~answered & Q(status__in=CLOSED_STATUSES)
    if code == CLOSED:
        return closed
    pending = ~answered & ~Q(status__in=CLOSED_STATUSES)
    if code == PAUSED:
        return pending & Q(paused_at__isnull=False)
    if code == NO_TERM:
        return pending & Q(due_date__isnull=True, paused_at__isnull=True)
    running = pending & Q(due_date__isnull=False, paused_at__isnull=True)
    if code == OVERDUE:
        return running & Q(due_date__lt=today)
    if code == DUE_SOON:
        return running & Q(due_date__gte=today, due_date__lte=soon_limit)
    if code == ON_TIME:
        return running & Q(due_date__gte=today, due_date__gt=soon_limit)
    raise ValueError(f"unknown semáforo code: {code}")
