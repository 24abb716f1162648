"""Convocation pages: list, create, edit, detail, send and progress."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views import View
from django.views.generic import FormView, ListView, TemplateView

from cabildo.core.forms import add_service_errors
from cabildo.core.http import request_entity as _entity
from cabildo.core.mixins import EntityFormViewBase, EntityObjectMixin, StaffPermissionMixin
from cabildo.execution.forms.convocations import ConvocationForm
from cabildo.execution.models import Convocation, ConvocationStatus
from cabildo.execution.selectors.convocations import convocation_list, convocation_recipients
from cabildo.execution.services.convocations import convocation_save, convocation_send


class ConvocationListView(StaffPermissionMixin, ListView):
    permission_required = "execution.view_convocation"
    template_name = "execution/convocation_list.html"
    context_object_name = "convocations"

    def get_queryset(self) -> Any:
        return convocation_list(entity=_entity(self.request))

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(
            can_add=self.request.user.has_perm("execution.add_convocation", _entity(self.request)),
            **kwargs,
        )


class ConvocationFormMixin(EntityFormViewBase):
    form_class = ConvocationForm
    template_name = "execution/convocation_form.html"

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs.update(entity=_entity(self.request), user=self.request.user)
        return kwargs

    def save(self, form: ConvocationForm, convocation: Convocation | None) -> HttpResponse:
        data = dict(form.cleaned_data)
        entity = _entity(self.request)
        if not self.request.user.has_perm(
            "execution.change_convocation", Convocation(entity=entity, activity=data["activity"])
        ):
            form.add_error("activity", _("No puede convocar actividades de otra área."))
            return self.form_invalid(form)
        try:
            convocation = convocation_save(
                entity=entity, user=self.request.user, convocation=convocation, **data
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("Convocatoria guardada."))
        return redirect("execution:convocation_detail", pk=convocation.pk)


class ConvocationCreateView(StaffPermissionMixin, ConvocationFormMixin, FormView):
    permission_required = "execution.add_convocation"

    def get_initial(self) -> dict[str, Any]:
        activity = self.request.GET.get("actividad", "")
        return {"activity": activity} if activity.isdigit() else {}

    def form_valid(self, form: ConvocationForm) -> HttpResponse:
        return self.save(form, None)


class ConvocationObjectMixin(EntityObjectMixin):
    object_model = Convocation
    object_select_related = ("activity", "activity__area", "event")

    @property
    def convocation(self) -> Convocation:
        return self.get_object()


class ConvocationUpdateView(
    StaffPermissionMixin, ConvocationObjectMixin, ConvocationFormMixin, FormView
):
    permission_required = "execution.change_convocation"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if self.convocation.status != ConvocationStatus.DRAFT:
            messages.info(request, _("La convocatoria ya fue enviada: no se puede modificar."))
            return redirect("execution:convocation_detail", pk=self.convocation.pk)
        return super().get(request, *args, **kwargs)

    def get_initial(self) -> dict[str, Any]:
        c = self.convocation
        return {
            "activity": c.activity,
            "event": c.event,
            "stakeholder_groups": list(c.stakeholder_groups.all()),
            "bodies": list(c.bodies.all()),
            "channels": c.channels,
            "subject": c.subject,
            "message": c.message,
            "other_reach": c.other_reach,
        }

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(convocation=self.convocation, **kwargs)

    def form_valid(self, form: ConvocationForm) -> HttpResponse:
        return self.save(form, self.convocation)


class ConvocationDetailView(StaffPermissionMixin, ConvocationObjectMixin, TemplateView):
    permission_required = "execution.view_convocation"
    template_name = "execution/convocation_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        c = self.convocation
        can_change = self.request.user.has_perm("execution.change_convocation", c)
        return super().get_context_data(
            convocation=c,
            groups=list(c.stakeholder_groups.all()),
            bodies=list(c.bodies.all()),
            channel_labels=c.channel_labels,
            can_change=can_change,
            recipients_preview=(
                len(convocation_recipients(convocation=c))
                if can_change and c.status == ConvocationStatus.DRAFT
                else None
            ),
            **kwargs,
        )


class ConvocationSendView(StaffPermissionMixin, ConvocationObjectMixin, View):
    permission_required = "execution.change_convocation"

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        try:
            convocation = convocation_send(convocation=self.convocation)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            if convocation.status == ConvocationStatus.SENDING:
                messages.success(
                    request,
                    ngettext(
                        "Convocatoria en envío a %(n)s correo.",
                        "Convocatoria en envío a %(n)s correos.",
                        convocation.recipients_total,
                    )
                    % {"n": convocation.recipients_total},
                )
            else:
                messages.success(request, _("Convocatoria registrada como enviada."))
        return redirect("execution:convocation_detail", pk=pk)


class ConvocationProgressView(StaffPermissionMixin, ConvocationObjectMixin, TemplateView):
    """The progress bar alone (htmx polls it while the emails are being sent)."""

    permission_required = "execution.view_convocation"
    template_name = "execution/_convocation_progress.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(convocation=self.convocation, **kwargs)
