"""Property tests of the term arithmetic (hypothesis)."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from cabildo.pqrs import deadlines
from cabildo.workdays.calendar import WorkCalendar
from tests.properties import examples

starts = st.dates(min_value=date(2024, 1, 1), max_value=date(2028, 12, 31))
terms = st.integers(min_value=1, max_value=30)
calendars = st.builds(WorkCalendar, works_saturdays=st.booleans())


@settings(max_examples=examples(150), deadline=None)
@given(start=starts, term=terms, calendar=calendars)
def test_due_date_is_a_business_day_with_exactly_term_business_days(start, term, calendar):
    computation = deadlines.compute_due(calendar, start, term)
    due = computation.due_date
    assert due > start
    assert calendar.is_business_day(due)
    assert calendar.count_business_days(start, due) == term
    # every skipped day lies in the window and is not a business day
    for skipped in computation.skipped:
        assert start < skipped.date < due
        assert not calendar.is_business_day(skipped.date)
    assert (due - start).days == term + len(computation.skipped)


@settings(max_examples=examples(100), deadline=None)
@given(start=starts, term=terms, calendar=calendars)
def test_longer_terms_never_end_earlier(start, term, calendar):
    assert calendar.add_business_days(start, term) < calendar.add_business_days(start, term + 1)


@settings(max_examples=examples(100), deadline=None)
@given(start=starts, term=terms, calendar=calendars, extra=st.one_of(st.none(), st.integers(1, 10)))
def test_extension_cap_is_after_due_and_at_most_twice(start, term, calendar, extra):
    due = calendar.add_business_days(start, term)
    cap = deadlines.extension_cap(calendar, term_start=start, term_days=term, extension_days=extra)
    assert cap > due
    assert calendar.count_business_days(start, cap) == term + (extra if extra else term)


@settings(max_examples=examples(100), deadline=None)
@given(
    start=starts,
    term=terms,
    priority_term=st.integers(min_value=1, max_value=30),
    priority=st.booleans(),
)
def test_priority_term_never_longer(start, term, priority_term, priority):
    effective = deadlines.effective_term(
        term_days=term, priority=priority, priority_term_days=priority_term
    )
    assert effective <= term
    assert effective == (min(term, priority_term) if priority else term)


@settings(max_examples=examples(100), deadline=None)
@given(start=starts, calendar=calendars, extended=st.booleans())
def test_completion_deadline_is_a_business_day_about_a_month_later(start, calendar, extended):
    deadline = deadlines.completion_deadline(calendar, start, extended=extended)
    months = 2 if extended else 1
    assert calendar.is_business_day(deadline)
    assert deadline - start >= timedelta(days=28 * months - 3)
    assert deadline - start <= timedelta(days=31 * months + 7)
