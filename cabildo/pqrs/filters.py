"""The staff PQRSD list's filters: one FilterSet for the HTML list (its form is the filter form
above the table) and the API (``GET /api/v1/pqrs/gestion/``, DjangoFilterBackend).

The filters themselves are applied by :func:`cabildo.pqrs.selectors.filter_petitions` (the
semáforo is the law's own SQL filter); this class parses and validates the query: a bad value
is a form error beside its field on the page and a 400 naming the parameter in the API.
"""

from __future__ import annotations

from typing import Any

import django_filters
from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from cabildo.core.drf import EntityFilterSet, FilterSet
from cabildo.core.models import Area
from cabildo.pqrs import deadlines, selectors
from cabildo.pqrs.models import Channel, Petition, PetitionKind, Status, SubChannel

BAD_DATE = _("Fecha no válida (use AAAA-MM-DD).")


class PetitionFilterForm(forms.Form):
    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("La fecha final es anterior a la inicial."))
        return data


def _date_filter(label: Any) -> django_filters.DateFilter:
    return django_filters.DateFilter(
        field_name="filed_at",
        label=label,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": BAD_DATE},
    )


class PetitionFilterSet(EntityFilterSet):
    q = django_filters.CharFilter(
        label=_("Buscar"),
        help_text=_("Número de radicado o texto del asunto y la descripción."),
        max_length=200,
    )
    order = django_filters.ChoiceFilter(
        label=_("Ordenar por"),
        choices=[
            (selectors.ORDER_FILED, _("Radicación, la más reciente primero")),
            (selectors.ORDER_DUE, _("Vencimiento, el más próximo primero")),
        ],
        empty_label=None,
        help_text=_(
            "«vencimiento»: el vencimiento más próximo primero (las peticiones sin término al "
            "final). Por defecto, la radicación más reciente primero."
        ),
    )
    status = django_filters.ChoiceFilter(
        label=_("Estado"), choices=Status.choices, empty_label=_("Todos")
    )
    semaphore = django_filters.ChoiceFilter(
        label=_("Semáforo"),
        choices=[(code, deadlines.STATUS_LABELS[code]) for code in deadlines.FILTERABLE_STATUSES],
        empty_label=_("Todos"),
    )
    area = django_filters.ModelChoiceFilter(
        label=_("Dependencia"), queryset=Area.objects.none(), empty_label=_("Todas")
    )
    kind = django_filters.ModelChoiceFilter(
        label=_("Clase"),
        queryset=PetitionKind.objects.none(),
        to_field_name="code",
        empty_label=_("Todas"),
        help_text=_("Código de la clase, p. ej. «queja»."),
    )
    channel = django_filters.ChoiceFilter(
        label=_("Canal"), choices=Channel.choices, empty_label=_("Todos")
    )
    date_from = _date_filter(_("Radicada desde"))
    date_to = _date_filter(_("Radicada hasta"))

    entity_choices = {
        "area": lambda entity: Area.objects.for_entity(entity),
        "kind": lambda entity: PetitionKind.objects.for_entity(entity),
    }

    class Meta:
        model = Petition
        fields = ["q", "order", "status", "semaphore", "area", "kind", "channel"]
        form = PetitionFilterForm

    def __init__(
        self, *args: Any, ctx: selectors.SemaphoreContext | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self._ctx = ctx

    @property
    def ctx(self) -> selectors.SemaphoreContext:
        if self._ctx is None:
            assert self.entity is not None
            self._ctx = selectors.semaphore_context(entity=self.entity)
        return self._ctx

    def petition_filters(self) -> selectors.PetitionFilters:
        """The valid part of the query (an invalid field filters nothing)."""
        if not self.is_bound:
            return selectors.PetitionFilters()
        self.errors  # noqa: B018 — validates the form, fills cleaned_data
        data = self.form.cleaned_data
        return selectors.PetitionFilters(
            order=data.get("order") or selectors.ORDER_FILED,
            status=data.get("status") or "",
            area=data["area"].pk if data.get("area") else None,
            kind=data["kind"].pk if data.get("kind") else None,
            semaphore=data.get("semaphore") or "",
            channel=data.get("channel") or "",
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
            q=data.get("q") or "",
        )

    def filter_queryset(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        return selectors.filter_petitions(queryset, filters=self.petition_filters(), ctx=self.ctx)


class SubChannelFilterSet(FilterSet):
    """The public list of sub-channels (``GET /api/v1/pqrs/subcanales/?channel=``): a channel
    outside the law's list is a 400 naming the valid ones."""

    channel = django_filters.ChoiceFilter(label=_("Canal"), choices=Channel.choices)

    class Meta:
        model = SubChannel
        fields = ["channel"]
