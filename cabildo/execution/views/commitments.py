"""Commitment pages: the lists, recording one at an event, its follow-up."""

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
from cabildo.execution.filters import CommitmentFilterSet
from cabildo.execution.forms.commitments import CommitmentForm
from cabildo.execution.models import Commitment, Event
from cabildo.execution.selectors.commitments import commitment_list
from cabildo.execution.services.commitments import commitment_create, commitment_update
from cabildo.execution.views._common import EventFormView, EventRecordListView, OneEventMixin


class CommitmentListView(EventRecordListView):
    """Agreements and commitments of the entity, or of one event; ``?vencidos=1`` keeps the
    overdue ones (the API's ``overdue``, through the same FilterSet)."""

    permission_required = "execution.view_commitment"
    template_name = "execution/commitment_list.html"
    context_object_name = "commitments"
    filterset_class = CommitmentFilterSet
    filter_param = ("vencidos", "overdue")
    add_permission = "execution.add_commitment"

    def records(self, event: Event | None) -> QuerySet[Commitment]:
        return commitment_list(entity=_entity(self.request), event=event)


class EventCommitmentListView(OneEventMixin, CommitmentListView):
    pass


class CommitmentCreateView(EventFormView):
    permission_required = "execution.add_commitment"
    template_name = "execution/commitment_form.html"
    form_class = CommitmentForm

    def form_valid(self, form: CommitmentForm) -> HttpResponse:
        data = dict(form.cleaned_data)
        note = data.pop("note")
        try:
            commitment_create(event=self.event, user=self.request.user, note=note, **data)
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("Acuerdo o compromiso registrado."))
        return redirect("execution:event_commitments", pk=self.event.pk)


class CommitmentUpdateView(StaffPermissionMixin, FormView):
    permission_required = "execution.change_commitment"
    template_name = "execution/commitment_form.html"
    form_class = CommitmentForm
    model = Commitment
    pk_url_kwarg = "pk"

    def get_object(self, queryset: Any = None) -> Commitment:
        if not hasattr(self, "_commitment"):
            self._commitment = get_object_or_404(
                Commitment.objects.for_entity(_entity(self.request)).select_related(
                    "event", "responsible_area"
                ),
                pk=self.kwargs["pk"],
            )
        return self._commitment

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs["entity"] = _entity(self.request)
        return kwargs

    def get_initial(self) -> dict[str, Any]:
        c = self.get_object()
        return {
            "description": c.description,
            "responsible_area": c.responsible_area,
            "responsible_person": c.responsible_person,
            "due_date": c.due_date,
            "status": c.status,
        }

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        commitment = self.get_object()
        return super().get_context_data(commitment=commitment, event=commitment.event, **kwargs)

    def form_valid(self, form: CommitmentForm) -> HttpResponse:
        commitment = self.get_object()
        data = dict(form.cleaned_data)
        note = data.pop("note")
        if data["responsible_area"].pk != commitment.responsible_area_id and not (
            self.request.user.has_perm(
                "execution.change_commitment",
                Commitment(entity=commitment.entity, responsible_area=data["responsible_area"]),
            )
        ):
            form.add_error(
                "responsible_area", _("No puede asignar el compromiso a otra dependencia.")
            )
            return self.form_invalid(form)
        try:
            commitment_update(commitment=commitment, user=self.request.user, note=note, **data)
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("Acuerdo o compromiso actualizado."))
        return redirect("execution:event_commitments", pk=commitment.event_id)
