from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView, ListView, TemplateView

from cabildo.audit.models import AccessAction
from cabildo.audit.services import access_record
from cabildo.core import uploads
from cabildo.core.forms import add_service_errors
from cabildo.core.http import request_entity as _entity
from cabildo.core.links import entity_url
from cabildo.core.mixins import (
    EntityFormViewBase,
    EntityObjectMixin,
    PublicPageCacheMixin,
    StaffPermissionMixin,
)
from cabildo.core.throttle import ThrottledFormViewMixin
from cabildo.execution import ical, selectors, services
from cabildo.execution.forms import (
    ActivityCancelForm,
    AttendanceSheetForm,
    CancelEventForm,
    CommitmentForm,
    ContributionAnalysisForm,
    ContributionForm,
    ConvocationForm,
    EventForm,
    RegistrationForm,
    ReportForm,
    ReportReviewForm,
)
from cabildo.execution.models import (
    ActivityReport,
    AttendanceSheet,
    Commitment,
    Contribution,
    Convocation,
    ConvocationStatus,
    Event,
    Registration,
    RegistrationChannel,
    RegistrationStatus,
    ReportStatus,
)
from cabildo.execution.pdf import report_pdf
from cabildo.exercises.embed import CharacterizationFormMixin
from cabildo.plans import selectors as plan_selectors
from cabildo.plans.models import PlannedActivity


class EventObjectMixin(EntityObjectMixin):
    """``pk`` is an :class:`Event` of the request's entity (404 otherwise)."""

    object_model = Event
    object_select_related = ("activity", "activity__area")

    @property
    def event(self) -> Event:
        return self.get_object()


# Staff ----------------------------------------------------------------------------------------


class EventListView(StaffPermissionMixin, ListView):
    permission_required = "execution.view_event"
    template_name = "execution/event_list.html"
    context_object_name = "events"

    def get_queryset(self) -> Any:
        return selectors.event_list(entity=_entity(self.request))


class EventCreateView(StaffPermissionMixin, FormView):
    permission_required = "execution.add_event"
    template_name = "execution/event_form.html"
    form_class = EventForm

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs.update(entity=_entity(self.request), user=self.request.user)
        return kwargs

    def form_valid(self, form: EventForm) -> HttpResponse:
        data = dict(form.cleaned_data)
        activity = data.pop("activity")
        if not self.request.user.has_perm(
            "execution.change_event", Event(entity=_entity(self.request), activity=activity)
        ):
            form.add_error("activity", _("No puede crear eventos de actividades de otra área."))
            return self.form_invalid(form)
        try:
            event = services.event_create(entity=_entity(self.request), activity=activity, **data)
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("Evento creado."))
        return redirect("execution:event_detail", pk=event.pk)


class EventUpdateView(StaffPermissionMixin, EventObjectMixin, FormView):
    permission_required = "execution.change_event"
    template_name = "execution/event_form.html"
    form_class = EventForm

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs.update(entity=_entity(self.request), user=self.request.user, instance=self.event)
        return kwargs

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(event=self.event, **kwargs)

    def form_valid(self, form: EventForm) -> HttpResponse:
        event = Event.objects.get(pk=self.event.pk)  # fresh copy: the form mutated nothing
        data = dict(form.cleaned_data)
        if not self.request.user.has_perm(
            "execution.change_event", Event(entity=event.entity, activity=data["activity"])
        ):
            form.add_error("activity", _("No puede mover el evento a una actividad de otra área."))
            return self.form_invalid(form)
        try:
            services.event_update(event=event, **data)
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("Evento actualizado."))
        return redirect("execution:event_detail", pk=event.pk)


