"""The calendar core: business days, holidays, Saturdays, closure days, months."""

from __future__ import annotations

from datetime import date

import pytest
from django.utils import translation

from cabildo.workdays import calendar as cal
from cabildo.workdays.calendar import (
    DayKind,
    SkippedDay,
    WorkCalendar,
    add_business_days,
    add_months,
    calendar_for,
    colombian_holidays,
    count_business_days,
    explain,
    explain_months,
)
from tests.factories import EntityFactory
from tests.workdays.factories import ClosureDayFactory

GENERAL = WorkCalendar()


def test_year_end_term_skips_christmas_new_year_reyes_and_weekends():
    assert GENERAL.add_business_days(date(2026, 12, 18), 15) == date(2027, 1, 13)


def test_explain_lists_every_skipped_day_with_its_reason():
    with translation.override("es"):
        computation = GENERAL.explain(date(2026, 12, 18), 15)
    assert computation.start == date(2026, 12, 18)
    assert computation.business_days == 15
    assert computation.due_date == date(2027, 1, 13)
    assert list(computation.skipped) == [
        SkippedDay(date(2026, 12, 19), "sábado"),
        SkippedDay(date(2026, 12, 20), "domingo"),
        SkippedDay(date(2026, 12, 25), "Navidad"),
        SkippedDay(date(2026, 12, 26), "sábado"),
        SkippedDay(date(2026, 12, 27), "domingo"),
        SkippedDay(date(2027, 1, 1), "Año Nuevo"),
        SkippedDay(date(2027, 1, 2), "sábado"),
        SkippedDay(date(2027, 1, 3), "domingo"),
        SkippedDay(date(2027, 1, 9), "sábado"),
        SkippedDay(date(2027, 1, 10), "domingo"),
        SkippedDay(date(2027, 1, 11), "Día de los Reyes Magos (observado)"),
    ]
    assert computation.as_dict()["skipped"][2] == {"date": "2026-12-25", "reason": "Navidad"}


def test_term_starts_the_day_after():
    # Monday 2026-03-02 + 1 business day is Tuesday, not Monday itself.
    assert GENERAL.add_business_days(date(2026, 3, 2), 1) == date(2026, 3, 3)
    # From a Friday, the first business day is the next Monday.
    assert GENERAL.add_business_days(date(2026, 3, 6), 1) == date(2026, 3, 9)


def test_zero_days_is_the_start_and_negative_is_refused():
    assert GENERAL.add_business_days(date(2026, 3, 7), 0) == date(2026, 3, 7)
    with pytest.raises(ValueError):
        GENERAL.explain(date(2026, 3, 2), -1)


def test_holy_week_2026():
    holidays_2026 = colombian_holidays(2026)
    assert holidays_2026[date(2026, 4, 2)] == "Jueves Santo"
    assert holidays_2026[date(2026, 4, 3)] == "Viernes Santo"
    # Wednesday 1 April + 1 → Monday 6 April (Thursday, Friday, weekend skipped).
    assert GENERAL.add_business_days(date(2026, 4, 1), 1) == date(2026, 4, 6)
    assert GENERAL.count_business_days(date(2026, 3, 27), date(2026, 4, 10)) == 8


def test_holy_week_2027():
    holidays_2027 = colombian_holidays(2027)
    assert holidays_2027[date(2027, 3, 25)] == "Jueves Santo"
    assert holidays_2027[date(2027, 3, 26)] == "Viernes Santo"
    # San José is moved to Monday 22 March 2027: Friday 19 March + 1 → Tuesday 23 March.
    assert GENERAL.add_business_days(date(2027, 3, 19), 1) == date(2027, 3, 23)
    # Wednesday 24 March + 1 → Monday 29 March.
    assert GENERAL.add_business_days(date(2027, 3, 24), 1) == date(2027, 3, 29)


def test_emiliani_holiday_moved_to_monday():
    assert not GENERAL.is_business_day(date(2026, 1, 12))
    assert GENERAL.is_business_day(date(2026, 1, 6))
    assert GENERAL.non_working_reason(date(2026, 1, 12)) == "Día de los Reyes Magos (observado)"
    # Friday 9 Jan 2026 + 1 → Tuesday 13 Jan.
    assert GENERAL.add_business_days(date(2026, 1, 9), 1) == date(2026, 1, 13)


