"""The law of rendición de cuentas and control social, in one module (pure functions).

- Ley 1757 de 2015 art. 52: an annual strategy; art. 56 its stages (aprestamiento,
  capacitación, publicación de información, convocatoria y evento, seguimiento).
- Art. 53: in-person dialogue spaces; an entity that plans none must hold **at least two
  audiencias públicas participativas** a year (:func:`art53_warning`).
- Art. 54: every participation body (instancia) gives account of its management in at least
  one session a year (:func:`art54_missing`).
- Art. 56: the citizens' questions of the process are answered in writing within **fifteen
  days**, counted as business days (Ley 4 de 1913 art. 62) on the entity's calendar
  (:func:`answer_due`), and published.
- Art. 57 parágrafo: a concejo has **one month** to evaluate and answer the alcalde's annual
  report (:func:`mayor_report_answer_due`); art. 59: the president's annual report is due within
  the first three months of the following year (:func:`council_report_due`), with a minimum
  content (:func:`council_report_missing`).
- Art. 58: concejos, asambleas and JAL adopt an annual Plan de Acción de rendición de cuentas
  (:func:`art58_check`: in concejo mode the year's strategy is that plan).
- Ley 1474 de 2011 art. 74: the Plan de Acción (the strategy is part of the Plan
  Anticorrupción) is published by **31 January** of its year (:func:`art74_check`).
- Control social (Ley 850 de 2003 art. 17, Ley 1757 art. 72): the veedurías' requests are
  petitions on the Ley 1755 terms (filed in PQRSD as "solicitud de veeduría"); supervisors give
  at least two reports to the citizen audit group and answer its observations (15 days, the
  general petition term).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cabildo.workdays.calendar import Computation, WorkCalendar

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

ANSWER_TERM_DAYS = 15  # art. 56
OBSERVATION_TERM_DAYS = 15  # Ley 1755 art. 14, general term (Ley 1757 art. 72)
MIN_AUDIENCIAS_WITHOUT_OTHER_SPACES = 2  # art. 53
MAYOR_REPORT_ANSWER_MONTHS = 1  # art. 57 parágrafo
COUNCIL_REPORT_DEADLINE = (3, 31)  # art. 59: within the first three months
MIN_SUPERVISOR_REPORTS = 2  # Ley 1757 art. 72
VEEDURIA_KIND_CODE = "solicitud_veeduria"
VEEDURIA_KIND_NAME = gettext_lazy("Solicitud de veeduría")
VEEDURIA_KIND_TERM_DAYS = 15  # Ley 850 art. 17 → Ley 1755 art. 14 general term


@dataclass(frozen=True)
class VeeduriaRequestNature:
    """A kind of veeduría request and its Ley 1755 art. 14 term (business days)."""

    value: str
    code: str
    name: Any
    term_days: int
    order: int


# Ley 850 art. 17 sends the veedurías' requests to the petition terms of Ley 1755 art. 14:
# documents and information in 10 days, the general term of 15, consultas in 30.
VEEDURIA_NATURES = (
    VeeduriaRequestNature(
        "informacion",
        "solicitud_veeduria_informacion",
        gettext_lazy("Solicitud de veeduría: información o documentos"),
        10,
        94,
    ),
    VeeduriaRequestNature("general", VEEDURIA_KIND_CODE, VEEDURIA_KIND_NAME, 15, 95),
    VeeduriaRequestNature(
        "consulta",
        "solicitud_veeduria_consulta",
        gettext_lazy("Solicitud de veeduría: consulta"),
        30,
        96,
    ),
)


def veeduria_nature_choices() -> list[tuple[str, str]]:
    """The natures as form choices, in the active language (a callable for the form field)."""
    return [
        (n.value, _("%(name)s (%(days)s días hábiles)") % {"name": n.name, "days": n.term_days})
        for n in VEEDURIA_NATURES
    ]


def veeduria_nature(value: str) -> VeeduriaRequestNature:
    for nature in VEEDURIA_NATURES:
        if nature.value == value:
            return nature
    raise KeyError(value)


PLAN_PUBLICATION_DEADLINE = (1, 31)  # Ley 1474 art. 74


def answer_due(calendar: WorkCalendar, received_on: date) -> Computation:
    """Art. 56: the written answer to a question is due 15 business days after it was received
    (counted from the next day; holidays and the entity's closures skipped)."""
    return calendar.explain(received_on, ANSWER_TERM_DAYS)


def observation_due(calendar: WorkCalendar, received_on: date) -> Computation:
    return calendar.explain(received_on, OBSERVATION_TERM_DAYS)


def mayor_report_answer_due(calendar: WorkCalendar, received_on: date) -> date:
    """Art. 57 parágrafo: one month from receiving the alcalde's report (rolled forward to the
    next business day)."""
    return calendar.add_months(received_on, MAYOR_REPORT_ANSWER_MONTHS)


def council_report_due(year: int) -> date:
    """Art. 59: the report on ``year`` is presented within the first three months of the next."""
    month, day = COUNCIL_REPORT_DEADLINE
    return date(year + 1, month, day)


# Art. 53 ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Art53Check:
    other_spaces: int
    audiencias: int

    @property
    def ok(self) -> bool:
        return self.other_spaces > 0 or self.audiencias >= MIN_AUDIENCIAS_WITHOUT_OTHER_SPACES

    @property
    def message(self) -> str:
        if self.ok:
            return ""
        return _(
            "La estrategia no planea espacios presenciales de diálogo distintos de las audiencias "
            "y solo %(n)s audiencia(s) pública(s) participativa(s): la ley exige al menos dos "
            "audiencias al año cuando no hay otros espacios (Ley 1757 de 2015, art. 53)."
        ) % {"n": self.audiencias}


def art53_check(spaces: Iterable[tuple[str, bool]]) -> Art53Check:
    """``spaces`` are ``(kind, in_person)`` of the dialogue spaces planned for the year.

    Audiencias públicas count as audiencias whatever their modality; other spaces count only
    when they are in person (art. 53: virtual spaces are a complement)."""
    audiencias = other = 0
    for kind, in_person in spaces:
        if kind == "audiencia_publica":
            audiencias += 1
        elif in_person:
            other += 1
    return Art53Check(other_spaces=other, audiencias=audiencias)


# Checklist per stage --------------------------------------------------------------------------

DONE = "hecha"
DUE = "pendiente"
OVERDUE = "vencida"

TASK_STATUS_LABELS = {
    DONE: gettext_lazy("Hecha"),
    DUE: gettext_lazy("Pendiente"),
    OVERDUE: gettext_lazy("Vencida"),
}


def task_status(*, due_date: date, done_on: date | None, today: date) -> str:
    if done_on is not None:
        return DONE
    if due_date < today:
        return OVERDUE
    return DUE


@dataclass(frozen=True)
class StageChecklist:
    stage: str
    label: str
    done: int
    due: int
    overdue: int

    @property
    def total(self) -> int:
        return self.done + self.due + self.overdue

    @property
    def status_label(self) -> str:
        if self.total == 0:
            return _("Sin tareas planeadas")
        if self.overdue:
            return _("Con tareas vencidas")
        if self.due:
            return _("En curso")
        return _("Completa")


def checklist(
    tasks: Iterable[tuple[str, date, date | None]],
    *,
    stages: Iterable[tuple[str, StrOrPromise]],
    today: date,
) -> list[StageChecklist]:
    """One row per stage (in the stages' order): tasks done, due and overdue on ``today``.
    ``tasks`` are ``(stage, due_date, done_on)``."""
    counts: dict[str, dict[str, int]] = {}
    for stage, due_date, done_on in tasks:
        bucket = counts.setdefault(stage, {DONE: 0, DUE: 0, OVERDUE: 0})
        bucket[task_status(due_date=due_date, done_on=done_on, today=today)] += 1
    rows = []
    for value, label in stages:
        bucket = counts.get(value, {DONE: 0, DUE: 0, OVERDUE: 0})
        rows.append(StageChecklist(value, str(label), bucket[DONE], bucket[DUE], bucket[OVERDUE]))
    return rows


# Art. 59: the council president's report ------------------------------------------------------

COUNCIL_REPORT_SECTIONS = [
    ("propositions", gettext_lazy("Proposiciones presentadas, negadas, aprobadas y pendientes")),
    ("bills", gettext_lazy("Proyectos de acuerdo presentados, negados, aprobados y pendientes")),
    ("debates", gettext_lazy("Debates adelantados")),
    ("administrative", gettext_lazy("Asuntos administrativos")),
    ("financial", gettext_lazy("Asuntos financieros")),
    ("labour", gettext_lazy("Asuntos laborales")),
    ("contractual", gettext_lazy("Asuntos contractuales")),
    ("pending", gettext_lazy("Asuntos pendientes")),
]


def council_report_missing(content: dict[str, object]) -> list[str]:
    """The labels of the art. 59 minimum sections that ``content`` leaves empty.

    ``content`` maps each section key to what the report says about it: a text (typed by the
    council) or, for propositions, bills and debates, the count of recorded rows (``None`` when
    none is recorded: a council's year always has them). ``None`` or blank text is missing."""
    missing = []
    for key, label in COUNCIL_REPORT_SECTIONS:
        value = content.get(key)
        if value is None or (isinstance(value, str) and not value.strip()):
            missing.append(str(label))
    return missing


# Art. 54, art. 58 and Ley 1474 art. 74 -------------------------------------------------------


def art54_missing(bodies: Iterable[tuple[int, str]], accounted: Iterable[int]) -> list[str]:
    """Art. 54: the names of the active participation bodies (``(pk, name)``) with no
    dialogue space of the year in which they give account (``accounted``: the bodies' pks of
    the year's spaces)."""
    done = set(accounted)
    return [name for pk, name in bodies if pk not in done]


def plan_publication_due(year: int) -> date:
    """Ley 1474 art. 74: the year's Plan de Acción is published by 31 January."""
    month, day = PLAN_PUBLICATION_DEADLINE
    return date(year, month, day)


@dataclass(frozen=True)
class Art74Check:
    due: date
    published_on: date | None
    today: date

    @property
    def ok(self) -> bool:
        if self.published_on is not None:
            return self.published_on <= self.due
        return self.today <= self.due

    @property
    def message(self) -> str:
        due = self.due.strftime("%d/%m/%Y")
        if self.published_on is not None and not self.ok:
            return _(
                "La estrategia se publicó el %(on)s, después del %(due)s: el plan de acción "
                "se publica a más tardar el 31 de enero (Ley 1474 de 2011, art. 74)."
            ) % {"on": self.published_on.strftime("%d/%m/%Y"), "due": due}
        if self.published_on is None and not self.ok:
            return _(
                "La estrategia no está publicada y el plazo venció el %(due)s: el plan de acción "
                "se publica a más tardar el 31 de enero (Ley 1474 de 2011, art. 74)."
            ) % {"due": due}
        if self.published_on is None:
            return _(
                "Publique la estrategia a más tardar el %(due)s (Ley 1474 de 2011, art. 74)."
            ) % {"due": due}
        return ""


def art74_check(*, year: int, published_on: date | None, today: date) -> Art74Check:
    return Art74Check(due=plan_publication_due(year), published_on=published_on, today=today)


@dataclass(frozen=True)
class Art58Check:
    applies: bool
    has_tasks: bool
    has_spaces: bool

    @property
    def ok(self) -> bool:
        return not self.applies or (self.has_tasks and self.has_spaces)

    @property
    def message(self) -> str:
        if self.ok:
            return ""
        return _(
            "El concejo adopta cada año un Plan de Acción de rendición de cuentas (Ley 1757 de "
            "2015, art. 58): esta estrategia es ese plan y le faltan tareas o espacios de "
            "diálogo con la ciudadanía."
        )


def art58_check(*, is_council: bool, tasks: int, spaces: int) -> Art58Check:
    """Art. 58 applies to concejos (and asambleas, JAL): their year's strategy is the Plan de
    Acción and must say what will be done (tasks) and where citizens are heard (spaces)."""
    return Art58Check(applies=is_council, has_tasks=tasks > 0, has_spaces=spaces > 0)
