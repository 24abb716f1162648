from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy

from cabildo.core.models import Area, Entity

HONEYPOT_FIELD = "website"
PUBLIC_TEXT_MAX_LENGTH = 5000
STAFF_TEXT_MAX_LENGTH = 20000  # a long staff text (a plan's description) is a few pages


_F = TypeVar("_F", bound=forms.Field)


def form_field(form: forms.BaseForm, name: str, kind: type[_F]) -> _F:
    """The form's field ``name``, checked to be a ``kind`` (``forms.ModelChoiceField`` to restrict
    its queryset to the entity, ``forms.ChoiceField`` to set its choices…): typed for mypy, and a
    field renamed or replaced by another kind fails loudly here instead of being set in vain."""
    field = form.fields[name]
    if not isinstance(field, kind):
        raise TypeError(f"{type(form).__name__}.{name} is a {type(field).__name__}, not a {kind}")
    return field


def set_choice_labels(form: forms.BaseForm, name: str, label: Callable[[Any], str]) -> None:
    """How the model choice field ``name`` labels each row (instead of the row's ``str()``)."""
    field = form_field(form, name, forms.ModelChoiceField)
    # Django's documented per-instance override; the stubs declare a method.
    field.label_from_instance = label  # type: ignore[method-assign, assignment]


class HoneypotInput(forms.TextInput):
    """A text input rendered among the hidden fields and moved off-screen by CSS
    (``.hp-field``); people never see or reach it, bots fill it."""

    is_hidden = True

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(
            attrs={
                "class": "hp-field",
                "tabindex": "-1",
                "autocomplete": "off",
                "aria-label": gettext_lazy("Deje este campo vacío"),
                **(attrs or {}),
            }
        )


class TextLimitMixin:
    """A maximum length on every text field declared without one (a TextField of the model):
    validated on the server with a clear message ("Asegúrese de que este valor tenga a lo sumo
    20000 caracteres (tiene 550000).") and announced to the browser with ``maxlength``."""

    text_max_length = STAFF_TEXT_MAX_LENGTH
    fields: dict[str, forms.Field]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, forms.CharField) and field.max_length is None:
                field.max_length = self.text_max_length
                field.validators.append(MaxLengthValidator(self.text_max_length))
                field.widget.attrs.setdefault("maxlength", str(self.text_max_length))


class PublicFormMixin(TextLimitMixin):
    """For forms anyone can send: a honeypot field and a maximum length on every text field.

    Text fields declared without ``max_length`` get ``text_max_length`` (validated on the
    server and announced to the browser with ``maxlength``). ``is_spam`` is true when the
    honeypot was filled: the view then refuses silently and stores nothing.
    """

    text_max_length = PUBLIC_TEXT_MAX_LENGTH
    data: Any

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields[HONEYPOT_FIELD] = forms.CharField(
            label=gettext_lazy("Deje este campo vacío"),
            required=False,
            max_length=200,
            widget=HoneypotInput(),
        )

    @property
    def is_spam(self) -> bool:
        return bool(self.data.get(HONEYPOT_FIELD))


class AreaForm(forms.ModelForm):
    class Meta:
        model = Area
        fields = ["name", "acronym", "kind", "parent", "is_active"]

    def __init__(self, *args: Any, entity: Entity, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        parents = Area.objects.for_entity(entity)
        if self.instance.pk:
            parents = parents.exclude(pk=self.instance.pk)
        form_field(self, "parent", forms.ModelChoiceField).queryset = parents
        self.instance.entity = entity
        self.entity = entity

    def clean_name(self) -> str:
        # The product's words, not Django's "Dependencia con este Entidad y Nombre ya existe".
        name = self.cleaned_data["name"]
        others = Area.objects.for_entity(self.entity).filter(name=name)
        if self.instance.pk:
            others = others.exclude(pk=self.instance.pk)
        if others.exists():
            raise forms.ValidationError(
                gettext_lazy("Ya hay una dependencia con ese nombre en la entidad.")
            )
        return name


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

        from cabildo.core import uploads

        logo = self.cleaned_data.get("logo")
        if not logo or getattr(logo, "_committed", False):
            return logo  # empty, cleared or the file already stored
        if getattr(logo, "size", 0) > self.MAX_LOGO_BYTES:
            raise forms.ValidationError(_("El logo no puede superar 1 MB."))
        content_type = uploads.detect_content_type(logo)
        if content_type not in (uploads.PNG, uploads.JPEG):
            raise forms.ValidationError(_("El logo debe ser una imagen PNG o JPEG."))
        uploads.virus_scan(logo)
        logo.name = uploads.generated_name(content_type)
        return logo


def add_service_errors(form: forms.BaseForm, exc: Any) -> None:
    """Show a service's ``ValidationError`` on the form: each message on its field when the
    form has that field, otherwise among the form's general errors; each problem once."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, one_message_each(errors))
    else:
        form.add_error(None, list(dict.fromkeys(exc.messages)))


def one_message_each(errors: list[ValidationError]) -> list[str]:
    """A field's messages without repeats. When the product explains the problem in its own
    words (a message without a code, from a model's ``clean`` or a service), Django's generic
    validator message for the same field ("Asegúrese de que este valor es mayor o igual a
    1.", a constraint's name…) is dropped: the person reads one clear sentence, not two."""
    own = [e for e in errors if getattr(e, "code", None) is None]
    kept = own or errors
    return list(dict.fromkeys(message for error in kept for message in error.messages))
