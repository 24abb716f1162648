"""Cancelling a planned activity and undoing it."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView

from cabildo.core.forms import add_service_errors
from cabildo.core.mixins import StaffPermissionMixin
from cabildo.execution.forms.activity_cancellations import ActivityCancelForm
from cabildo.execution.services.activity_cancellations import (
    activity_cancel,
    activity_cancellation_undo,
)
from cabildo.execution.views._common import ActivityObjectMixin


class ActivityCancelView(StaffPermissionMixin, ActivityObjectMixin, FormView):
    permission_required = "execution.cancel_activity"
    template_name = "execution/activity_cancel.html"
    form_class = ActivityCancelForm

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(activity=self.activity, **kwargs)

    def form_valid(self, form: ActivityCancelForm) -> HttpResponse:
        try:
            activity_cancel(
                activity=self.activity, reason=form.cleaned_data["reason"], user=self.request.user
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("Actividad cancelada."))
        return redirect("plans:cronograma", pk=self.activity.version_id)


class ActivityUncancelView(StaffPermissionMixin, ActivityObjectMixin, View):
    permission_required = "execution.cancel_activity"

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        try:
            activity_cancellation_undo(activity=self.activity)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Se deshizo la cancelación de la actividad."))
        return redirect("plans:cronograma", pk=self.activity.version_id)
