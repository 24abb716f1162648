"""Reads of the privacy module: the policy in force and the data held about one person."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db import models
from django.db.models import Q
from django.utils import timezone

from cabildo.core.models import Entity, concrete_field
from cabildo.privacy.models import PrivacyPolicy
from cabildo.privacy.sources import Source, available_sources


def policy_in_force(*, entity: Entity | None) -> PrivacyPolicy | None:
    return PrivacyPolicy.objects.in_force(entity, timezone.localdate())


def policy_versions(*, entity: Entity | None) -> list[PrivacyPolicy]:
    """Every version already in force, newest first (future versions stay unpublished)."""
    return list(
        PrivacyPolicy.objects.for_entity(entity)
        .filter(effective_date__lte=timezone.localdate())
        .order_by("-effective_date", "-pk")
    )


@dataclass(frozen=True)
class Criteria:
    """How staff identify the data subject (at least one value)."""

    email: str = ""
    phone: str = ""
    document: str = ""
    name: str = ""

    def cleaned(self) -> Criteria:
        return Criteria(
            email=self.email.strip(),
            phone=self.phone.strip(),
            document=self.document.strip(),
            name=" ".join(self.name.split()),
        )

    def is_empty(self) -> bool:
        return not any([self.email, self.phone, self.document, self.name])

    def describe(self) -> str:
        """For the access log: which identifiers were used (the values are masked)."""
        parts = []
        for label, value in (
            ("correo", self.email),
            ("teléfono", self.phone),
            ("documento", self.document),
            ("nombre", self.name),
        ):
            if value:
                parts.append(f"{label} {value[:2]}…{value[-2:]}" if len(value) > 4 else label)
        return ", ".join(parts)


def _query(source: Source, criteria: Criteria) -> Q | None:
    q = Q()
    used = False
    pairs = (
        (source.email, criteria.email),
        (source.phone, criteria.phone),
        (source.document, criteria.document),
        (source.name, criteria.name),
    )
    for field_name, value in pairs:
        if field_name and value:
            q |= Q(**{f"{field_name}__iexact": value})
            used = True
    if source.contact:
        for value in (criteria.email, criteria.phone):
            if value:
                q |= Q(**{f"{source.contact}__icontains": value})
                used = True
    return q if used else None


@dataclass
class Holding:
    """The rows of one source that belong to the person."""

    source: Source
    model: type[models.Model]
    rows: list[Any] = field(default_factory=list)

    @property
    def label(self) -> str:
        return str(self.source.label)

    def row_key(self, row: Any) -> str:
        return f"{self.source.key}:{row.pk}"

    def display(self) -> list[dict[str, Any]]:
        out = []
        for row in self.rows:
            values = [
                (concrete_field(self.model, name).verbose_name, getattr(row, name))
                for name in (*self.source.show, *self.source.identity_fields)
            ]
            out.append({"key": self.row_key(row), "values": values})
        return out

    def headers(self) -> list[str]:
        return [
            str(concrete_field(self.model, name).verbose_name)
            for name in (*self.source.show, *self.source.identity_fields)
        ]


def person_holdings(
    *, entity: Entity, criteria: Criteria, only: set[str] | None = None
) -> list[Holding]:
    """Every row of the entity that matches the person's identifiers, by source.

    ``only`` (keys ``"<app>.<model>:<pk>"``) narrows the result to rows staff selected;
    rows outside the search result are never included.
    """
    criteria = criteria.cleaned()
    if criteria.is_empty():
        return []
    holdings = []
    for source, model in available_sources():
        q = _query(source, criteria)
        if q is None:
            continue
        queryset = model._default_manager.filter(entity=entity).filter(q)
        related = [
            name
            for name in source.show
            if isinstance(model._meta.get_field(name), models.ForeignKey)
        ]
        if related:
            queryset = queryset.select_related(*related)
        rows = list(queryset.order_by("pk")[:500])
        if only is not None:
            rows = [r for r in rows if f"{source.key}:{r.pk}" in only]
        if rows:
            holdings.append(Holding(source, model, rows))
    return holdings


def open_habeas_petitions(*, entity: Entity) -> list[Any]:
    """Open habeas-data PQRSD (the data-subject requests staff answer here), by due date."""
    from cabildo.pqrs.models import OPEN_STATUSES, KindCode, Petition

    return list(
        Petition.objects.for_entity(entity)
        .filter(
            kind__code__in=[KindCode.HABEAS_CONSULTATION, KindCode.HABEAS_CLAIM],
            status__in=OPEN_STATUSES,
        )
        .select_related("kind")
        .order_by("due_date", "pk")[:100]
    )
