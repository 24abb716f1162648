"""Reads of the PQRSD module: staff list with filters, semáforo, tracking timeline, statistics."""

from __future__ import annotations

import base64
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any, cast

from django.db import connection
from django.db.models import Count, F, Q, QuerySet
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.dates import MONTHS
from django.utils.translation import gettext_lazy as _

from cabildo.accounts.predicates import (
    is_internal_control,
    is_planning_office,
    is_viewer,
    manages_entity,
)
from cabildo.accounts.selectors import entity_roles
from cabildo.core.models import Entity
from cabildo.pqrs import deadlines
from cabildo.pqrs.models import (
    OPEN_STATUSES,
    Channel,
    ClosingReason,
    ImportedYearCount,
    Petition,
    PetitionEvent,
    PetitionKind,
    PqrsSettings,
    Status,
    Transfer,
    kind_display_name,
)
from cabildo.workdays.calendar import WorkCalendar, calendar_for

if TYPE_CHECKING:
    from cabildo.accounts.models import User

PAGE_SIZE = 50


@dataclass
class SemaphoreContext:
    today: date
    soon_limit: date
    calendar: WorkCalendar


def _semaphore_setup(entity: Entity) -> tuple[WorkCalendar, int]:
    settings_row = PqrsSettings.objects.filter(entity=entity).first()
    due_soon_days = settings_row.due_soon_days if settings_row else deadlines.DEFAULT_DUE_SOON_DAYS
    return calendar_for(entity), due_soon_days


def semaphore_context(*, entity: Entity, today: date | None = None) -> SemaphoreContext:
    """Today, the "por vencer" limit and the calendar. The calendar and the setting come from
    the per-entity versioned cache (a change of a closure day, a setting or the entity bumps
    it, see :mod:`cabildo.core.public_cache`): every staff list and desk page needs them."""
    from cabildo.core import public_cache

    today = today or timezone.localdate()
    calendar, due_soon_days = public_cache.cached(
        entity, "pqrs-semaphore-setup", (), lambda: _semaphore_setup(entity)
    )
    return SemaphoreContext(
        today, deadlines.due_soon_limit(calendar, today, due_soon_days), calendar
    )


def deadline_status_of(petition: Petition, ctx: SemaphoreContext) -> deadlines.DeadlineStatus:
    return deadlines.deadline_status(
        status=petition.status,
        closing_reason=petition.closing_reason,
        due_date=petition.due_date,
        answered_on=deadlines.local_date(petition.answered_at) if petition.answered_at else None,
        paused=petition.paused_at is not None,
        today=ctx.today,
        soon_limit=ctx.soon_limit,
    )


def deadline_status_for(
    petition: Petition, *, today: date | None = None
) -> deadlines.DeadlineStatus:
    return deadline_status_of(petition, semaphore_context(entity=petition.entity, today=today))


def semaphore_q(code: str, ctx: SemaphoreContext) -> Q:
    """The SQL filter of one semáforo code (:func:`deadlines.status_q`, the law's own)."""
    return deadlines.status_q(code, today=ctx.today, soon_limit=ctx.soon_limit)


def visible_petitions(*, entity: Entity, user: User) -> QuerySet[Petition]:
    """Petitions the user may read: all of them, or only their areas' for area liaisons."""
    qs = Petition.objects.for_entity(entity)
    if (manages_entity | is_internal_control | is_viewer | is_planning_office)(user, entity):
        return qs
    area_ids = entity_roles(user, entity.pk).area_ids
    return qs.filter(area_id__in=area_ids)


def _search(qs: QuerySet[Petition], text: str) -> QuerySet[Petition]:
    text = text.strip()
    if not text:
        return qs
    if text.upper().startswith(tuple("0123456789")) or "-" in text:
        by_number = qs.filter(filing_number__icontains=text)
        if by_number.exists():
            return by_number
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import SearchQuery, SearchVectorField
        from django.db.models.expressions import RawSQL

        # The stored generated column of migration pqrs/0005 (subject and description,
        # Spanish without accents); alias(): filtered on, never selected.
        document = RawSQL('"pqrs_petition"."search_document"', [], SearchVectorField())
        query = SearchQuery(text, config="es_unaccent", search_type="websearch")
        return qs.alias(search=document).filter(search=query)
    return qs.filter(Q(subject__icontains=text) | Q(description__icontains=text))