class EventDetailView(StaffPermissionMixin, EventObjectMixin, TemplateView):
    permission_required = "execution.view_event"
    template_name = "execution/event_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        event = self.event
        can_see = self.request.user.has_perm("execution.view_registration", event)
        registrations = list(selectors.registration_list(event=event)) if can_see else []
        if registrations:
            # The list shows each registrant's name, email and phone: the read is logged.
            access_record(
                request=self.request,
                action=AccessAction.PERSONAL_DATA_VIEW,
                target=event,
                detail=f"{event} · lista de inscritos ({len(registrations)})",
            )
        context.update(
            event=event,
            can_see_registrations=can_see,
            registrations=registrations,
            confirmed=sum(r.status == RegistrationStatus.CONFIRMED for r in registrations),
            waitlisted=sum(r.status == RegistrationStatus.WAITLISTED for r in registrations),
            can_change=self.request.user.has_perm("execution.change_event", event),
            can_check_in=self.request.user.has_perm("execution.add_registration", event),
            attended=sum(r.attended for r in registrations),
            counts=selectors.attendance_counts(event=event) if can_see else None,
            demographics=selectors.demographic_counts(event=event) if can_see else None,
            sheets=list(selectors.attendance_sheets(event=event)) if can_see else [],
            can_upload_sheet=self.request.user.has_perm("execution.add_attendancesheet", event),
        )
        return context


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
            services.registration_check_in(registration=registration, attended=attended)
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


