"""Object mixins, lookups and list helpers shared by the execution views."""

from __future__ import annotations

from django.http import HttpRequest
from django.shortcuts import get_object_or_404

from cabildo.core.drf import EntityFilterSet
from cabildo.core.http import request_entity as _entity
from cabildo.core.mixins import EntityObjectMixin
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
