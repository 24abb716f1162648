"""Event pages: staff list, create, edit, detail and cancel; the public list and iCalendar feeds."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView, ListView, TemplateView

from cabildo.audit.models import AccessAction
from cabildo.audit.services import access_record
from cabildo.core.forms import add_service_errors
from cabildo.core.http import request_entity as _entity
from cabildo.core.links import entity_url
from cabildo.core.mixins import PublicPageCacheMixin, StaffPermissionMixin
from cabildo.execution import ical
from cabildo.execution.forms.events import CancelEventForm, EventForm
from cabildo.execution.models import Event, RegistrationStatus
from cabildo.execution.selectors.attendance import (
    attendance_counts,
    attendance_sheets,
    demographic_counts,
)
from cabildo.execution.selectors.events import event_list, public_feed, public_upcoming
from cabildo.execution.selectors.registrations import registration_list
from cabildo.execution.services.events import event_cancel, event_create, event_update
from cabildo.execution.views._common import EventObjectMixin, public_event


class EventListView(StaffPermissionMixin, ListView):
    permission_required = "execution.view_event"
    template_name = "execution/event_list.html"
    context_object_name = "events"

    def get_queryset(self) -> Any:
        return event_list(entity=_entity(self.request))


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
            event = event_create(entity=_entity(self.request), activity=activity, **data)
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
            event_update(event=event, **data)
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
        registrations = list(registration_list(event=event)) if can_see else []
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
            counts=attendance_counts(event=event) if can_see else None,
            demographics=demographic_counts(event=event) if can_see else None,
            sheets=list(attendance_sheets(event=event)) if can_see else [],
            can_upload_sheet=self.request.user.has_perm("execution.add_attendancesheet", event),
        )
        return context


class EventCancelView(StaffPermissionMixin, EventObjectMixin, FormView):
    permission_required = "execution.change_event"
    template_name = "execution/event_cancel.html"
    form_class = CancelEventForm

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(event=self.event, **kwargs)

    def form_valid(self, form: CancelEventForm) -> HttpResponse:
        try:
            event_cancel(event=self.event, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("Evento cancelado."))
        return redirect("execution:event_detail", pk=self.event.pk)


class PublicEventListView(PublicPageCacheMixin, ListView):
    public_cache_params = ("page",)
    template_name = "execution/public_list.html"
    context_object_name = "events"

    def get_queryset(self) -> Any:
        return public_upcoming(entity=_entity(self.request))


def _ics_response(text: str, filename: str) -> HttpResponse:
    response = HttpResponse(text, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


class EventICalView(View):
    model = Event

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        event = public_event(request, pk)
        url = entity_url(event.entity, "execution:public_detail", args=[event.pk])
        text = ical.calendar(
            [event], host=request.get_host(), name=event.title, urls={event.pk: url}
        )
        return _ics_response(text, "evento.ics")


class CalendarICalView(View):
    def get(self, request: HttpRequest) -> HttpResponse:
        entity = _entity(request)
        events = list(public_feed(entity=entity))
        urls = {e.pk: entity_url(entity, "execution:public_detail", args=[e.pk]) for e in events}
        text = ical.calendar(
            events,
            host=request.get_host(),
            name=_("Eventos de %(entity)s") % {"entity": entity.short_name},
            urls=urls,
        )
        return _ics_response(text, "calendario.ics")
