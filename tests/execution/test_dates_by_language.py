"""Dates print by the active language: "15 de enero" in Spanish, "January 15" in English (never
"15 de January")."""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from tests.execution.factories import EventFactory

pytestmark = pytest.mark.django_db

BOGOTA = ZoneInfo("America/Bogota")


@pytest.mark.parametrize(
    ("language", "expected"),
    [("es", "martes 15 de enero de 2030, 9:00 a.m."), ("en", "Tuesday, January 15, 2030, 9:00")],
)
def test_event_dates_follow_the_language(public_client, entity, language, expected):
    starts = datetime.datetime(2030, 1, 15, 9, 0, tzinfo=BOGOTA)
    event = EventFactory(
        entity=entity, starts_at=starts, ends_at=starts + datetime.timedelta(hours=3)
    )
    client = public_client(entity)
    for url in (
        reverse("execution:public_list"),
        reverse("execution:public_detail", args=[event.pk]),
    ):
        page = client.get(url, HTTP_ACCEPT_LANGUAGE=language).content.decode()
        assert expected in page, url
        assert "de January" not in page
