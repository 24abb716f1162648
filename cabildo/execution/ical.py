"""iCalendar (RFC 5545) feeds of events, built with the ``icalendar`` library.

Times are written in the project's time zone (``TIME_ZONE``, America/Bogota) with its
VTIMEZONE, so calendar clients show the local hour; ``icalendar`` does the escaping, the line
folding at 75 octets and the CRLF line endings. Each event's UID is stable
(``evento-<pk>@<host>``), so a re-imported feed updates events instead of duplicating them.
"""

from __future__ import annotations

from collections.abc import Iterable
from zoneinfo import ZoneInfo

import icalendar
from django.conf import settings
from django.utils import timezone

from cabildo.execution.models import Event, Modality

PRODID = "-//Cabildo//Eventos de participación//ES"


def _location(event: Event) -> str:
    parts = [p for p in (event.place, event.address) if p]
    if event.modality in (Modality.VIRTUAL, Modality.HYBRID) and event.link:
        parts.append(event.link)
    return ", ".join(parts)


def event_component(event: Event, *, host: str, url: str = "") -> icalendar.Event:
    zone = ZoneInfo(settings.TIME_ZONE)
    component = icalendar.Event()
    component.add("uid", f"evento-{event.pk}@{host}")
    component.add("dtstamp", timezone.now())
    component.add("dtstart", event.starts_at.astimezone(zone))
    component.add("dtend", event.ends_at.astimezone(zone))
    component.add("summary", event.title)
    description = event.description
    if event.agenda_items:
        description = (description + "\n\n" if description else "") + "\n".join(event.agenda_items)
    if description:
        component.add("description", description)
    location = _location(event)
    if location:
        component.add("location", location)
    if url:
        component.add("url", url)
    component.add("status", "CANCELLED" if event.is_cancelled else "CONFIRMED")
    return component


def calendar(events: Iterable[Event], *, host: str, name: str, urls: dict[int, str]) -> str:
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", settings.TIME_ZONE)
    for event in events:
        cal.add_component(event_component(event, host=host, url=urls.get(event.pk, "")))
    cal.add_missing_timezones()
    return cal.to_ical().decode("utf-8")