ORDER_FILED = ""  # newest first (the default)
ORDER_DUE = "vencimiento"  # due date, the nearest first; petitions without a term last


@dataclass
class PetitionFilters:
    order: str = ORDER_FILED
    status: str = ""
    area: int | None = None
    kind: int | None = None
    semaphore: str = ""
    channel: str = ""
    date_from: date | None = None
    date_to: date | None = None
    q: str = ""


def petition_list(
    *,
    entity: Entity,
    user: User,
    filters: PetitionFilters | None = None,
    ctx: SemaphoreContext | None = None,
) -> QuerySet[Petition]:
    qs = visible_petitions(entity=entity, user=user).select_related(
        "kind", "area", "assigned_to", "sub_channel"
    )
    return filter_petitions(
        qs, filters=filters or PetitionFilters(), ctx=ctx or semaphore_context(entity=entity)
    )


def filter_petitions(
    qs: QuerySet[Petition], *, filters: PetitionFilters, ctx: SemaphoreContext
) -> QuerySet[Petition]:
    """The staff list's filters and order on ``qs`` (the one implementation: the list's
    FilterSet, ``pqrs.filters.PetitionFilterSet``, validates the query and calls this)."""
    if filters.status:
        qs = qs.filter(status=filters.status)
    if filters.area:
        qs = qs.filter(area_id=filters.area)
    if filters.kind:
        qs = qs.filter(kind_id=filters.kind)
    if filters.channel:
        qs = qs.filter(channel=filters.channel)
    # Ranges on the column itself (not ``__date``) so the (entity, filed_at) index serves them.
    if filters.date_from:
        qs = qs.filter(filed_at__gte=_day_start(filters.date_from))
    if filters.date_to:
        qs = qs.filter(filed_at__lt=_day_start(filters.date_to + timedelta(days=1)))
    if filters.semaphore in deadlines.FILTERABLE_STATUSES:
        if filters.semaphore in (deadlines.ANSWERED_ON_TIME, deadlines.ANSWERED_LATE):
            qs = qs.annotate(**{deadlines.ANSWERED_ON: deadlines.answered_on()})
        qs = qs.filter(semaphore_q(filters.semaphore, ctx))
    if filters.q:
        qs = _search(qs, filters.q)
    if filters.order == ORDER_DUE:
        return qs.order_by(F("due_date").asc(nulls_last=True), "id")
    return qs.order_by("-filed_at", "-id")


# The columns the staff list shows or needs for the semáforo and the next-page cursor (the
# description, requester data and answer text stay in the database: 50 rows a page).
LIST_COLUMNS = (
    "id", "entity_id", "filing_number", "filed_at", "subject", "status", "closing_reason",
    "due_date", "answered_at", "paused_at", "kind__code", "kind__name", "area__name",
)  # fmt: skip


def list_page_queryset(qs: QuerySet[Petition]) -> QuerySet[Petition]:
    """``petition_list`` narrowed to what the staff list renders."""
    return qs.select_related(None).select_related("kind", "area").only(*LIST_COLUMNS)


def _day_start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def encode_cursor(petition: Petition, order: str = ORDER_FILED) -> str:
    if order == ORDER_DUE:
        due = petition.due_date.isoformat() if petition.due_date else ""
        raw = f"d|{due}|{petition.pk}"
    else:
        raw = f"{petition.filed_at.isoformat()}|{petition.pk}"
    return base64.urlsafe_b64encode(raw.encode()).decode()


def _after_due_cursor(cursor: str) -> Q | None:
    """Rows after the cursor in (due_date nulls last, id) order; None if it is not valid."""
    try:
        raw = base64.urlsafe_b64decode(cursor.encode()).decode()
        tag, due_text, pk_text = raw.split("|")
        pk = int(pk_text)
        due = date.fromisoformat(due_text) if due_text else None
    except (ValueError, UnicodeDecodeError):
        return None
    if tag != "d":
        return None
    if due is None:
        return Q(due_date__isnull=True, id__gt=pk)
    return Q(due_date__gt=due) | Q(due_date=due, id__gt=pk) | Q(due_date__isnull=True)


