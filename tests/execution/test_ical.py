"""The iCalendar feeds (cabildo.execution.ical, built with the icalendar library): each test
parses what the product serves back with icalendar and checks the events, their time zone and
UIDs, not substrings of the text."""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

import icalendar
import pytest
from django.urls import reverse

from cabildo.execution import ical
from cabildo.execution.models import Modality
from tests.execution.factories import EventFactory

pytestmark = pytest.mark.django_db

BOGOTA = ZoneInfo("America/Bogota")


def parse(text: str) -> icalendar.Calendar:
    # Valid RFC 5545 lines: CRLF endings, no physical line over 75 octets.
    assert text.endswith("\r\n")
    lines = text.split("\r\n")[:-1]
    assert all("\n" not in line and "\r" not in line for line in lines)
    assert all(len(line.encode("utf-8")) <= 75 for line in lines)
    cal = icalendar.Calendar.from_ical(text)
    assert cal["VERSION"] == "2.0"
    assert cal["PRODID"] == ical.PRODID
    return cal


def test_calendar_events_uids_and_text(entity):
    event = EventFactory(
        entity=entity,
        title="Encuentro, instancias; Itagüí " + "ñ" * 60,
        starts_at=datetime.datetime(2022, 11, 28, 13, 0, tzinfo=datetime.UTC),
        ends_at=datetime.datetime(2022, 11, 28, 17, 0, tzinfo=datetime.UTC),
    )
    other = EventFactory(entity=entity, is_cancelled=True, cancellation_reason="Lluvias")
    text = ical.calendar(
        [event, other], host="cabildo.test", name="Eventos", urls={event.pk: "http://x/e/1/"}
    )
    cal = parse(text)
    assert cal["X-WR-CALNAME"] == "Eventos"
    vevents = cal.walk("VEVENT")
    assert [str(v["UID"]) for v in vevents] == [
        f"evento-{event.pk}@cabildo.test",
        f"evento-{other.pk}@cabildo.test",
    ]
    first, second = vevents
    # Escaping and folding undone by the parser: the exact title comes back.
    assert str(first["SUMMARY"]) == event.title
    assert not event.description
    assert str(first["DESCRIPTION"]) == "Instalación\nMesas de trabajo\nConclusiones"
    assert str(first["URL"]) == "http://x/e/1/"
    assert first["STATUS"] == "CONFIRMED"
    assert second["STATUS"] == "CANCELLED"
    assert "URL" not in second
    assert first.decoded("DTSTAMP").tzinfo is not None


def test_times_in_bogota_with_their_vtimezone(entity):
    event = EventFactory(
        entity=entity,
        starts_at=datetime.datetime(2022, 11, 28, 8, 0, tzinfo=BOGOTA),
        ends_at=datetime.datetime(2022, 11, 28, 12, 0, tzinfo=BOGOTA),
    )
    cal = parse(ical.calendar([event], host="h", name="n", urls={}))
    (vevent,) = cal.walk("VEVENT")
    assert vevent["DTSTART"].params["TZID"] == "America/Bogota"
    assert "TZID=America/Bogota:20221128T080000" in vevent.to_ical().decode()
    start, end = vevent.decoded("DTSTART"), vevent.decoded("DTEND")
    assert start == datetime.datetime(2022, 11, 28, 13, 0, tzinfo=datetime.UTC)
    assert end - start == datetime.timedelta(hours=4)
    # The calendar carries the definition of the zone it names (clients need it).
    (vtimezone,) = cal.walk("VTIMEZONE")
    assert vtimezone["TZID"] == "America/Bogota"
    offsets = {c.decoded("TZOFFSETTO") for c in vtimezone.walk("STANDARD")}
    assert datetime.timedelta(hours=-5) in offsets


def test_location_joins_place_address_and_link(entity):
    event = EventFactory(
        entity=entity,
        modality=Modality.HYBRID,
        place="Institución Diego Echavarría Misas",
        address="Calle 36, Itagüí",
        link="https://meet.example.com/encuentro",
    )
    (vevent,) = parse(ical.calendar([event], host="h", name="n", urls={})).walk("VEVENT")
    assert str(vevent["LOCATION"]) == (
        "Institución Diego Echavarría Misas, Calle 36, Itagüí, https://meet.example.com/encuentro"
    )


def test_served_feeds_parse(client, entity):
    event = EventFactory(entity=entity, title="Mesa de participación; comuna 1")
    EventFactory(entity=entity, is_published=False)
    response = client.get(reverse("execution:calendar_ics"))
    assert response["Content-Type"].startswith("text/calendar")
    cal = parse(response.content.decode())
    (vevent,) = cal.walk("VEVENT")
    assert str(vevent["UID"]).startswith(f"evento-{event.pk}@")
    assert str(vevent["SUMMARY"]) == "Mesa de participación; comuna 1"
    assert str(vevent["URL"]).endswith(reverse("execution:public_detail", args=[event.pk]))
    single = parse(client.get(reverse("execution:event_ics", args=[event.pk])).content.decode())
    assert [str(v["UID"]) for v in single.walk("VEVENT")] == [str(vevent["UID"])]
