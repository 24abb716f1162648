"""Reads of participation bodies: lists with constant queries and the sistema municipal view."""

from __future__ import annotations

import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from cabildo.bodies.models import (
    FIGURES,
    BodyCharacterization,
    BodyKind,
    BodyMember,
    BodySession,
    BodyStatus,
    ParticipationBody,
    Publication,
    held_in,
    in_term,
)
from cabildo.core.models import Entity
from cabildo.territories.models import Territory
from cabildo.territories.selectors import descendant_ids


def _count_subquery(model: Any, **filters: Any) -> Coalesce:
    sub = (
        model.objects.filter(body=OuterRef("pk"), **filters)
        .order_by()
        .values("body")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(sub, output_field=IntegerField()), Value(0))


def body_list(
    *,
    entity: Entity,
    public: bool = False,
    archived: bool = False,
) -> QuerySet[ParticipationBody]:
    """The entity's bodies. ``public``: only what the public directory shows (published, not
    archived); otherwise the staff list, of the current bodies or (``archived``) the archived.
    The directory's filters are :func:`filter_bodies`'s."""
    last_year = (
        BodyCharacterization.objects.filter(body=OuterRef("pk"))
        .order_by("-year")
        .values("year")[:1]
    )
    qs = (
        ParticipationBody.objects.for_entity(entity)
        .select_related("territory", "secretariat")
        .annotate(
            members_count=_count_subquery(BodyMember, is_vacant=False),
            sessions_count=_count_subquery(BodySession),
            last_characterized=Subquery(last_year, output_field=IntegerField()),
        )
        .order_by("name")
    )
    return qs.filter(PUBLIC_BODIES if public else Q(archived_at__isnull=not archived))


@dataclass(frozen=True)
class BodyFilters:
    """The directory's filters, already validated (empty: no filter)."""

    search: str = ""
    kind: str = ""
    status: str = ""
    territory: Territory | None = None  # with the territories inside it
    area: int | None = None


def filter_bodies(
    qs: QuerySet[ParticipationBody], *, filters: BodyFilters
) -> QuerySet[ParticipationBody]:
    """The directory's filters on a list of bodies (validated by
    ``bodies.filters.DirectoryFilterSet``, shared by the staff list, the public directory and
    the API): a territory includes the territories inside it (a comuna's barrios)."""
    if filters.search:
        qs = qs.filter(
            Q(name__icontains=filters.search)
            | Q(acronym__icontains=filters.search)
            | Q(represented__icontains=filters.search)
        )
    if filters.kind:
        qs = qs.filter(kind=filters.kind)
    if filters.status:
        qs = qs.filter(status=filters.status)
    if filters.territory:
        qs = qs.filter(territory_id__in=descendant_ids(territory=filters.territory))
    if filters.area:
        qs = qs.filter(secretariat_id=filters.area)
    return qs


PUBLIC_BODIES = Q(publication=Publication.PUBLISHED, archived_at__isnull=True)


def body_detail(*, entity: Entity, pk: int, public: bool = False) -> ParticipationBody:
    """A body of the entity with everything the staff detail page shows (raises DoesNotExist);
    ``public``: only a published body that is not archived."""
    qs = ParticipationBody.objects.for_entity(entity)
    if public:
        qs = qs.filter(PUBLIC_BODIES)
    return qs.select_related("territory", "secretariat", "accompanying_official").get(pk=pk)


def body_members(*, body: ParticipationBody) -> QuerySet[BodyMember]:
    return BodyMember.objects.filter(body=body).order_by("seat", "pk")


def body_sessions(*, body: ParticipationBody, public_only: bool = False) -> QuerySet[BodySession]:
    qs = BodySession.objects.filter(body=body)
    if public_only:
        qs = qs.filter(is_public=True)
    return qs.order_by("-date", "-pk")


def body_characterizations(*, body: ParticipationBody) -> QuerySet[BodyCharacterization]:
    return with_figures(BodyCharacterization.objects.filter(body=body).order_by("-year"))


# ---------------------------------------------------------------- characterization figures


