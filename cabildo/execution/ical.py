"""iCalendar (RFC 5545) text for events, written by hand (no dependency).

CRLF line endings, TEXT escaping of backslash, semicolon, comma and newlines, lines folded at
75 octets (never splitting a UTF-8 character), times in UTC.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.utils import timezone

from cabildo.execution.models import Event, Modality

PRODID = "-//Cabildo//Eventos de participación//ES"


def escape_text(value: str) -> str:
    return (
        value.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
        .replace("\r", "\\n")
    )


def fold(line: str) -> str:
    """Fold a content line so no physical line exceeds 75 octets."""
    out: list[str] = []
    current = ""
    size = 0
    limit = 75
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > limit:
            out.append(current)
            current = " "
            size = 1
        current += char
        size += width
    out.append(current)
    return "\r\n".join(out)


def utc(value: datetime.datetime) -> str:
    return value.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")


def _location(event: Event) -> str:
    parts = [p for p in (event.place, event.address) if p]
    if event.modality in (Modality.VIRTUAL, Modality.HYBRID) and event.link:
        parts.append(event.link)
    return ", ".join(parts)


def event_lines(event: Event, *, host: str, url: str = "") -> list[str]:
    description = event.description
    if event.agenda_items:
        description = (description + "\n\n" if description else "") + "\n".join(event.agenda_items)
    lines = [
        "BEGIN:VEVENT",
        f"UID:evento-{event.pk}@{host}",
        f"DTSTAMP:{utc(timezone.now())}",
        f"DTSTART:{utc(event.starts_at)}",
        f"DTEND:{utc(event.ends_at)}",
        f"SUMMARY:{escape_text(event.title)}",
    ]
    if description:
        lines.append(f"DESCRIPTION:{escape_text(description)}")
    location = _location(event)
    if location:
        lines.append(f"LOCATION:{escape_text(location)}")
    if url:
        lines.append(f"URL:{url}")
    lines.append("STATUS:CANCELLED" if event.is_cancelled else "STATUS:CONFIRMED")
    lines.append("END:VEVENT")
    return lines


def calendar(events: Iterable[Event], *, host: str, name: str, urls: dict[int, str]) -> str:
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape_text(name)}",
    ]
    for event in events:
        lines.extend(event_lines(event, host=host, url=urls.get(event.pk, "")))
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)
