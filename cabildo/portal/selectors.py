"""Reads of the portal: the home page's "what is open now", next events and latest results,
the six "Participa" sections and the channels of attention. Constant number of queries."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from cabildo.bodies.models import BodySession
from cabildo.core.models import Entity
from cabildo.core.registry import ParticipaSection, PublicDataset, PublicLink, participa_links
from cabildo.execution.models import Event
from cabildo.plans.models import Consultation, PlanStatus
from cabildo.portal import opendata
from cabildo.portal.models import AttentionChannel, ChannelKind

HOME_LIMIT = 5


def open_consultations(*, entity: Entity, today: Any = None) -> QuerySet[Consultation]:
    """Plan consultations receiving observations today."""
    today = today or timezone.localdate()
    return (
        Consultation.objects.for_entity(entity)
        .filter(
            start_date__lte=today,
            end_date__gte=today,
            version__status=PlanStatus.IN_CONSULTATION,
        )
        .select_related("version__plan")
        .order_by("end_date", "pk")
    )


def open_registrations(*, entity: Entity, now: datetime | None = None) -> QuerySet[Event]:
    """Published, not cancelled events whose registration is open now (the same rule as
    ``execution.services.registrations.registration_is_open``)."""
    now = now or timezone.now()
    return (
        Event.objects.for_entity(entity)
        .public()
        .filter(is_cancelled=False)
        .filter(Q(registration_opens_at__isnull=True) | Q(registration_opens_at__lte=now))
        .filter(
            Q(registration_closes_at__gt=now)
            | Q(registration_closes_at__isnull=True, starts_at__gt=now)
        )
        .order_by("starts_at", "pk")
    )


def next_events(*, entity: Entity, now: datetime | None = None) -> QuerySet[Event]:
    now = now or timezone.now()
    return (
        Event.objects.for_entity(entity)
        .public()
        .filter(ends_at__gte=now)
        .order_by("starts_at", "pk")
    )


@dataclass(frozen=True)
class Result:
    date: Any
    title: str
    detail: str
    url_name: str
    pk: int


def latest_results(*, entity: Entity, now: datetime | None = None) -> list[Result]:
    """The newest public outcomes: events held (ended, with attendance recorded: an event
    nobody attended is not a result) and public sessions of the instancias with their
    decisions, newest first."""
    now = now or timezone.now()
    held = list(
        Event.objects.for_entity(entity)
        .public()
        .held(now=now)
        .filter(ends_at__lt=now)
        .order_by("-ends_at", "-pk")[:HOME_LIMIT]
    )
    sessions = list(
        BodySession.objects.for_entity(entity)
        .filter(is_public=True)
        .exclude(decisions="")
        .select_related("body")
        .order_by("-date", "-pk")[:HOME_LIMIT]
    )
    results = [
        Result(
            date=timezone.localtime(event.starts_at).date(),
            title=event.title,
            detail="",
            url_name="execution:public_detail",
            pk=event.pk,
        )
        for event in held
    ] + [
        Result(
            date=session.date,
            title=session.body.name,
            detail=session.decisions.splitlines()[0].strip(),
            url_name="bodies:public_detail",
            pk=session.body_id,
        )
        for session in sessions
    ]
    return sorted(results, key=lambda r: r.date, reverse=True)[:HOME_LIMIT]


@dataclass
class Section:
    value: str
    label: str
    links: list[dict[str, Any]] = field(default_factory=list)
    datasets: list[PublicDataset] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not self.links and not self.datasets


def _link(link: PublicLink) -> dict[str, Any] | None:
    url = link.url()
    if url is None:
        return None
    return {"label": link.label, "url": url, "description": link.description}


def sections() -> list[Section]:
    """The six sections of "Participa" with the public pages and datasets of every app."""
    by_value = {
        value: Section(value=value, label=str(label)) for value, label in ParticipaSection.choices
    }
    for link in participa_links():
        if link.section in by_value and (item := _link(link)) is not None:
            by_value[link.section].links.append(item)
    for dataset in opendata.datasets():
        if dataset.section in by_value:
            by_value[dataset.section].datasets.append(dataset)
    return list(by_value.values())


def section(value: str) -> Section | None:
    return next((s for s in sections() if s.value == value), None)


def public_channels(*, entity: Entity) -> list[tuple[str, list[AttentionChannel]]]:
    """Active channels grouped by kind (presencial, telefónico, virtual), in that order."""
    channels = list(
        AttentionChannel.objects.for_entity(entity)
        .filter(is_active=True)
        .order_by("order", "name", "pk")
    )
    for channel in channels:  # (their links to the entity's pages need no query)
        channel.entity = entity
    return [
        (str(label), [c for c in channels if c.kind == value])
        for value, label in ChannelKind.choices
        if any(c.kind == value for c in channels)
    ]


def channel_list(*, entity: Entity) -> QuerySet[AttentionChannel]:
    return AttentionChannel.objects.for_entity(entity).order_by("kind", "order", "name", "pk")