def test_entity_that_works_saturdays(db):
    entity = EntityFactory(works_saturdays=True)
    calendar = calendar_for(entity)
    assert calendar.is_business_day(date(2026, 3, 7))  # a Saturday
    assert add_business_days(date(2026, 3, 6), 1, entity=entity) == date(2026, 3, 7)
    # Sundays and holidays are still off: Friday 1 Jan 2027 is a holiday.
    assert add_business_days(date(2026, 12, 31), 1, entity=entity) == date(2027, 1, 2)
    assert add_business_days(date(2026, 12, 18), 15, entity=entity) == date(2027, 1, 7)
    reasons = {s.reason for s in explain(date(2026, 12, 18), 15, entity=entity).skipped}
    assert "sábado" not in reasons


def test_closure_days_are_skipped_with_their_reason(db):
    entity = EntityFactory()
    other = EntityFactory()
    ClosureDayFactory(entity=entity, date=date(2026, 12, 21), reason="Inventario anual")
    computation = explain(date(2026, 12, 18), 15, entity=entity)
    assert computation.due_date == date(2027, 1, 14)
    assert SkippedDay(date(2026, 12, 21), "Inventario anual") in computation.skipped
    assert calendar_for(entity).non_working_kind(date(2026, 12, 21)) == DayKind.CLOSURE
    # Another entity's closure day does not count.
    assert add_business_days(date(2026, 12, 18), 15, entity=other) == date(2027, 1, 13)


def test_without_entity_the_general_calendar_is_used():
    calendar = calendar_for(None)
    assert calendar.closures == {}
    assert calendar.works_saturdays is False


def test_count_business_days():
    assert count_business_days(date(2026, 12, 18), date(2027, 1, 13)) == 15
    assert count_business_days(date(2026, 12, 18), date(2026, 12, 18)) == 0
    assert count_business_days(date(2027, 1, 13), date(2026, 12, 18)) == 0
    # A weekend adds nothing.
    assert count_business_days(date(2026, 3, 6), date(2026, 3, 8)) == 0


def test_add_months_end_of_month_rolls_to_business_day():
    # 31 Jan + 1 month → 28 Feb 2026, a Saturday → Monday 2 March.
    assert add_months(date(2026, 1, 31), 1) == date(2026, 3, 2)
    months = explain_months(date(2026, 1, 31), 1)
    assert months.calendar_date == date(2026, 2, 28)
    assert months.due_date == date(2026, 3, 2)
    assert months.rolled_forward
    with translation.override("es"):
        assert [s.reason for s in explain_months(date(2026, 1, 31), 1).skipped] == [
            "sábado",
            "domingo",
        ]


def test_add_months_ending_on_holiday_rolls_forward():
    # 8 Nov + 1 month → Tuesday 8 Dec 2026 (Inmaculada Concepción) → 9 Dec.
    assert add_months(date(2026, 11, 8), 1) == date(2026, 12, 9)
    months = explain_months(date(2026, 11, 8), 1)
    assert months.skipped == (SkippedDay(date(2026, 12, 8), "La Inmaculada Concepción"),)


def test_add_months_on_business_day_and_across_years():
    months = explain_months(date(2026, 3, 10), 1)
    assert months.due_date == months.calendar_date == date(2026, 4, 10)
    assert not months.rolled_forward
    assert add_months(date(2026, 11, 30), 3) == date(2027, 3, 1)  # 28 Feb 2027 is a Sunday


def test_add_months_rolls_over_closure_day(db):
    entity = EntityFactory()
    ClosureDayFactory(entity=entity, date=date(2026, 4, 10), reason="Cierre")
    assert add_months(date(2026, 3, 10), 1, entity=entity) == date(2026, 4, 13)


def test_holiday_names_in_english_keep_the_dates():
    spanish = colombian_holidays(2026)
    english = colombian_holidays(2026, language="en")
    assert spanish.keys() == english.keys()
    assert english[date(2026, 12, 25)] == "Christmas Day"
    assert spanish[date(2026, 12, 25)] == "Navidad"


def test_weekend_reasons_in_spanish():
    with translation.override("es"):
        assert GENERAL.non_working_reason(date(2026, 3, 7)) == "sábado"
        assert GENERAL.non_working_reason(date(2026, 3, 8)) == "domingo"
    assert GENERAL.non_working_kind(date(2026, 3, 7)) == DayKind.SATURDAY
    assert GENERAL.non_working_kind(date(2026, 3, 8)) == DayKind.SUNDAY
    assert GENERAL.non_working_kind(date(2026, 3, 9)) is None


def test_term_too_long_is_refused():
    with pytest.raises(ValueError):
        GENERAL.explain(date(2026, 1, 1), cal.MAX_TERM_DAYS + 1)
