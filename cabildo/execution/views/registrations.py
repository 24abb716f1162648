"""Registration pages: the public event page and its form, cancellation by link, check-in."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView, TemplateView

from cabildo.core.forms import add_service_errors
from cabildo.core.http import request_entity as _entity
from cabildo.core.mixins import StaffPermissionMixin
from cabildo.core.throttle import ThrottledFormViewMixin
from cabildo.execution.forms.registrations import RegistrationForm
from cabildo.execution.models import Event, Registration, RegistrationChannel, RegistrationStatus
from cabildo.execution.selectors.reports import public_reports
from cabildo.execution.services.registrations import (
    confirmed_count,
    registration_cancel,
    registration_check_in,
    registration_create,
    registration_from_token,
    registration_is_open,
)
from cabildo.execution.views._common import EventObjectMixin, public_event
from cabildo.exercises.embed import CharacterizationFormMixin


def _register(
    form: RegistrationForm, *, event: Event, channel: str, request: HttpRequest
) -> Registration:
    """The registration the form describes, by the staff (from paper, by phone) or the citizen
    (web); the service's ``ValidationError`` goes back to the caller's form."""
    data = form.cleaned_data
    return registration_create(
        event=event,
        name=data["name"],
        email=data["email"],
        phone=data["phone"],
        stakeholder_group=data["stakeholder_group"],
        territory=data["territory"],
        consent_given=data["consent"],
        sensitive_opt_ins=form.opt_ins(),
        age_range=data["age_range"],
        sex=data["sex"],
        ethnicity=data["ethnicity"],
        disability=data["disability"],
        channel=channel,
        request=request,
        **form.minor_consent(),
    )


class CheckInView(StaffPermissionMixin, View):
    """Mark or unmark the attendance of one registration (POST from the registration list)."""

    permission_required = "execution.add_registration"
    model = Registration
    pk_url_kwarg = "pk"

    def get_object(self, queryset: Any = None) -> Registration:
        if not hasattr(self, "_registration"):
            self._registration = get_object_or_404(
                Registration.objects.for_entity(_entity(self.request)).select_related(
                    "event__activity"
                ),
                pk=self.kwargs["pk"],
            )
        return self._registration

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        registration = self.get_object()
        attended = request.POST.get("attended") == "1"
        try:
            registration_check_in(registration=registration, attended=attended)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(
                request,
                _("Asistencia registrada: %(name)s.") % {"name": registration.name}
                if attended
                else _("Asistencia retirada: %(name)s.") % {"name": registration.name},
            )
        return redirect(
            reverse("execution:event_detail", args=[registration.event_id]) + "#inscripciones"
        )


class StaffRegisterView(StaffPermissionMixin, EventObjectMixin, FormView):
    """Registrations copied from paper sheets (or taken by phone) by an official."""

    permission_required = "execution.add_registration"
    template_name = "execution/staff_register.html"
    form_class = RegistrationForm

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs.update(entity=_entity(self.request), staff=True)
        return kwargs

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(event=self.event, **kwargs)

    def form_valid(self, form: RegistrationForm) -> HttpResponse:
        try:
            registration = _register(
                form, event=self.event, channel=form.cleaned_data["channel"], request=self.request
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("Inscripción registrada (%(status)s).")
            % {"status": registration.get_status_display()},
        )
        return redirect("execution:staff_register", pk=self.event.pk)


class PublicEventDetailView(CharacterizationFormMixin, ThrottledFormViewMixin, FormView):
    characterization_exclude = ("age_range", "territory")  # asked by the registration
    model = Event
    template_name = "execution/public_detail.html"
    form_class = RegistrationForm
    throttle_scope = "event_registration"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        self.event = public_event(request, kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs["entity"] = _entity(self.request)
        return kwargs

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        confirmed = confirmed_count(self.event)
        capacity = self.event.capacity
        is_open = registration_is_open(self.event)
        # An event that is over says so (and links its activity's public report), instead of
        # the places left and a calendar link for a date gone by.
        ended = not self.event.is_cancelled and self.event.ends_at <= timezone.now()
        report = (
            public_reports(entity=self.event.entity)
            .filter(activity_id=self.event.activity_id)
            .first()
            if ended
            else None
        )
        return super().get_context_data(
            event=self.event,
            registration_open=is_open,
            confirmed=confirmed,
            places_left=None if capacity is None or not is_open else max(capacity - confirmed, 0),
            ended=ended,
            report=report,
            **kwargs,
        )

    def form_valid(self, form: RegistrationForm) -> HttpResponse:
        if form.is_spam:
            messages.success(self.request, _("Gracias. Su inscripción fue recibida."))
            return redirect("execution:public_detail", pk=self.event.pk)
        try:
            registration = _register(
                form, event=self.event, channel=RegistrationChannel.WEB, request=self.request
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        self.record_characterization(registration=registration)
        if registration.status == RegistrationStatus.WAITLISTED:
            messages.warning(
                self.request,
                _(
                    "El cupo está completo: quedó en la lista de espera. Si se libera un cupo, "
                    "su inscripción se confirmará automáticamente y le avisaremos."
                ),
            )
        else:
            messages.success(
                self.request,
                _(
                    "Su inscripción quedó confirmada. Si dejó un correo, allí recibirá la "
                    "confirmación con el evento para su calendario."
                ),
            )
        return redirect("execution:public_detail", pk=self.event.pk)


class RegistrationCancelView(TemplateView):
    """Cancel a registration from the signed link in the email (no account needed)."""

    template_name = "execution/registration_cancel.html"

    registration: Registration

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        registration = registration_from_token(kwargs["token"])
        if registration is None:
            raise Http404(_("El enlace no es válido."))
        self.registration = registration
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(
            event=self.registration.event,
            cancelled=self.registration.status == RegistrationStatus.CANCELLED,
            **kwargs,
        )

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        registration_cancel(registration=self.registration)
        messages.success(request, _("Su inscripción fue cancelada. Gracias por avisarnos."))
        return redirect(request.path)
