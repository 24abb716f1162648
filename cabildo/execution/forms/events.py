"""Event forms: creating and editing an event (``activity_choices``: the activities an official
may pick), cancelling it."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cabildo.accounts.models import Role, User
from cabildo.accounts.selectors import entity_roles
from cabildo.core.forms import form_field, set_choice_labels
from cabildo.core.models import Entity
from cabildo.execution.models import (
    Event,
    OverCapacity,
    event_schedule_errors,
)
from cabildo.execution.services.events import over_capacity_question
from cabildo.execution.services.registrations import (
    confirmed_count,
)
from cabildo.plans import selectors as plan_selectors
from cabildo.plans.models import PlannedActivity

DATETIME_WIDGET = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class EventForm(forms.ModelForm):
    link = forms.URLField(label=_("Enlace de conexión"), required=False, assume_scheme="https")

    class Meta:
        model = Event
        fields = [
            "activity",
            "title",
            "description",
            "starts_at",
            "ends_at",
            "modality",
            "place",
            "address",
            "link",
            "agenda",
            "capacity",
            "registration_opens_at",
            "registration_closes_at",
            "accessibility_notes",
            "is_published",
        ]
        widgets = {
            "starts_at": DATETIME_WIDGET,
            "ends_at": DATETIME_WIDGET,
            "registration_opens_at": DATETIME_WIDGET,
            "registration_closes_at": DATETIME_WIDGET,
            "description": forms.Textarea(attrs={"rows": 3}),
            "agenda": forms.Textarea(attrs={"rows": 4}),
            "accessibility_notes": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args: Any, entity: Entity, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.entity = entity
        # Only the plan version in force, labelled with its year and version; an event being
        # edited keeps its own activity.
        form_field(self, "activity", forms.ModelChoiceField).queryset = activity_choices(
            entity, user, keep=self.instance.activity_id
        )
        set_choice_labels(self, "activity", activity_label)
        # Plain integer: the service explains why 0 or a negative number is not a capacity.
        self.fields["capacity"] = forms.IntegerField(
            label=_("Cupo"),
            required=False,
            help_text=_("Déjelo vacío si no hay límite de cupos."),
        )
        # Lowering the capacity below the confirmed registrations asks what to do with them:
        # the question appears only then (the service refuses the change without an answer).
        self.excess = 0
        if self.is_bound and self.instance.pk:
            try:
                capacity = int(self.data.get(self.add_prefix("capacity"), ""))
            except (TypeError, ValueError):
                capacity = None
            if capacity is not None and capacity != self.instance.capacity:
                self.excess = confirmed_count(self.instance) - capacity
        if self.excess > 0:
            self.fields["over_capacity"] = forms.ChoiceField(
                label=_("Inscripciones confirmadas que exceden el nuevo cupo"),
                choices=OverCapacity.choices,
                widget=forms.RadioSelect,
                error_messages={
                    "required": over_capacity_question(excess=self.excess, capacity=capacity)
                },
            )
            # Asked right below the capacity it follows from.
            order = list(self.fields)
            order.remove("over_capacity")
            order.insert(order.index("capacity") + 1, "over_capacity")
            self.order_fields(order)

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        activity, starts_at = data.get("activity"), data.get("starts_at")
        moved = self.instance.pk is None or (starts_at, getattr(activity, "pk", None)) != (
            self.initial.get("starts_at"),
            self.initial.get("activity"),
        )
        if activity is not None and starts_at is not None and moved:
            for name, messages in event_schedule_errors(activity, starts_at).items():
                for message in messages:
                    self.add_error(name, message)
        return data

    def _post_clean(self) -> None:
        # Model validation runs in the service; keep the form to field cleaning only.
        pass


def activity_choices(entity: Entity, user: User, *, keep: int | None = None) -> Any:
    """Activities an official may pick: those of the plan versions in force (of their own
    areas for a liaison), plus ``keep`` (the activity a row being edited already has)."""
    in_force = plan_selectors.activities_in_force(entity=entity)
    activities = PlannedActivity.objects.for_entity(entity).filter(
        Q(pk__in=in_force.values("pk")) | Q(pk=keep or 0)
    )
    roles = entity_roles(user, entity.pk)
    if not roles.has(Role.ENTITY_ADMIN, Role.PARTICIPATION_LEAD):
        activities = activities.filter(Q(area_id__in=roles.area_ids) | Q(pk=keep or 0))
    return activities.select_related("version__plan").order_by(
        "-version__plan__year", "order", "pk"
    )


activity_label = plan_selectors.activity_choice_label


class CancelEventForm(forms.Form):
    reason = forms.CharField(
        label=_("Motivo de la cancelación"), widget=forms.Textarea(attrs={"rows": 3})
    )