def decode_cursor(cursor: str) -> tuple[datetime, int] | None:
    try:
        raw = base64.urlsafe_b64decode(cursor.encode()).decode()
        moment, pk = raw.rsplit("|", 1)
        parsed = parse_datetime(moment)
        return (parsed, int(pk)) if parsed else None
    except (ValueError, UnicodeDecodeError):
        return None


def cursor_is_valid(cursor: str, *, order: str = ORDER_FILED) -> bool:
    """Whether ``cursor`` is a next-page cursor of the list in this order."""
    if order == ORDER_DUE:
        return _after_due_cursor(cursor) is not None
    return decode_cursor(cursor) is not None


@dataclass
class Page:
    rows: list[Any]
    next_cursor: str | None


@dataclass
class Row:
    petition: Petition
    status: deadlines.DeadlineStatus


def days_left_of(petition: Petition, ctx: SemaphoreContext) -> int | None:
    """Business days left to answer (negative: late); None when no term is running."""
    if petition.status not in OPEN_STATUSES or petition.paused_at or petition.due_date is None:
        return None
    return deadlines.business_days_left(ctx.calendar, ctx.today, petition.due_date)


def attention_counts(*, entity: Entity, user: User, ctx: SemaphoreContext) -> dict[str, int]:
    """How many petitions the user's staff list shows as overdue and as due soon (the same
    query as the list's semáforo filter, so the desk and the list agree)."""
    return {
        code: petition_list(
            entity=entity, user=user, filters=PetitionFilters(semaphore=code), ctx=ctx
        ).count()
        for code in (deadlines.OVERDUE, deadlines.DUE_SOON)
    }


def keyset_page(
    qs: QuerySet[Petition],
    *,
    cursor: str = "",
    ctx: SemaphoreContext,
    size: int = PAGE_SIZE,
    order: str = ORDER_FILED,
) -> Page:
    """Keyset pagination on (filed_at, id) descending: the index (entity, filed_at) serves it;
    or on (due_date, id) ascending when the list is sorted by due date."""
    if order == ORDER_DUE:
        after = _after_due_cursor(cursor) if cursor else None
        if after is not None:
            qs = qs.filter(after)
    else:
        position = decode_cursor(cursor) if cursor else None
        if position:
            moment, pk = position
            qs = qs.filter(Q(filed_at__lt=moment) | Q(filed_at=moment, id__lt=pk))
    items = list(qs[: size + 1])
    more = len(items) > size
    items = items[:size]
    rows = [Row(p, deadline_status_of(p, ctx)) for p in items]
    return Page(rows, encode_cursor(items[-1], order) if more and items else None)


def petitions_needing_attention(
    *, entity: Entity, user: User, limit: int = 10, today: date | None = None
) -> list[Row]:
    """The open petitions of the user's staff list (the same visibility) that are due soon or
    overdue, the nearest due date first."""
    ctx = semaphore_context(entity=entity, today=today)
    qs = (
        visible_petitions(entity=entity, user=user)
        .filter(semaphore_q(deadlines.OVERDUE, ctx) | semaphore_q(deadlines.DUE_SOON, ctx))
        .select_related("kind")
        .order_by("due_date", "id")[:limit]
    )
    return [Row(p, deadline_status_of(p, ctx)) for p in qs]


def public_timeline(petition: Petition) -> list[PetitionEvent]:
    return list(petition.events.filter(is_public=True).order_by("at", "id"))


def staff_timeline(petition: Petition) -> list[PetitionEvent]:
    return list(petition.events.select_related("actor").order_by("at", "id"))


def petition_detail(*, entity: Entity, pk: int) -> Petition:
    return (
        Petition.objects.for_entity(entity)
        .select_related("kind", "area", "assigned_to", "consent", "entity", "sub_channel")
        .get(pk=pk)
    )


def active_kinds(*, entity: Entity) -> QuerySet[PetitionKind]:
    return PetitionKind.objects.for_entity(entity).filter(is_active=True)


# --------------------------------------------------------------------------- statistics


