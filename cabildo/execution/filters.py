"""Filters of the execution lists (django-filter): one FilterSet per list, shared by the API
(DjangoFilterBackend: a bad value is a 400 naming the parameter) and the staff HTML list, which
hands its Spanish parameter to the same filter (``?sin_analizar=`` is the API's ``unanalysed``,
``?vencidos=`` its ``overdue``; a bad value is named above the list and filters nothing)."""

from __future__ import annotations

import django_filters
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cabildo.core.drf import BooleanFilter, EntityFilterSet, IdFilter
from cabildo.execution.models import (
    ActivityReport,
    Commitment,
    CommitmentQuerySet,
    Contribution,
    ReportStatus,
)


class ContributionFilterSet(EntityFilterSet):
    event = IdFilter(field_name="event_id", label=_("Id del evento"))
    unanalysed = BooleanFilter(label=_("Solo los aportes sin analizar"), method="filter_unanalysed")

    class Meta:
        model = Contribution
        fields = ["event", "unanalysed"]

    def filter_unanalysed(
        self, queryset: QuerySet[Contribution], name: str, value: bool | None
    ) -> QuerySet[Contribution]:
        return queryset.filter(viability="") if value else queryset


class CommitmentFilterSet(EntityFilterSet):
    event = IdFilter(field_name="event_id", label=_("Id del evento"))
    overdue = BooleanFilter(label=_("Solo los vencidos"), method="filter_overdue")

    class Meta:
        model = Commitment
        fields = ["event", "overdue"]

    def filter_overdue(
        self, queryset: CommitmentQuerySet, name: str, value: bool | None
    ) -> CommitmentQuerySet:
        return queryset.overdue(timezone.localdate()) if value else queryset


class ReportFilterSet(EntityFilterSet):
    status = django_filters.ChoiceFilter(
        label=_("Estado"),
        choices=ReportStatus.choices,
    )

    class Meta:
        model = ActivityReport
        fields = ["status"]
