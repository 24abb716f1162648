from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from cabildo.core.public_cache import is_cache_callback
from cabildo.workdays import services
from cabildo.workdays.models import ClosureDay
from cabildo.workdays.signals import calendar_changed
from tests.workdays.factories import ClosureDayFactory

pytestmark = pytest.mark.django_db

WEDNESDAY = date(2026, 12, 30)


@pytest.fixture
def received():
    calls = []

    def receiver(sender, entity, **kwargs):
        calls.append((sender, entity))

    calendar_changed.connect(receiver, weak=False)
    yield calls
    calendar_changed.disconnect(receiver)


def test_create_saves_and_signals_on_commit(entity, received, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        closure_day = services.closure_day_create(
            entity=entity, date=WEDNESDAY, reason="  Inventario anual  "
        )
    assert received == []  # nothing is sent before the commit
    callbacks = [c for c in callbacks if not is_cache_callback(c)]
    assert len(callbacks) == 1
    callbacks[0]()
    assert received == [(ClosureDay, entity)]
    closure_day.refresh_from_db()
    assert closure_day.reason == "Inventario anual"
    assert closure_day.entity == entity


def test_update_signals_on_commit(entity, received, django_capture_on_commit_callbacks):
    closure_day = ClosureDayFactory(entity=entity)
    with django_capture_on_commit_callbacks(execute=True):
        services.closure_day_update(closure_day=closure_day, date=WEDNESDAY, reason="Nuevo motivo")
    assert received == [(ClosureDay, entity)]
    closure_day.refresh_from_db()
    assert (closure_day.date, closure_day.reason) == (WEDNESDAY, "Nuevo motivo")


def test_update_keeping_its_own_date_is_not_a_duplicate(entity):
    closure_day = ClosureDayFactory(entity=entity, date=WEDNESDAY)
    services.closure_day_update(closure_day=closure_day, date=WEDNESDAY, reason="Otro motivo")
    closure_day.refresh_from_db()
    assert closure_day.reason == "Otro motivo"


def test_delete_signals_on_commit(entity, received, django_capture_on_commit_callbacks):
    closure_day = ClosureDayFactory(entity=entity)
    with django_capture_on_commit_callbacks(execute=True):
        services.closure_day_delete(closure_day=closure_day)
    assert received == [(ClosureDay, entity)]
    assert not ClosureDay.objects.filter(entity=entity).exists()


def test_duplicate_date_is_refused_in_spanish(entity, received, django_capture_on_commit_callbacks):
    ClosureDayFactory(entity=entity, date=WEDNESDAY)
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ValidationError) as exc:
        services.closure_day_create(entity=entity, date=WEDNESDAY, reason="Otra vez")
    assert "ya tiene un día de cierre" in exc.value.message_dict["date"][0]
    assert ClosureDay.objects.filter(entity=entity).count() == 1
    assert received == []


def test_duplicate_on_update_is_refused(entity):
    ClosureDayFactory(entity=entity, date=WEDNESDAY)
    other = ClosureDayFactory(entity=entity, date=date(2026, 12, 29))
    with pytest.raises(ValidationError) as exc:
        services.closure_day_update(closure_day=other, date=WEDNESDAY, reason="x")
    assert "date" in exc.value.message_dict
    other.refresh_from_db()
    assert other.date == date(2026, 12, 29)


def test_same_date_in_another_entity_is_allowed(entity, other_entity):
    ClosureDayFactory(entity=other_entity, date=WEDNESDAY)
    services.closure_day_create(entity=entity, date=WEDNESDAY, reason="Cierre")
    assert ClosureDay.objects.filter(date=WEDNESDAY).count() == 2


@pytest.mark.parametrize(
    ("day", "fragment"),
    [
        (date(2026, 12, 25), "Navidad"),
        (date(2026, 12, 27), "domingo"),
        (date(2026, 12, 26), "sábado"),
    ],
)
def test_day_that_is_already_non_working_is_refused(entity, day, fragment):
    with pytest.raises(ValidationError) as exc:
        services.closure_day_create(entity=entity, date=day, reason="Cierre")
    message = exc.value.message_dict["date"][0]
    assert "ya es un día no hábil" in message and fragment in message
    assert not ClosureDay.objects.exists()


def test_saturday_is_allowed_when_the_entity_works_saturdays(entity):
    entity.works_saturdays = True
    entity.save()
    services.closure_day_create(entity=entity, date=date(2026, 12, 26), reason="Cierre")
    assert ClosureDay.objects.filter(entity=entity, date=date(2026, 12, 26)).exists()


def test_blank_reason_is_refused(entity):
    with pytest.raises(ValidationError) as exc:
        services.closure_day_create(entity=entity, date=WEDNESDAY, reason="   ")
    assert "reason" in exc.value.message_dict
    assert not ClosureDay.objects.exists()


def test_date_out_of_supported_range_is_refused(entity):
    with pytest.raises(ValidationError) as exc:
        services.closure_day_create(entity=entity, date=date(9999, 12, 29), reason="Cierre")
    assert "debe estar entre" in exc.value.message_dict["date"][0]
    assert not ClosureDay.objects.exists()
