"""The instancias directory's filters: one FilterSet for the staff list (``/instancias/``), the
public directory (``/instancias/directorio/``) and the API (``GET /api/v1/bodies/``,
DjangoFilterBackend), with the same query parameters (``q``, ``kind``, ``territory``,
``area``, ``status``).

The filters themselves are applied by :func:`cabildo.bodies.selectors.filter_bodies`; this
class parses and validates the query: a bad value is a form error beside its field on the
pages (the filter is left out) and a 400 naming the parameter in the API.
"""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from cabildo.bodies import selectors
from cabildo.bodies.models import BodyKind, BodyStatus, ParticipationBody
from cabildo.core.drf import EntityFilterSet
from cabildo.core.models import Area
from cabildo.territories.forms import TerritoryChoiceField
from cabildo.territories.models import Territory

SEARCH_MAX_LENGTH = 100


class TerritoryFilter(django_filters.ModelChoiceFilter):
    """A territory of the FilterSet's entity, in tree order with indented labels (one query);
    the selector includes the territories inside it."""

    field_class = TerritoryChoiceField

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("queryset", Territory.objects.none())
        super().__init__(*args, **kwargs)

    @property
    def field(self) -> TerritoryChoiceField:
        if not hasattr(self, "_field"):
            field: TerritoryChoiceField = super().field
            field.set_entity(self.parent.entity)
            field.choices = [("", self.extra["empty_label"]), *field.territory_choices]
        return self._field


class DirectoryFilterSet(EntityFilterSet):
    q = django_filters.CharFilter(
        label=_("Buscar"),
        help_text=_("Nombre, sigla o población representada."),
        max_length=SEARCH_MAX_LENGTH,
        # (MaxLengthValidator fills in the limit.)
        error_messages={"max_length": _("Escriba como máximo %(limit_value)d caracteres.")},
    )
    kind = django_filters.ChoiceFilter(
        label=_("Tipo"),
        choices=BodyKind.choices,
        empty_label=_("Todos"),
    )
    territory = TerritoryFilter(
        label=_("Territorio"),
        empty_label=_("Todos"),
    )
    area = django_filters.ModelChoiceFilter(
        field_name="secretariat",
        label=_("Dependencia"),
        queryset=Area.objects.none(),
        empty_label=_("Todas"),
    )
    status = django_filters.ChoiceFilter(
        label=_("Estado"),
        choices=BodyStatus.choices,
        empty_label=_("Todos"),
    )

    entity_choices = {"area": lambda entity: Area.objects.for_entity(entity)}

    class Meta:
        model = ParticipationBody
        fields = ["q", "kind", "territory", "area", "status"]

    def body_filters(self) -> selectors.BodyFilters:
        """The valid part of the query (an invalid field filters nothing)."""
        if not self.is_bound:
            return selectors.BodyFilters()
        self.errors  # noqa: B018 — validates the form, fills cleaned_data
        data = self.form.cleaned_data
        return selectors.BodyFilters(
            search=data.get("q") or "",
            kind=data.get("kind") or "",
            status=data.get("status") or "",
            territory=data.get("territory"),
            area=data["area"].pk if data.get("area") else None,
        )

    def filter_queryset(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        return selectors.filter_bodies(queryset, filters=self.body_filters())
