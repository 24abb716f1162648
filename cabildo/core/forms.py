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


class EntityForm(forms.ModelForm):
    MAX_LOGO_BYTES = 1024 * 1024

    website = forms.URLField(
        label=Entity._meta.get_field("website").verbose_name,
        required=False,
        assume_scheme="https",
    )

    class Meta:
        model = Entity
        fields = [
            "name",
            "short_name",
            "nit",
            "kind",
            "divipola_department",
            "divipola_municipality",
            "department_name",
            "municipality_name",
            "logo",
            "address",
            "phone",
            "email",
            "website",
            "office_hours",
            "works_saturdays",
        ]

    def clean_logo(self) -> Any:
        from django.utils.translation import gettext as _

        logo = self.cleaned_data.get("logo")
        if logo and getattr(logo, "size", 0) > self.MAX_LOGO_BYTES:
            raise forms.ValidationError(_("El logo no puede superar 1 MB."))
        return logo


def add_service_errors(form: forms.BaseForm, exc: Any) -> None:
    """Show a service's ``ValidationError`` on the form: each message on its field when the
    form has that field, otherwise among the form's general errors."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)
