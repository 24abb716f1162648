"""Contribution pages: the lists, recording one at an event, its analysis."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.generic import FormView, ListView

from cabildo.core.forms import add_service_errors
from cabildo.core.http import request_entity as _entity
from cabildo.core.mixins import StaffPermissionMixin
from cabildo.execution.filters import ContributionFilterSet
from cabildo.execution.forms.contributions import ContributionAnalysisForm, ContributionForm
from cabildo.execution.models import Contribution, Event
from cabildo.execution.selectors.contributions import contribution_list
from cabildo.execution.services.contributions import contribution_analyse, contribution_record
from cabildo.execution.views._common import EventObjectMixin, filter_errors
from cabildo.plans import selectors as plan_selectors


class ContributionListView(StaffPermissionMixin, ListView):
    """Contributions of the entity, or of one event; ``?sin_analizar=1`` keeps the pending ones
    (the API's ``unanalysed``, through the same FilterSet)."""

    permission_required = "execution.view_contribution"
    template_name = "execution/contribution_list.html"
    context_object_name = "contributions"

    def list_event(self) -> Event | None:
        return None

    def get_queryset(self) -> Any:
        # A bad value filters nothing and is named above the list.
        self.filterset = ContributionFilterSet(
            {"unanalysed": self.request.GET.get("sin_analizar", "")},
            queryset=contribution_list(
                entity=_entity(self.request), event=self.list_event(), year=self.year()
            ),
            request=self.request,
        )
        return self.filterset.qs

    def year(self) -> int | None:
        """``?anio=2026``: the contributions of events held that year (the dashboard's link)."""
        return plan_selectors.year_from_query(self.request.GET.get("anio"))

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        event = self.list_event()
        return super().get_context_data(
            event=event,
            year=self.year(),
            unanalysed=bool(self.filterset.form.cleaned_data.get("unanalysed")),
            filter_errors=filter_errors(self.filterset),
            can_add=event is not None
            and not event.is_cancelled
            and self.request.user.has_perm("execution.add_contribution", event),
            **kwargs,
        )


class EventContributionListView(EventObjectMixin, ContributionListView):
    model = Event

    def list_event(self) -> Event | None:
        return self.get_object()


class ContributionCreateView(StaffPermissionMixin, EventObjectMixin, FormView):
    permission_required = "execution.add_contribution"
    template_name = "execution/contribution_form.html"
    form_class = ContributionForm
    model = Event

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs["entity"] = _entity(self.request)
        return kwargs

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(event=self.event, **kwargs)

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
