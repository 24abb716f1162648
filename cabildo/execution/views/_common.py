"""Object mixins, lookups and base views shared by the execution views."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.views.generic import FormView, ListView

from cabildo.core.drf import EntityFilterSet
from cabildo.core.http import request_entity as _entity
from cabildo.core.mixins import EntityObjectMixin, StaffPermissionMixin
from cabildo.execution.models import Event
from cabildo.plans.models import PlannedActivity


class EventObjectMixin(EntityObjectMixin):
    """``pk`` is an :class:`Event` of the request's entity (404 otherwise)."""

    object_model = Event
    object_select_related = ("activity", "activity__area")

    @property
    def event(self) -> Event:
        return self.get_object()


def public_event(request: HttpRequest, pk: int) -> Event:
    return get_object_or_404(
        Event.objects.for_entity(_entity(request)).public().select_related("activity"), pk=pk
    )


class ActivityObjectMixin(EntityObjectMixin):
    object_model = PlannedActivity
    object_select_related = ("area", "version__plan")

    @property
    def activity(self) -> PlannedActivity:
        return self.get_object()


def filter_errors(filterset: EntityFilterSet) -> list[str]:
    """The bad values of a list's filters, each named by its filter (shown above the list, whose
    filter is then left out)."""
    form = filterset.form
    return [
        f"{form.fields[name].label}: {error}"
        for name, errors in form.errors.items()
        for error in errors
    ]


class EventRecordListView(StaffPermissionMixin, ListView):
    """A list of what is recorded at events (contributions, commitments): the entity's, or one
    event's (``OneEventMixin``), filtered by the API's FilterSet.

    The page keeps its Spanish parameter: ``filter_param`` is ``(page parameter, FilterSet
    field)``, e.g. ``("sin_analizar", "unanalysed")``; the template gets the field's value under
    the field's name. A bad value filters nothing and is named above the list. ``can_add``: the
    event's page offers to record one when the user holds ``add_permission`` on it."""

    filterset_class: type[EntityFilterSet]
    filter_param: tuple[str, str]
    add_permission: str

    def list_event(self) -> Event | None:
        return None

    def records(self, event: Event | None) -> QuerySet[Any]:
        """The rows before the filter (the entity's, or the event's)."""
        raise NotImplementedError

    def get_queryset(self) -> QuerySet[Any]:
        param, field = self.filter_param
        self.filterset = self.filterset_class(
            {field: self.request.GET.get(param, "")},
            queryset=self.records(self.list_event()),
            request=self.request,
        )
        return self.filterset.qs

    def can_add(self, event: Event) -> bool:
        return bool(self.request.user.has_perm(self.add_permission, event))

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        event = self.list_event()
        context = super().get_context_data(
            event=event,
            filter_errors=filter_errors(self.filterset),
            can_add=event is not None and self.can_add(event),
            **kwargs,
        )
        field = self.filter_param[1]
        context[field] = bool(self.filterset.form.cleaned_data.get(field))
        return context


class OneEventMixin(EventObjectMixin):
    """An ``EventRecordListView`` of the event in the URL (``pk``) instead of the entity."""

    model: Any = Event

    def list_event(self) -> Event | None:
        return self.event


class EventFormView(StaffPermissionMixin, EventObjectMixin, FormView):
    """A staff form that records something at the event in the URL (``pk``): the form is given
    the request's entity, the page the event."""

    model = Event

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs["entity"] = _entity(self.request)
        return kwargs

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(event=self.event, **kwargs)
