from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from cabildo.core.forms import form_field
from cabildo.core.models import Entity
from cabildo.territories.models import Territory, TerritoryKind
from cabildo.territories.selectors import territory_choices


class TerritoryChoiceField(forms.ModelChoiceField):
    """A territory select in tree order with indented labels (one query)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("queryset", Territory.objects.none())
        kwargs.setdefault("required", False)
        kwargs.setdefault("label", _("Territorio"))
        super().__init__(*args, **kwargs)

    def set_entity(self, entity: Entity, exclude: int | None = None) -> None:
        self.queryset = Territory.objects.for_entity(entity)
        choices = [(pk, label) for pk, label in territory_choices(entity=entity) if pk != exclude]
        self.territory_choices: list[tuple[int, str]] = choices
        self.choices = [("", "---------"), *choices]


class TerritoryForm(forms.Form):
    name = forms.CharField(label=_("Nombre"), max_length=150)
    kind = forms.ChoiceField(label=_("Tipo"), choices=TerritoryKind.choices)
    parent = TerritoryChoiceField(label=_("Territorio superior"))

    def __init__(
        self, *args: Any, entity: Entity, instance: Territory | None = None, **kwargs: Any
    ) -> None:
        if instance is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "name": instance.name,
                "kind": instance.kind,
                "parent": instance.parent_id,
            }
        super().__init__(*args, **kwargs)
        form_field(self, "parent", TerritoryChoiceField).set_entity(
            entity, exclude=instance.pk if instance else None
        )
