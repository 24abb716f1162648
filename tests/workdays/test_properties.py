"""Properties of the business-day arithmetic, checked with hypothesis."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from cabildo.workdays.calendar import WorkCalendar
from tests.properties import examples

CALENDARS = st.sampled_from(
    [
        WorkCalendar(),
        WorkCalendar(works_saturdays=True),
        WorkCalendar(closures={date(2026, 12, 21): "Cierre", date(2027, 3, 24): "Bienestar"}),
    ]
)
STARTS = st.dates(min_value=date(2024, 1, 1), max_value=date(2029, 12, 31))
TERMS = st.integers(min_value=1, max_value=365)


@settings(max_examples=examples(150), deadline=None)
@given(calendar=CALENDARS, start=STARTS, n=TERMS)
def test_due_date_is_a_business_day_after_start(calendar, start, n):
    due = calendar.add_business_days(start, n)
    assert due > start
    assert calendar.is_business_day(due)


@settings(max_examples=examples(150), deadline=None)
@given(calendar=CALENDARS, start=STARTS, n=TERMS)
def test_due_date_grows_strictly_with_the_term(calendar, start, n):
    assert calendar.add_business_days(start, n + 1) > calendar.add_business_days(start, n)


@settings(max_examples=examples(100), deadline=None)
@given(calendar=CALENDARS, start=STARTS, n=TERMS)
def test_exactly_n_business_days_between_start_exclusive_and_due_inclusive(calendar, start, n):
    due = calendar.add_business_days(start, n)
    days = [start + timedelta(days=i) for i in range(1, (due - start).days + 1)]
    assert sum(1 for d in days if calendar.is_business_day(d)) == n
    # Everything skipped is a non-working day, and skipped + counted covers the interval.
    computation = calendar.explain(start, n)
    assert all(not calendar.is_business_day(s.date) for s in computation.skipped)
    assert len(computation.skipped) + n == len(days)


@settings(max_examples=examples(150), deadline=None)
@given(calendar=CALENDARS, start=STARTS, n=TERMS)
def test_count_inverts_add(calendar, start, n):
    due = calendar.add_business_days(start, n)
    assert calendar.count_business_days(start, due) == n


@settings(max_examples=examples(150), deadline=None)
@given(calendar=CALENDARS, start=STARTS, span=st.integers(min_value=0, max_value=500))
def test_add_inverts_count_on_business_days(calendar, start, span):
    end = start + timedelta(days=span)
    n = calendar.count_business_days(start, end)
    if n > 0:
        due = calendar.add_business_days(start, n)
        assert due <= end
        # No business day lies after the due date up to ``end``.
        assert calendar.count_business_days(due, end) == 0


@settings(max_examples=examples(150), deadline=None)
@given(calendar=CALENDARS, start=STARTS, months=st.integers(min_value=0, max_value=60))
def test_months_land_on_business_day_not_before_calendar_date(calendar, start, months):
    result = calendar.explain_months(start, months)
    assert calendar.is_business_day(result.due_date)
    assert result.due_date >= result.calendar_date
    assert (result.due_date - result.calendar_date).days == len(result.skipped)
