"""The law of rendición de cuentas as pure functions: the 15-day answer term on the calendar,
art. 53, the checklist per stage and the art. 59 minimum content."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cabildo.accountability import law
from cabildo.accountability.models import Stage
from cabildo.workdays.calendar import WorkCalendar, calendar_for
from cabildo.workdays.models import ClosureDay
from tests.properties import examples


def test_answer_due_skips_weekends_and_holy_week():
    # Friday 20 March 2026: San José (Monday 23) and Holy Thursday and Friday are skipped.
    computation = law.answer_due(WorkCalendar(), date(2026, 3, 20))
    assert computation.due_date == date(2026, 4, 15)
    skipped = {s.date for s in computation.skipped}
    assert {date(2026, 3, 23), date(2026, 4, 2), date(2026, 4, 3)} <= skipped


def test_answer_due_skips_the_entity_closures(entity):
    ClosureDay.objects.create(entity=entity, date=date(2026, 4, 6), reason="Cierre por decreto")
    computation = law.answer_due(calendar_for(entity), date(2026, 3, 20))
    assert computation.due_date == date(2026, 4, 16)
    assert any(s.reason == "Cierre por decreto" for s in computation.skipped)


def test_answer_due_counts_saturdays_when_the_entity_works_them():
    # Monday 2 February 2026 (no holidays in February): 15 weekdays, or 15 days with Saturdays.
    plain = law.answer_due(WorkCalendar(), date(2026, 2, 2)).due_date
    saturdays = law.answer_due(WorkCalendar(works_saturdays=True), date(2026, 2, 2)).due_date
    assert plain == date(2026, 2, 23)
    assert saturdays == date(2026, 2, 19)


@settings(max_examples=examples(40), deadline=None)
@given(st.dates(min_value=date(2024, 1, 1), max_value=date(2030, 12, 31)))
def test_answer_due_is_exactly_fifteen_business_days(start):
    calendar = WorkCalendar()
    due = law.answer_due(calendar, start).due_date
    assert calendar.is_business_day(due)
    assert calendar.count_business_days(start, due) == law.ANSWER_TERM_DAYS
    assert due > start + timedelta(days=law.ANSWER_TERM_DAYS)  # weekends at least


@pytest.mark.parametrize(
    ("spaces", "ok"),
    [
        ([], False),
        ([("audiencia_publica", True)], False),
        ([("audiencia_publica", True), ("audiencia_publica", False)], True),
        ([("foro", True)], True),
        ([("foro", False), ("audiencia_publica", True)], False),  # virtual only complements
        ([("mesa_trabajo", True), ("audiencia_publica", True)], True),
    ],
)
def test_art53(spaces, ok):
    check = law.art53_check(spaces)
    assert check.ok is ok
    assert bool(check.message) is (not ok)
    if not ok:
        assert "art. 53" in check.message


def test_checklist_per_stage():
    today = date(2026, 6, 1)
    tasks = [
        (Stage.READINESS, date(2026, 2, 1), date(2026, 1, 30)),  # done
        (Stage.READINESS, date(2026, 5, 1), None),  # overdue
        (Stage.TRAINING, date(2026, 6, 1), None),  # due today: pending
        (Stage.FOLLOW_UP, date(2026, 12, 1), date(2026, 5, 20)),  # done early
    ]
    rows = {r.stage: r for r in law.checklist(tasks, stages=Stage.choices, today=today)}
    assert list(rows) == list(Stage.values)
    assert (
        rows["aprestamiento"].done,
        rows["aprestamiento"].due,
        rows["aprestamiento"].overdue,
    ) == (1, 0, 1)
    assert rows["aprestamiento"].status_label == "Con tareas vencidas"
    assert (rows["capacitacion"].due, rows["capacitacion"].status_label) == (1, "En curso")
    assert rows["publicacion"].total == 0
    assert rows["publicacion"].status_label == "Sin tareas planeadas"
    assert rows["seguimiento"].status_label == "Completa"


def test_council_report_minimum_content():
    full = {
        "propositions": 12,
        "bills": 0,
        "debates": 4,
        "administrative": "Se adoptó el manual de funciones.",
        "financial": "Ejecución del 92 %.",
        "labour": "Sin novedades de planta.",
        "contractual": "Tres contratos de apoyo.",
        "pending": "Dos proyectos de acuerdo en comisión.",
    }
    assert law.council_report_missing(full) == []
    partial = {**full, "labour": "  ", "debates": None}
    missing = law.council_report_missing(partial)
    assert missing == ["Debates adelantados", "Asuntos laborales"]
    assert len(law.council_report_missing({})) == len(law.COUNCIL_REPORT_SECTIONS)


def test_council_terms():
    assert law.council_report_due(2025) == date(2026, 3, 31)
    # One month after Friday 31 July 2026 is Monday 31 August (a business day).
    assert law.mayor_report_answer_due(WorkCalendar(), date(2026, 7, 31)) == date(2026, 8, 31)
    # One month after 7 July 2026 is 7 August, a holiday: rolls to Monday 10 August.
    assert law.mayor_report_answer_due(WorkCalendar(), date(2026, 7, 7)) == date(2026, 8, 10)
