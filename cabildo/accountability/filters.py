"""Filters of the rendición de cuentas API (django-filter, DjangoFilterBackend): each query
parameter is validated (a bad value is a 400 naming it) before anything is filtered."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from cabildo.accountability.models import DialogueSpace, Question, QuestionKind, QuestionStatus
from cabildo.core.drf import EntityFilterSet, IdFilter, YearFilter


class SpaceFilterSet(EntityFilterSet):
    year = YearFilter(field_name="strategy__year", label=_("Vigencia"))

    class Meta:
        model = DialogueSpace
        fields = ["year"]


class QuestionFilterSet(EntityFilterSet):
    """The public list of answered questions."""

    year = YearFilter(field_name="space__strategy__year", label=_("Vigencia"))
    space = IdFilter(field_name="space_id", label=_("Id del espacio de diálogo"))
    kind = django_filters.ChoiceFilter(
        label=_("Tipo"),
        choices=QuestionKind.choices,
    )

    class Meta:
        model = Question
        fields = ["year", "space", "kind"]


class StaffQuestionFilterSet(EntityFilterSet):
    status = django_filters.ChoiceFilter(
        label=_("Estado"),
        choices=QuestionStatus.choices,
    )
    space = IdFilter(field_name="space_id", label=_("Id del espacio de diálogo"))
    area = IdFilter(field_name="area_id", label=_("Id de la dependencia"))

    class Meta:
        model = Question
        fields = ["status", "space", "area"]
