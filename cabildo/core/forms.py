from __future__ import annotations

from typing import Any

from django import forms

from cabildo.core.models import Area, Entity


class AreaForm(forms.ModelForm):
    class Meta:
        model = Area
        fields = ["name", "acronym", "kind", "parent", "is_active"]

    def __init__(self, *args: Any, entity: Entity, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        parents = Area.objects.for_entity(entity)
        if self.instance.pk:
            parents = parents.exclude(pk=self.instance.pk)
        self.fields["parent"].queryset = parents
        self.instance.entity = entity