@dataclass
class Statistics:
    year: int
    total: int
    by_channel: list[dict[str, Any]]
    by_kind: list[dict[str, Any]]
    by_area: list[dict[str, Any]]
    by_status: list[dict[str, Any]]
    by_month: list[dict[str, Any]]
    answered: int
    answered_on_time: int
    channel_comparison: list[dict[str, Any]]
    transfers: int = 0
    late_transfers: int = 0  # made after the 5 business days of art. 21 (extemporáneos)
    withdrawn: int = 0  # desistidas: tácito (art. 17) plus expreso (art. 18)
    withdrawn_express: int = 0
    # Years of the comparison whose figures include imported aggregates (before the system).
    imported_years: list[int] = field(default_factory=list)
    by_sub_channel: list[dict[str, Any]] = field(default_factory=list)

    @property
    def on_time_rate(self) -> float | None:
        if not self.answered:
            return None
        return round(100 * self.answered_on_time / self.answered, 1)


def _variation(current: int, previous: int) -> float | None:
    if not previous:
        return None
    return round(100 * (current - previous) / previous, 1)


def _sub_channel_comparison(
    base: QuerySet[Petition], imported: list[ImportedYearCount], *, year: int
) -> list[dict[str, Any]]:
    """Counts per channel and sub-channel (or the imported report's row), this year and the
    one before: the breakdown Cali reports (CAM, C.A.L.I., Línea 195…)."""
    counts: dict[tuple[str, str], list[int]] = {}
    petitions = (
        base.filter(filed_at__year__in=(year, year - 1), sub_channel__isnull=False)
        .values("year", "channel", "sub_channel__name")
        .annotate(n=Count("id"))
    )
    for row in petitions:
        pair = counts.setdefault((row["channel"], row["sub_channel__name"]), [0, 0])
        pair[0 if row["year"] == year else 1] += row["n"]
    for item in imported:
        name = item.sub_channel.name if item.sub_channel else item.label
        pair = counts.setdefault((item.channel, name), [0, 0])
        pair[0 if item.year == year else 1] += item.count
    order = {code: n for n, code in enumerate(Channel.values)}
    labels = dict(Channel.choices)
    return [
        {
            "channel": str(labels[channel]),
            "label": name,
            "current": current,
            "previous": previous,
            "variation": _variation(current, previous),
        }
        for (channel, name), (current, previous) in sorted(
            counts.items(), key=lambda item: (order[item[0][0]], item[0][1])
        )
    ]