@dataclass(frozen=True)
class Figure:
    """A published figure: the registry's recount, or a correction with its reason."""

    recount: int
    correction: int | None = None
    reason: str = ""

    @property
    def value(self) -> int:
        return self.recount if self.correction is None else self.correction

    @property
    def corrected(self) -> bool:
        return self.correction is not None

    def __str__(self) -> str:
        return str(self.value)


def with_figures(qs: QuerySet[BodyCharacterization]) -> QuerySet[BodyCharacterization]:
    """The one place the characterization figures are counted: sessions of the body dated in
    the year and members whose term covers it (``held_in``/``in_term``), annotated as
    ``<figure>_recount``, and the published ``<figure>_value`` (the correction when there is
    one). Use :func:`figures` on each row."""

    def recount(model: Any, condition: Q) -> Coalesce:
        sub = (
            model.objects.filter(body=OuterRef("body"))
            .filter(condition)
            .order_by()
            .values("body")
            .annotate(n=Count("pk"))
            .values("n")
        )
        return Coalesce(Subquery(sub, output_field=IntegerField()), Value(0))

    qs = qs.annotate(
        sessions_held_recount=recount(BodySession, held_in(OuterRef("year"))),
        active_members_recount=recount(BodyMember, in_term(OuterRef("year"))),
    )
    return qs.annotate(
        sessions_held_value=Coalesce("sessions_held_correction", "sessions_held_recount"),
        active_members_value=Coalesce("active_members_correction", "active_members_recount"),
    )


def figures(characterization: BodyCharacterization) -> dict[str, Figure]:
    """The figures of a row of :func:`with_figures` (or of any row, two queries)."""
    if hasattr(characterization, "sessions_held_recount"):
        counts = {name: getattr(characterization, f"{name}_recount") for name in FIGURES}
    else:
        counts = characterization.registry_counts()
    return {
        name: Figure(
            recount=counts[name],
            correction=getattr(characterization, f"{name}_correction"),
            reason=getattr(characterization, f"{name}_reason"),
        )
        for name in FIGURES
    }


def characterized_bodies(*, entity: Entity, year: int) -> list[dict[str, Any]]:
    """Each body characterized in ``year`` with its figures (one query)."""
    rows = with_figures(
        BodyCharacterization.objects.for_entity(entity)
        .filter(year=year)
        .select_related("body")
        .order_by("body__name")
    )
    return [{"characterization": c, "body": c.body, **figures(c)} for c in rows]


def public_members(*, body: ParticipationBody) -> list[dict[str, Any]]:
    """Seat and name of the seats the entity marked public, only for formal bodies.

    Never includes contact data: the dicts carry only public fields.
    """
    if not body.is_formal:
        return []
    rows = (
        BodyMember.objects.filter(body=body, is_public=True)
        .order_by("seat", "pk")
        .values("seat", "sector", "name", "is_vacant", "term_start", "term_end")
    )
    return [dict(row) for row in rows]


def public_session(*, entity: Entity, pk: int) -> BodySession:
    return BodySession.objects.for_entity(entity).select_related("body").get(pk=pk, is_public=True)


def characterization_years(*, entity: Entity) -> list[int]:
    return list(
        BodyCharacterization.objects.for_entity(entity)
        .order_by("-year")
        .values_list("year", flat=True)
        .distinct()
    )


# ---------------------------------------------------------------- sistema municipal


def percent(part: int, total: int) -> int | None:
    """A whole percentage, half up; ``None`` when there is no base (shown «—», never «0 %»)."""
    if not total:
        return None
    value = Decimal(part * 100) / Decimal(total)
    return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))


@dataclass
class Breakdown:
    """One dimension of the overview: label, count and percentage per row."""

    key: str
    title: Any
    rows: list[dict[str, Any]] = field(default_factory=list)


def _breakdown(
    key: str, title: Any, counts: list[tuple[Any, int]], total: int, labels: dict[Any, Any]
) -> Breakdown:
    rows = []
    for value, n in counts:
        label = labels.get(value, value)
        rows.append({"value": value, "label": label, "count": n, "percent": percent(n, total)})
    return Breakdown(key=key, title=title, rows=rows)


def _normalize(line: str) -> str:
    text = " ".join(line.strip(" -•*·\t").split())
    return text[:1].upper() + text[1:] if text else ""