class EventCancelView(StaffPermissionMixin, EventObjectMixin, FormView):
    permission_required = "execution.change_event"
    template_name = "execution/event_cancel.html"
    form_class = CancelEventForm

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(event=self.event, **kwargs)

    def form_valid(self, form: CancelEventForm) -> HttpResponse:
        try:
            services.event_cancel(event=self.event, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("Evento cancelado."))
        return redirect("execution:event_detail", pk=self.event.pk)


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
        data = form.cleaned_data
        try:
            registration = services.registration_create(
                event=self.event,
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
                channel=data["channel"],
                request=self.request,
                **form.minor_consent(),
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


# Public ---------------------------------------------------------------------------------------


def _public_event(request: HttpRequest, pk: int) -> Event:
    return get_object_or_404(
        Event.objects.for_entity(_entity(request)).public().select_related("activity"), pk=pk
    )


class PublicEventListView(PublicPageCacheMixin, ListView):
    public_cache_params = ("page",)
    template_name = "execution/public_list.html"
    context_object_name = "events"

    def get_queryset(self) -> Any:
        return selectors.public_upcoming(entity=_entity(self.request))


class PublicEventDetailView(CharacterizationFormMixin, ThrottledFormViewMixin, FormView):
    characterization_exclude = ("age_range", "territory")  # asked by the registration
    model = Event
    template_name = "execution/public_detail.html"
    form_class = RegistrationForm
    throttle_scope = "event_registration"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        self.event = _public_event(request, kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs["entity"] = _entity(self.request)
        return kwargs

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        confirmed = services.confirmed_count(self.event)
        capacity = self.event.capacity
        return super().get_context_data(
            event=self.event,
            registration_open=services.registration_is_open(self.event),
            confirmed=confirmed,
            places_left=None if capacity is None else max(capacity - confirmed, 0),
            **kwargs,
        )

    def form_valid(self, form: RegistrationForm) -> HttpResponse:
        if form.is_spam:
            messages.success(self.request, _("Gracias. Su inscripción fue recibida."))
            return redirect("execution:public_detail", pk=self.event.pk)
        data = form.cleaned_data
        try:
            registration = services.registration_create(
                event=self.event,
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
                channel=RegistrationChannel.WEB,
                request=self.request,
                **form.minor_consent(),
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


def _ics_response(text: str, filename: str) -> HttpResponse:
    response = HttpResponse(text, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


class EventICalView(View):
    model = Event

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        event = _public_event(request, pk)
        url = entity_url(event.entity, "execution:public_detail", args=[event.pk])
        text = ical.calendar(
            [event], host=request.get_host(), name=event.title, urls={event.pk: url}
        )
        return _ics_response(text, "evento.ics")


class CalendarICalView(View):
    def get(self, request: HttpRequest) -> HttpResponse:
        entity = _entity(request)
        events = list(selectors.public_feed(entity=entity))
        urls = {e.pk: entity_url(entity, "execution:public_detail", args=[e.pk]) for e in events}
        text = ical.calendar(
            events,
            host=request.get_host(),
            name=_("Eventos de %(entity)s") % {"entity": entity.short_name},
            urls=urls,
        )
        return _ics_response(text, "calendario.ics")


class RegistrationCancelView(TemplateView):
    """Cancel a registration from the signed link in the email (no account needed)."""

    template_name = "execution/registration_cancel.html"

    registration: Registration

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        registration = services.registration_from_token(kwargs["token"])
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
        services.registration_cancel(registration=self.registration)
        messages.success(request, _("Su inscripción fue cancelada. Gracias por avisarnos."))
        return redirect(request.path)


# Contributions --------------------------------------------------------------------------------


class ContributionListView(StaffPermissionMixin, ListView):
    """Contributions of the entity, or of one event; ``?sin_analizar=1`` keeps the pending ones."""

    permission_required = "execution.view_contribution"
    template_name = "execution/contribution_list.html"
    context_object_name = "contributions"

    def list_event(self) -> Event | None:
        return None

    def get_queryset(self) -> Any:
        return selectors.contribution_list(
            entity=_entity(self.request),
            event=self.list_event(),
            unanalysed=self.request.GET.get("sin_analizar") == "1",
            year=self.year(),
        )

    def year(self) -> int | None:
        """``?anio=2026``: the contributions of events held that year (the dashboard's link)."""
        return plan_selectors.year_from_query(self.request.GET.get("anio"))

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        event = self.list_event()
        return super().get_context_data(
            event=event,
            year=self.year(),
            unanalysed=self.request.GET.get("sin_analizar") == "1",
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
            services.contribution_record(event=self.event, **form.cleaned_data)
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
            services.contribution_analyse(
                contribution=contribution, user=self.request.user, **form.cleaned_data
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("Análisis del aporte guardado."))
        return redirect("execution:event_contributions", pk=contribution.event_id)


# Commitments ----------------------------------------------------------------------------------


class CommitmentListView(StaffPermissionMixin, ListView):
    """Agreements and commitments of the entity, or of one event; ``?vencidos=1`` keeps the
    overdue ones."""

    permission_required = "execution.view_commitment"
    template_name = "execution/commitment_list.html"
    context_object_name = "commitments"

    def list_event(self) -> Event | None:
        return None

    def get_queryset(self) -> Any:
        return selectors.commitment_list(
            entity=_entity(self.request),
            event=self.list_event(),
            overdue=self.request.GET.get("vencidos") == "1",
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        event = self.list_event()
        return super().get_context_data(
            event=event,
            overdue=self.request.GET.get("vencidos") == "1",
            can_add=event is not None
            and self.request.user.has_perm("execution.add_commitment", event),
            **kwargs,
        )


class EventCommitmentListView(EventObjectMixin, CommitmentListView):
    model = Event

    def list_event(self) -> Event | None:
        return self.get_object()


class CommitmentCreateView(StaffPermissionMixin, EventObjectMixin, FormView):
    permission_required = "execution.add_commitment"
    template_name = "execution/commitment_form.html"
    form_class = CommitmentForm
    model = Event

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs["entity"] = _entity(self.request)
        return kwargs

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(event=self.event, **kwargs)

    def form_valid(self, form: CommitmentForm) -> HttpResponse:
        data = dict(form.cleaned_data)
        note = data.pop("note")
        try:
            services.commitment_create(event=self.event, user=self.request.user, note=note, **data)
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
            services.commitment_update(
                commitment=commitment, user=self.request.user, note=note, **data
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("Acuerdo o compromiso actualizado."))
        return redirect("execution:event_commitments", pk=commitment.event_id)


# Attendance sheets ----------------------------------------------------------------------------


class AttendanceSheetUploadView(StaffPermissionMixin, EventObjectMixin, FormView):
    permission_required = "execution.add_attendancesheet"
    template_name = "execution/attendance_sheet_form.html"
    form_class = AttendanceSheetForm

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(
            event=self.event, max_mb=round(services.sheet_max_bytes() / (1024 * 1024), 1), **kwargs
        )

    def form_valid(self, form: AttendanceSheetForm) -> HttpResponse:
        try:
            services.attendance_sheet_upload(
                event=self.event,
                upload=form.cleaned_data["file"],
                description=form.cleaned_data["description"],
                user=self.request.user,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("Planilla de asistencia cargada."))
        return redirect(reverse("execution:event_detail", args=[self.event.pk]) + "#planillas")


class AttendanceSheetDownloadView(StaffPermissionMixin, EntityObjectMixin, View):
    """The scanned sheet, for staff who may see the registrations (it holds personal data);
    every download is written to the access log."""

    permission_required = "execution.view_attendancesheet"
    object_model = AttendanceSheet
    object_select_related = ("event__activity",)

    def get(self, request: HttpRequest, pk: int) -> HttpResponseBase:
        sheet = self.get_object()
        extension = sheet.file.name.rsplit(".", 1)[-1]
        access_record(
            request=request,
            action=AccessAction.ATTACHMENT_DOWNLOAD,
            target=sheet,
            detail=f"{sheet.event} · planilla {sheet.pk}",
        )
        return uploads.file_response(
            sheet.file,
            filename=f"planilla-{sheet.pk}.{extension}",
            content_type=sheet.content_type,
        )


# Cancellation of planned activities ------------------------------------------------------------


class ActivityObjectMixin(EntityObjectMixin):
    object_model = PlannedActivity
    object_select_related = ("area", "version__plan")

    @property
    def activity(self) -> PlannedActivity:
        return self.get_object()


class ActivityCancelView(StaffPermissionMixin, ActivityObjectMixin, FormView):
    permission_required = "execution.cancel_activity"
    template_name = "execution/activity_cancel.html"
    form_class = ActivityCancelForm

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(activity=self.activity, **kwargs)

    def form_valid(self, form: ActivityCancelForm) -> HttpResponse:
        try:
            services.activity_cancel(
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
            services.activity_cancellation_undo(activity=self.activity)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Se deshizo la cancelación de la actividad."))
        return redirect("plans:cronograma", pk=self.activity.version_id)


# Convocations ---------------------------------------------------------------------------------


class ConvocationListView(StaffPermissionMixin, ListView):
    permission_required = "execution.view_convocation"
    template_name = "execution/convocation_list.html"
    context_object_name = "convocations"

    def get_queryset(self) -> Any:
        return selectors.convocation_list(entity=_entity(self.request))

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
            convocation = services.convocation_save(
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
                len(selectors.convocation_recipients(convocation=c))
                if can_change and c.status == ConvocationStatus.DRAFT
                else None
            ),
            **kwargs,
        )


class ConvocationSendView(StaffPermissionMixin, ConvocationObjectMixin, View):
    permission_required = "execution.change_convocation"

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        try:
            convocation = services.convocation_send(convocation=self.convocation)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            if convocation.status == ConvocationStatus.SENDING:
                messages.success(
                    request,
                    _("Convocatoria en envío a %(n)s correos.")
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


# The standard internal report -----------------------------------------------------------------

REPORT_SELECT_RELATED = ("activity", "activity__area", "activity__version__plan", "submitted_by")


class ReportObjectMixin(EntityObjectMixin):
    object_model = ActivityReport
    object_select_related = REPORT_SELECT_RELATED

    @property
    def report(self) -> ActivityReport:
        return self.get_object()


class ReportListView(StaffPermissionMixin, ListView):
    """Reports of the entity; ``?estado=<status>`` keeps one status."""

    permission_required = "execution.view_report"
    template_name = "execution/report_list.html"
    context_object_name = "reports"

    def status(self) -> str:
        value = self.request.GET.get("estado", "")
        return value if value in ReportStatus.values else ""

    def year(self) -> int | None:
        """``?anio=2026``: the reports of that year's plan (the dashboard's link)."""
        return plan_selectors.year_from_query(self.request.GET.get("anio"))

    def get_queryset(self) -> Any:
        return selectors.report_list(
            entity=_entity(self.request), status=self.status(), year=self.year()
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(
            status=self.status(), statuses=ReportStatus.choices, year=self.year(), **kwargs
        )


class ReportStartView(StaffPermissionMixin, ActivityObjectMixin, View):
    """Open the report of an activity (created with its activities pre-filled)."""

    permission_required = "execution.add_report"

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        try:
            report = services.report_start(activity=self.activity)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect("plans:cronograma", pk=self.activity.version_id)
        return redirect("execution:report_detail", pk=report.pk)


class ReportDetailView(StaffPermissionMixin, ReportObjectMixin, TemplateView):
    permission_required = "execution.view_report"
    template_name = "execution/report_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        report = self.report
        user = self.request.user
        editable = report.status in services.EDITABLE_REPORT_STATUSES
        return super().get_context_data(
            report=report,
            figures=selectors.report_view_figures(report),
            editable=editable,
            can_change=editable and user.has_perm("execution.change_report", report),
            can_review=report.status == ReportStatus.SUBMITTED
            and user.has_perm("execution.review_report", report),
            review_form=ReportReviewForm(),
            **kwargs,
        )


class ReportUpdateView(StaffPermissionMixin, ReportObjectMixin, FormView):
    """Write the narrative; "Guardar y enviar" also sends it to planning."""

    permission_required = "execution.change_report"
    template_name = "execution/report_form.html"
    form_class = ReportForm

    def get_initial(self) -> dict[str, Any]:
        r = self.report
        return {
            "activities_done": r.activities_done,
            "results": r.results,
            "lessons_learned": r.lessons_learned,
        }

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(
            report=self.report, figures=selectors.report_view_figures(self.report), **kwargs
        )

    def form_valid(self, form: ReportForm) -> HttpResponse:
        try:
            with transaction.atomic():  # a refused submission keeps the previous text
                report = services.report_update(report=self.report, **form.cleaned_data)
                if "enviar" in self.request.POST:
                    services.report_submit(report=report, user=self.request.user)
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        if "enviar" in self.request.POST:
            messages.success(self.request, _("Reporte enviado a la oficina de planeación."))
        else:
            messages.success(self.request, _("Reporte guardado."))
        return redirect("execution:report_detail", pk=report.pk)


class ReportReviewView(StaffPermissionMixin, ReportObjectMixin, FormView):
    permission_required = "execution.review_report"
    template_name = "execution/report_review.html"
    form_class = ReportReviewForm

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(report=self.report, **kwargs)

    def form_valid(self, form: ReportReviewForm) -> HttpResponse:
        data = form.cleaned_data
        service = (
            services.report_accept
            if data["decision"] == ReportReviewForm.ACCEPT
            else services.report_return
        )
        try:
            report = service(
                report=self.report,
                user=self.request.user,
                notes=data["notes"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("Reporte aceptado: ya es público.")
            if report.status == ReportStatus.ACCEPTED
            else _("Reporte devuelto con observaciones."),
        )
        return redirect("execution:report_detail", pk=report.pk)


# Public reports -------------------------------------------------------------------------------


def _public_report(request: HttpRequest, pk: int) -> ActivityReport:
    return get_object_or_404(
        selectors.public_reports(entity=_entity(request)).select_related("entity"), pk=pk
    )


class PublicReportListView(PublicPageCacheMixin, ListView):
    public_cache_params = ("page",)
    template_name = "execution/public_report_list.html"
    context_object_name = "reports"

    def get_queryset(self) -> Any:
        return selectors.public_reports(entity=_entity(self.request))


class PublicReportDetailView(PublicPageCacheMixin, TemplateView):
    public_cache_params = ()
    model = ActivityReport
    template_name = "execution/public_report_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        report = _public_report(self.request, kwargs["pk"])
        return super().get_context_data(report=report, figures=report.figures, **kwargs)


class PublicReportPDFView(View):
    model = ActivityReport

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        report = _public_report(request, pk)
        response = HttpResponse(report_pdf(report=report), content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="reporte-actividad-{pk}.pdf"'
        return response
