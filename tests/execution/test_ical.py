from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

import pytest

from cabildo.execution import ical
from cabildo.execution.models import Modality
from tests.execution.factories import EventFactory

pytestmark = pytest.mark.django_db


def test_escape_text():
    assert ical.escape_text("a,b;c\\d\ne") == "a\\,b\\;c\\\\d\\ne"


def test_fold_limits_octets_and_keeps_utf8_whole():
    line = "DESCRIPTION:" + "ñ" * 100
    folded = ical.fold(line)
    parts = folded.split("\r\n")
    assert len(parts) > 1
    assert all(len(p.encode("utf-8")) <= 75 for p in parts)
    assert all(p.startswith(" ") for p in parts[1:])
    assert "".join(p[1:] if i else p for i, p in enumerate(parts)) == line


def test_calendar_text(entity):
    event = EventFactory(
        entity=entity,
        title="Encuentro, instancias; Itagüí",
        starts_at=datetime.datetime(2022, 11, 28, 13, 0, tzinfo=datetime.UTC),
        ends_at=datetime.datetime(2022, 11, 28, 17, 0, tzinfo=datetime.UTC),
    )
    text = ical.calendar([event], host="cabildo.test", name="Eventos", urls={event.pk: "http://x/"})
    assert text.startswith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n")
    assert text.endswith("END:VCALENDAR\r\n")
    assert "\n" not in text.replace("\r\n", "")
    assert f"UID:evento-{event.pk}@cabildo.test\r\n" in text
    assert "DTSTART:20221128T130000Z\r\n" in text
    assert "DTEND:20221128T170000Z\r\n" in text
    assert "DTSTAMP:" in text
    assert "SUMMARY:Encuentro\\, instancias\\; Itagüí\r\n" in text
    assert "DESCRIPTION:Instalación\\nMesas de trabajo\\nConclusiones" in text


def test_local_time_converted_to_utc_and_location(entity):
    bogota = ZoneInfo("America/Bogota")
    event = EventFactory(
        entity=entity,
        starts_at=datetime.datetime(2022, 11, 28, 8, 0, tzinfo=bogota),
        ends_at=datetime.datetime(2022, 11, 28, 12, 0, tzinfo=bogota),
        modality=Modality.HYBRID,
        place="Institución Diego Echavarría Misas",
        address="Calle 36, Itagüí",
        link="https://meet.example.com/encuentro",
    )
    text = ical.calendar([event], host="h", name="n", urls={})
    assert "DTSTART:20221128T130000Z\r\n" in text
    assert "DTEND:20221128T170000Z\r\n" in text
    unfolded = text.replace("\r\n ", "")
    assert (
        "LOCATION:Institución Diego Echavarría Misas\\, Calle 36\\, Itagüí\\, "
        "https://meet.example.com/encuentro\r\n"
    ) in unfolded


def test_fold_exact_boundary():
    assert ical.fold("X" * 75) == "X" * 75
    assert ical.fold("X" * 76) == "X" * 75 + "\r\n X"


def test_cancelled_event_status(entity):
    event = EventFactory(entity=entity, is_cancelled=True, cancellation_reason="Lluvias")
    assert "STATUS:CANCELLED\r\n" in ical.calendar([event], host="h", name="n", urls={})