def statistics(*, entity: Entity, year: int) -> Statistics:
    """Aggregates of one year (no personal data): safe for the public page."""
    base = Petition.objects.for_entity(entity)
    tz = timezone.get_current_timezone()
    current = base.filter(filed_at__year=year)
    channel_labels = dict(Channel.choices)
    status_labels = dict(Status.choices)
    by_channel_rows = {
        row["channel"]: row["n"] for row in current.values("channel").annotate(n=Count("id"))
    }
    previous_rows = {
        row["channel"]: row["n"]
        for row in base.filter(filed_at__year=year - 1).values("channel").annotate(n=Count("id"))
    }
    # Years before the system: imported yearly aggregates (never petitions), marked as such.
    imported = list(
        ImportedYearCount.objects.for_entity(entity)
        .filter(year__in=(year, year - 1))
        .select_related("sub_channel")
    )
    imported_years = sorted({row.year for row in imported})
    imported_by_channel: dict[tuple[int, str], int] = {}
    for row in imported:
        key = (row.year, row.channel)
        imported_by_channel[key] = imported_by_channel.get(key, 0) + row.count
    comparison = []
    for code, label in Channel.choices:
        this_year = by_channel_rows.get(code, 0) + imported_by_channel.get((year, code), 0)
        last_year = previous_rows.get(code, 0) + imported_by_channel.get((year - 1, code), 0)
        if this_year or last_year:
            comparison.append(
                {
                    "channel": code,
                    "label": str(label),
                    "current": this_year,
                    "previous": last_year,
                    "variation": _variation(this_year, last_year),
                }
            )
    total_current = sum(r["current"] for r in comparison)
    total_previous = sum(r["previous"] for r in comparison)
    comparison.append(
        {
            "channel": "total",
            "label": "TOTAL",
            "current": total_current,
            "previous": total_previous,
            "variation": _variation(total_current, total_previous),
        }
    )
    by_kind = [
        {"label": kind_display_name(row["kind__code"], row["kind__name"]), "n": row["n"]}
        for row in current.values("kind__code", "kind__name")
        .annotate(n=Count("id"))
        .order_by("-n", "kind__name")
    ]
    by_area = [
        {"label": row["area__name"] or _("Sin dependencia asignada"), "n": row["n"]}
        for row in current.values("area__name").annotate(n=Count("id")).order_by("-n", "area__name")
    ]
    by_status = [
        {"label": str(status_labels.get(row["status"], row["status"])), "n": row["n"]}
        for row in current.values("status").annotate(n=Count("id")).order_by("status")
    ]
    months = {
        row["month"].month if hasattr(row["month"], "month") else row["month"]: row["n"]
        for row in current.annotate(month=TruncMonth("filed_at", tzinfo=tz))
        .values("month")
        .annotate(n=Count("id"))
    }
    by_month = [{"month": m, "label": MONTHS[m], "n": months.get(m, 0)} for m in range(1, 13)]
    # The semáforo's own filters: answered = on time + late.
    no_day = {"today": date.min, "soon_limit": date.min}  # unused by the answered codes
    answered_counts = current.annotate(
        **{deadlines.ANSWERED_ON: deadlines.answered_on()}
    ).aggregate(
        on_time=Count("id", filter=deadlines.status_q(deadlines.ANSWERED_ON_TIME, **no_day)),
        late=Count("id", filter=deadlines.status_q(deadlines.ANSWERED_LATE, **no_day)),
    )
    on_time = answered_counts["on_time"]
    answered = on_time + answered_counts["late"]
    transfer_counts = (
        Transfer.objects.for_entity(entity)
        .filter(petition__filed_at__year=year)
        .aggregate(total=Count("id"), late=Count("id", filter=Q(is_late=True)))
    )
    by_sub_channel = _sub_channel_comparison(base, imported, year=year)
    withdrawn = current.filter(status=Status.WITHDRAWN).aggregate(
        total=Count("id"),
        express=Count("id", filter=Q(closing_reason=ClosingReason.WITHDRAWN_EXPRESS)),
    )
    return Statistics(
        year=year,
        imported_years=imported_years,
        by_sub_channel=by_sub_channel,
        withdrawn=withdrawn["total"],
        withdrawn_express=withdrawn["express"],
        transfers=transfer_counts["total"],
        late_transfers=transfer_counts["late"],
        total=sum(by_channel_rows.values()),
        by_channel=[
            {"label": str(channel_labels.get(code, code)), "n": n}
            for code, n in sorted(by_channel_rows.items(), key=lambda item: -item[1])
        ],
        by_kind=by_kind,
        by_area=by_area,
        by_status=by_status,
        by_month=by_month,
        answered=answered,
        answered_on_time=on_time,
        channel_comparison=comparison,
    )


PUBLIC_STATISTICS_SECONDS = 600


def public_statistics(*, entity: Entity, year: int) -> Statistics:
    """:func:`statistics` for the public page, cached for ten minutes per entity, year and
    language: at Cali scale (300,000 petitions a year) the aggregates take about a second,
    and every anonymous visitor would run them (docs/benchmarks.md)."""
    from django.core.cache import cache
    from django.utils import translation

    key = f"pqrs:public-statistics:{entity.pk}:{year}:{translation.get_language()}"
    # get_or_set answers the default when the cache has nothing (never None).
    return cast(
        Statistics,
        cache.get_or_set(
            key, lambda: statistics(entity=entity, year=year), PUBLIC_STATISTICS_SECONDS
        ),
    )


def export_rows(*, entity: Entity, year: int) -> Any:
    """Rows for the CSV export, without personal data (iterator: streamed)."""
    return (
        Petition.objects.for_entity(entity)
        .filter(filed_at__year=year)
        .order_by("filed_at", "id")
        .values_list(
            "filing_number",
            "filed_at",
            "kind__name",
            "channel",
            "area__name",
            "status",
            "closing_reason",
            "due_date",
            "answered_at",
            "is_priority",
            "anonymous",
        )
        .iterator(chunk_size=1000)
    )
