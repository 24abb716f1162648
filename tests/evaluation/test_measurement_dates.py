"""The one plausible-date rule (``core.dates``) on measurements: a measurement records what
already happened, so its period has begun; a year outside 2000–2100 is refused. Through the
service and the indicator page's form, with a Spanish message and nothing stored."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from cabildo.accounts.models import Role
from cabildo.evaluation import services
from cabildo.evaluation.models import Measurement, Periodicity
from tests.evaluation.factories import IndicatorFactory

pytestmark = pytest.mark.django_db

FUTURE = "Inicio del periodo no puede ser posterior a hoy"


def _next_period(today: datetime.date) -> tuple[int, int]:
    return (today.year + 1, 1) if today.month == 12 else (today.year, today.month + 1)


def test_a_period_that_has_not_begun_is_refused(entity):
    indicator = IndicatorFactory(entity=entity, periodicity=Periodicity.MONTHLY)
    year, month = _next_period(timezone.localdate())
    for when in ((year, month), (2099, 1)):
        with pytest.raises(ValidationError) as caught:
            services.measurement_record(
                indicator=indicator, year=when[0], period=when[1], numerator=1, denominator=2
            )
        assert FUTURE in " ".join(caught.value.message_dict["period"])
    assert Measurement.objects.count() == 0
    today = timezone.localdate()
    current = services.measurement_record(
        indicator=indicator, year=today.year, period=today.month, numerator=1, denominator=2
    )
    assert current.period_start <= today


@pytest.mark.parametrize(
    "year,message",
    [
        ("2099", FUTURE),
        ("1999", "mayor o igual a 2000"),
        ("2999", "menor o igual a 2100"),
    ],
)
def test_the_form_refuses_an_implausible_period(staff_client, entity, year, message):
    indicator = IndicatorFactory(entity=entity, periodicity=Periodicity.YEARLY)
    response = staff_client(Role.PLANNING_OFFICE).post(
        reverse("evaluation:indicator_detail", args=[indicator.pk]),
        {"year": year, "period": "1", "numerator": "6", "denominator": "8"},
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert Measurement.objects.count() == 0
