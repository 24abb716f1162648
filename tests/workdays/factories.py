"""Factories of the workdays app."""

from __future__ import annotations

from datetime import date, timedelta

import factory

from cabildo.workdays.models import ClosureDay
from tests.factories import EntityFactory


def _weekday(n: int) -> date:
    """The n-th Wednesday from 2031-01-01 on: distinct dates, never a weekend."""
    first_wednesday = date(2031, 1, 1)  # a Wednesday
    return first_wednesday + timedelta(weeks=n)


class ClosureDayFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ClosureDay

    entity = factory.SubFactory(EntityFactory)
    date = factory.Sequence(_weekday)
    reason = factory.Sequence(lambda n: f"Cierre institucional {n}")
