"""Forms of the privacy module, and the minor/guardian fields other public forms add."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from cabildo.core.forms import form_field
from cabildo.privacy.selectors import Criteria
from cabildo.privacy.services import Changes

MINOR_FIELDS = ("is_minor", "guardian_name", "guardian_consent")


class MinorConsentMixin:
    """Adds "¿es menor de edad?" with the legal representative's name and authorization
    (Ley 1581 art. 7). A minor's data are accepted only with both.

    A form that already asks the age range sets ``minor_age`` to (its field, the minors'
    value): "menor de edad" is then that answer (never asked twice), and the guardian's
    fields follow the age range, shown only when it is a minor's."""

    fields: dict[str, forms.Field]
    cleaned_data: dict[str, Any]
    minor_age: tuple[str, str] | None = None

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        from cabildo.privacy.services import guardian_consent_text

        super().__init__(*args, **kwargs)
        if self.minor_age is None:
            self.fields["is_minor"] = forms.BooleanField(
                label=_("¿La persona titular de los datos es menor de edad?"), required=False
            )
        self.fields["guardian_name"] = forms.CharField(
            label=_("Nombre del padre, la madre o el representante legal"),
            max_length=200,
            required=False,
        )
        self.fields["guardian_consent"] = forms.BooleanField(
            label=guardian_consent_text(), required=False
        )
        # The guardian's fields are shown only when the person is a minor (core/js/cabildo.js;
        # without JavaScript they stay visible). The server checks them either way.
        guardian = ("guardian_name", "guardian_consent")
        if self.minor_age is None:
            control, values, after = "is_minor", "", None
        else:
            control, values = self.minor_age
            after = control
            self.fields["guardian_name"].help_text = _("Solo si la persona es menor de 18 años.")
        for name in guardian:
            attrs = self.fields[name].widget.attrs
            # mypy: a mixin for forms: the form class it is mixed into has add_prefix.
            attrs["data-show-if"] = self.add_prefix(control)  # type: ignore[attr-defined]
            if values:
                attrs["data-show-values"] = values
        names = [n for n in self.fields if n not in MINOR_FIELDS]
        if after is not None:  # right after the age range
            at = names.index(after) + 1
            self.fields = {n: self.fields[n] for n in [*names[:at], *guardian, *names[at:]]}
        elif "consent" in self.fields:  # right before the authorization box
            at = names.index("consent")
            order = [*names[:at], *MINOR_FIELDS, *names[at:]]
            self.fields = {name: self.fields[name] for name in order}

    def clean(self) -> dict[str, Any]:
        # mypy: a mixin for forms: the form class it is mixed into has clean.
        data = super().clean()  # type: ignore[misc]
        if self.minor_age is not None:
            field, value = self.minor_age
            data["is_minor"] = data.get(field) == value
        if data.get("is_minor"):
            if not (data.get("guardian_name") or "").strip():
                # mypy: a mixin for forms: the form class it is mixed into has add_error.
                self.add_error(  # type: ignore[attr-defined]
                    "guardian_name",
                    _("Para un menor de edad, escriba el nombre de su representante legal."),
                )
            if not data.get("guardian_consent"):
                self.add_error(  # type: ignore[attr-defined]
                    "guardian_consent",
                    _("El representante legal del menor debe autorizar el tratamiento de datos."),
                )
        else:
            data["guardian_name"] = ""
        return data

    def minor_consent(self) -> dict[str, Any]:
        """Keyword arguments for ``consent_record``."""
        data = self.cleaned_data
        return {
            "subject_is_minor": bool(data.get("is_minor")),
            "guardian_name": data.get("guardian_name", "") if data.get("is_minor") else "",
        }


class PolicyForm(forms.Form):
    version = forms.CharField(label=_("Versión"), max_length=20, help_text=_("P. ej. 2027.1"))
    title = forms.CharField(
        label=_("Título"),
        max_length=200,
        initial=_("Política de tratamiento de datos personales"),
    )
    effective_date = forms.DateField(
        label=_("Vigente desde"), widget=forms.DateInput(attrs={"type": "date"})
    )
    text = forms.CharField(
        label=_("Texto de la política"),
        max_length=60000,
        widget=forms.Textarea(attrs={"rows": 16}),
        help_text=_(
            "Responsable, finalidades, derechos del titular, canales y procedimiento para "
            "consultas y reclamos (Decreto 1377 de 2013, art. 13)."
        ),
    )


class SubjectSearchForm(forms.Form):
    email = forms.EmailField(label=_("Correo electrónico"), required=False)
    phone = forms.CharField(label=_("Teléfono"), max_length=40, required=False)
    document = forms.CharField(label=_("Número de documento"), max_length=30, required=False)
    name = forms.CharField(
        label=_("Nombre completo (exacto)"),
        max_length=200,
        required=False,
        help_text=_("Revise los resultados: puede haber personas con el mismo nombre."),
    )

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if not any((data.get(n) or "").strip() for n in ("email", "phone", "document", "name")):
            raise forms.ValidationError(
                _("Indique al menos un dato del titular: correo, teléfono, documento o nombre.")
            )
        return data

    def criteria(self) -> Criteria:
        data = self.cleaned_data
        return Criteria(
            email=data.get("email") or "",
            phone=data.get("phone") or "",
            document=data.get("document") or "",
            name=data.get("name") or "",
        ).cleaned()


class SubjectActionForm(SubjectSearchForm):
    """The search criteria again (hidden), the rows staff selected and the request number."""

    rows = forms.MultipleChoiceField(label=_("Registros"), required=False)
    reference = forms.CharField(
        label=_("Radicado de la solicitud del titular"),
        max_length=40,
        required=False,
        help_text=_("El número de la PQRSD de habeas data que se atiende."),
    )

    def __init__(self, *args: Any, row_choices: list[str] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        form_field(self, "rows", forms.ChoiceField).choices = [
            (key, key) for key in row_choices or []
        ]

    def clean_rows(self) -> list[str]:
        rows = self.cleaned_data.get("rows") or []
        if not rows:
            raise forms.ValidationError(_("Seleccione al menos un registro."))
        return rows


class ExportForm(SubjectActionForm):
    fmt = forms.ChoiceField(
        label=_("Formato"), choices=[("json", "JSON"), ("xlsx", _("Excel (XLSX)"))]
    )


class RectifyForm(SubjectActionForm):
    new_name = forms.CharField(label=_("Nombre corregido"), max_length=200, required=False)
    new_email = forms.EmailField(label=_("Correo corregido"), required=False)
    new_phone = forms.CharField(label=_("Teléfono corregido"), max_length=40, required=False)

    def changes(self) -> Changes:
        data = self.cleaned_data
        return Changes(
            name=data.get("new_name") or "",
            email=data.get("new_email") or "",
            phone=data.get("new_phone") or "",
        )


class AnonymizeForm(SubjectActionForm):
    confirm = forms.BooleanField(
        label=_(
            "Confirmo que la supresión procede: los datos que identifican al titular se "
            "borrarán de los registros seleccionados y de su historial, sin posibilidad de "
            "recuperarlos."
        ),
        required=True,
    )
