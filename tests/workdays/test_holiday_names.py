"""Holiday names follow the page's language, like "domingo"/"Sunday" do; dates never change."""

from __future__ import annotations

from datetime import date

from django.utils import translation

from cabildo.workdays.calendar import WorkCalendar


def test_holiday_reason_in_the_active_language():
    calendar = WorkCalendar()
    christmas = date(2026, 12, 25)
    with translation.override("es"):
        assert calendar.non_working_reason(christmas) == "Navidad"
        spanish = calendar.explain(date(2026, 12, 23), 3)
    with translation.override("en"):
        assert calendar.non_working_reason(christmas) == "Christmas Day"
        english = calendar.explain(date(2026, 12, 23), 3)
    assert spanish.due_date == english.due_date
    assert [s.date for s in spanish.skipped] == [s.date for s in english.skipped]
    assert "Christmas Day" in [s.reason for s in english.skipped]
