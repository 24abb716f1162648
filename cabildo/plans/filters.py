"""Filters of the plan's activity lists (django-filter): the public plan's «fase»,
«dependencia» and «grupo». Each value is validated: a bad one is named on the page and filters
nothing (never a 500, never an empty list that looks like a real answer)."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from cabildo.core.drf import EntityFilterSet, IdFilter
from cabildo.plans.models import CyclePhase, PlannedActivity


class ActivityFilterSet(EntityFilterSet):
    fase = django_filters.ChoiceFilter(
        field_name="phase",
        label=_("Fase"),
        choices=CyclePhase.choices,
    )
    dependencia = IdFilter(field_name="area_id", label=_("Dependencia"))
    grupo = IdFilter(field_name="stakeholder_groups", label=_("Grupo de valor"))

    class Meta:
        model = PlannedActivity
        fields = ["fase", "dependencia", "grupo"]