def _fold(text: str) -> str:
    return "".join(
        c for c in unicodedata.normalize("NFKD", text.lower()) if not unicodedata.combining(c)
    )


def most_frequent(texts: list[str], limit: int = 10) -> list[dict[str, Any]]:
    """Lines (one item per line) counted across characterizations, accent-insensitive."""
    counter: Counter[str] = Counter()
    shown: dict[str, str] = {}
    for text in texts:
        for line in (text or "").splitlines():
            item = _normalize(line)
            if not item:
                continue
            key = _fold(item)
            counter[key] += 1
            shown.setdefault(key, item)
    return [{"label": shown[k], "count": n} for k, n in counter.most_common(limit)]


def system_overview(*, entity: Entity, year: int) -> dict[str, Any]:
    """The sistema municipal for a year, counted by the year's characterizations.

    Constant number of queries (DB aggregation per dimension).
    """
    from django.utils.translation import gettext_lazy as _

    base = BodyCharacterization.objects.for_entity(entity).filter(year=year).order_by()
    total = base.count()
    by_kind_raw = dict(base.values_list("body__kind").annotate(n=Count("pk")))
    by_kind = [(k.value, by_kind_raw.get(k.value, 0)) for k in BodyKind]
    formal_raw = dict(base.values_list("body__is_formal").annotate(n=Count("pk")))
    formal = [(True, formal_raw.get(True, 0)), (False, formal_raw.get(False, 0))]
    status_raw = dict(base.values_list("status").annotate(n=Count("pk")))
    status = [(s.value, status_raw.get(s.value, 0)) for s in BodyStatus]
    territory = list(
        base.values_list("body__territory__name")
        .annotate(n=Count("pk"))
        .order_by("-n", "body__territory__name")
    )
    secretariat = list(
        base.values_list("body__secretariat__name")
        .annotate(n=Count("pk"))
        .order_by("-n", "body__secretariat__name")
    )
    totals = with_figures(base).aggregate(
        sessions_held=Sum("sessions_held_value"),
        active_members=Sum("active_members_value"),
        corrected=Count("pk", filter=Q(sessions_held_correction__isnull=False))
        + Count("pk", filter=Q(active_members_correction__isnull=False)),
    )
    texts = list(base.values_list("difficulties", "results", "challenges"))
    none_label = _("Sin asignar")
    dimensions = [
        _breakdown("kind", _("Por tipo de instancia"), by_kind, total, dict(BodyKind.choices)),
        _breakdown(
            "formal",
            _("Formales y no formales"),
            formal,
            total,
            {True: _("Formal"), False: _("No formal")},
        ),
        _breakdown("status", _("Por estado"), status, total, dict(BodyStatus.choices)),
        _breakdown("territory", _("Por territorio"), territory, total, {None: none_label}),
        _breakdown(
            "secretariat", _("Por secretaría técnica"), secretariat, total, {None: none_label}
        ),
    ]
    return {
        "year": year,
        "total": total,
        "sessions_held": totals["sessions_held"] or 0,
        "active_members": totals["active_members"] or 0,
        "corrected": totals["corrected"] or 0,
        "bodies": characterized_bodies(entity=entity, year=year),
        "dimensions": dimensions,
        "difficulties": most_frequent([t[0] for t in texts]),
        "results": most_frequent([t[1] for t in texts]),
        "challenges": most_frequent([t[2] for t in texts]),
    }


def system_evolution(*, entity: Entity) -> dict[str, Any]:
    """Bodies characterized per year and kind, across every year (one query)."""
    rows = (
        BodyCharacterization.objects.for_entity(entity)
        .order_by()
        .values_list("year", "body__kind")
        .annotate(n=Count("pk"))
    )
    table: dict[int, dict[str, int]] = {}
    for year, kind, n in rows:
        table.setdefault(year, {k.value: 0 for k in BodyKind})[kind] = n
    years = sorted(table)
    return {
        "years": years,
        "kinds": [{"value": k.value, "label": k.label} for k in BodyKind],
        "rows": [
            {
                "year": y,
                "counts": [table[y][k.value] for k in BodyKind],
                "total": sum(table[y].values()),
            }
            for y in years
        ],
    }
