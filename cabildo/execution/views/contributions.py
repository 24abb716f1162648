"""Contribution pages: the lists, recording one at an event, its analysis."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.generic import FormView

from cabildo.core.forms import add_service_errors
from cabildo.core.http import request_entity as _entity
from cabildo.core.mixins import StaffPermissionMixin
from cabildo.execution.filters import ContributionFilterSet
from cabildo.execution.forms.contributions import ContributionAnalysisForm, ContributionForm
from cabildo.execution.models import Contribution, Event
from cabildo.execution.selectors.contributions import contribution_list
from cabildo.execution.services.contributions import contribution_analyse, contribution_record
from cabildo.execution.views._common import EventFormView, EventRecordListView, OneEventMixin
from cabildo.plans import selectors as plan_selectors


class ContributionListView(EventRecordListView):
    """Contributions of the entity, or of one event; ``?sin_analizar=1`` keeps the pending ones
    (the API's ``unanalysed``, through the same FilterSet); ``?anio=2026`` those of the events
    held that year (the dashboard's link)."""

    permission_required = "execution.view_contribution"
    template_name = "execution/contribution_list.html"
    context_object_name = "contributions"
    filterset_class = ContributionFilterSet
    filter_param = ("sin_analizar", "unanalysed")
    add_permission = "execution.add_contribution"

    def records(self, event: Event | None) -> QuerySet[Contribution]:
        return contribution_list(entity=_entity(self.request), event=event, year=self.year())

    def year(self) -> int | None:
        return plan_selectors.year_from_query(self.request.GET.get("anio"))

    def can_add(self, event: Event) -> bool:
        return not event.is_cancelled and super().can_add(event)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(year=self.year(), **kwargs)


class EventContributionListView(OneEventMixin, ContributionListView):
    pass


class ContributionCreateView(EventFormView):
    permission_required = "execution.add_contribution"
    template_name = "execution/contribution_form.html"
    form_class = ContributionForm

    def form_valid(self, form: ContributionForm) -> HttpResponse:
        try:
            contribution_record(event=self.event, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("Aporte registrado."))
        return redirect("execution:event_contributions", pk=self.event.pk)


class ContributionAnalyseView(StaffPermissionMixin, FormView):
    permission_required = "execution.change_contribution"
    template_name = "execution/contribution_analyse.html"
    form_class = ContributionAnalysisForm
    model = Contribution
    pk_url_kwarg = "pk"

    def get_object(self, queryset: Any = None) -> Contribution:
        if not hasattr(self, "_contribution"):
            self._contribution = get_object_or_404(
                Contribution.objects.for_entity(_entity(self.request)).select_related(
                    "event__activity__area", "stakeholder_group"
                ),
                pk=self.kwargs["pk"],
            )
        return self._contribution

    def get_initial(self) -> dict[str, Any]:
        c = self.get_object()
        return {
            "viability": c.viability,
            "justification": c.justification,
            "adjustment": c.adjustment,
            "incidence_level": c.incidence_level,
        }

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(contribution=self.get_object(), **kwargs)

    def form_valid(self, form: ContributionAnalysisForm) -> HttpResponse:
        contribution = self.get_object()
        try:
            contribution_analyse(
                contribution=contribution, user=self.request.user, **form.cleaned_data
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("Análisis del aporte guardado."))
        return redirect("execution:event_contributions", pk=contribution.event_id)
