"""The one plausible-date rule (``core.dates``) on surveys and forums: an exercise of an activity
of the plan for year Y opens within that vigencia and closes by the end of Y + 1. Each refused
date names its field in Spanish and nothing is stored, through the service and the form."""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from cabildo.accounts.models import Role
from cabildo.exercises import services
from cabildo.exercises.models import Forum, Survey
from cabildo.plans.models import PlanStatus
from tests.exercises.factories import ForumFactory
from tests.plans.factories import ActivityFactory

pytestmark = pytest.mark.django_db

BOGOTA = ZoneInfo("America/Bogota")
YEAR = 2030


def at(year, month, day):
    return datetime.datetime(year, month, day, 9, 0, tzinfo=BOGOTA)


BAD_WINDOWS = [
    (at(2999, 3, 1), at(2999, 3, 10), "opens_at", "Apertura debe estar dentro de la vigencia 2030"),
    (at(1900, 3, 1), at(YEAR, 3, 10), "opens_at", "(01/01/2030 – 31/12/2030)"),
    (at(YEAR + 1, 1, 2), at(YEAR + 1, 1, 9), "opens_at", "Apertura debe estar dentro"),
    (at(YEAR, 12, 1), at(YEAR + 2, 1, 9), "closes_at", "Cierre: el año 2032 no es posible"),
]


@pytest.fixture
def activity(entity):
    return ActivityFactory(entity=entity, version__plan__year=YEAR)


@pytest.mark.parametrize("opens,closes,field,message", BAD_WINDOWS)
def test_survey_window_outside_the_vigencia_is_refused(
    entity, activity, opens, closes, field, message
):
    with pytest.raises(ValidationError) as caught:
        services.survey_save(
            entity=entity, activity=activity, title="Encuesta", opens_at=opens, closes_at=closes
        )
    assert message in " ".join(caught.value.message_dict[field])
    assert Survey.objects.count() == 0


@pytest.mark.parametrize("opens,closes,field,message", BAD_WINDOWS)
def test_forum_window_outside_the_vigencia_is_refused(
    entity, activity, opens, closes, field, message
):
    with pytest.raises(ValidationError) as caught:
        services.forum_save(
            entity=entity, activity=activity, topic="Foro", opens_at=opens, closes_at=closes
        )
    assert message in " ".join(caught.value.message_dict[field])
    assert Forum.objects.count() == 0


def test_a_december_survey_may_close_in_january(entity, activity):
    survey = services.survey_save(
        entity=entity,
        activity=activity,
        title="Satisfacción del encuentro de diciembre",
        opens_at=at(YEAR, 12, 15),
        closes_at=at(YEAR + 1, 1, 31),
    )
    assert survey.pk


def test_editing_a_forum_to_another_year_changes_nothing(entity, activity):
    forum = ForumFactory(
        entity=entity, activity=activity, opens_at=at(YEAR, 5, 1), closes_at=at(YEAR, 5, 20)
    )
    with pytest.raises(ValidationError):
        services.forum_save(
            entity=entity,
            activity=activity,
            topic=forum.topic,
            opens_at=at(2999, 5, 1),
            closes_at=at(2999, 5, 2),
            forum=forum,
        )
    forum.refresh_from_db()
    assert forum.opens_at == at(YEAR, 5, 1)


def _local(value):
    return value.strftime("%Y-%m-%dT%H:%M")


@pytest.fixture
def in_force(entity):
    return ActivityFactory(
        entity=entity,
        version__status=PlanStatus.IN_EXECUTION,
        version__plan__year=timezone.localdate().year,
    )


def test_survey_form_shows_the_vigencia_error(staff_client, entity, in_force):
    client = staff_client(Role.PARTICIPATION_LEAD)
    year = in_force.version.plan.year
    response = client.post(
        reverse("exercises:survey_create"),
        {
            "activity": in_force.pk,
            "title": "Encuesta",
            "opens_at": _local(at(2999, 3, 1)),
            "closes_at": _local(at(2999, 3, 9)),
            "identification": "anonima",
        },
    )
    assert response.status_code == 200
    assert f"Apertura debe estar dentro de la vigencia {year} del plan" in (
        response.content.decode()
    )
    assert Survey.objects.count() == 0


def test_forum_form_shows_the_vigencia_error(staff_client, entity, in_force):
    client = staff_client(Role.PARTICIPATION_LEAD)
    response = client.post(
        reverse("exercises:forum_create"),
        {
            "activity": in_force.pk,
            "topic": "Foro",
            "opens_at": _local(at(1900, 3, 1)),
            "closes_at": _local(at(1900, 3, 9)),
        },
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert "Apertura debe estar dentro de la vigencia" in content
    assert Forum.objects.count() == 0
