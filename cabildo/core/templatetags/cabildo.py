"""Template helpers shared by every app."""

from __future__ import annotations

from typing import Any

from django import template
from django.conf import settings
from django.forms import BoundField
from django.utils.safestring import SafeString
from django.utils.translation import get_language, get_language_info
from django.utils.translation import gettext_lazy as _

register = template.Library()

CHECK_INPUTS = {"checkbox", "radio"}


@register.simple_tag
def render_widget(field: BoundField) -> SafeString:
    """Render a field's widget with Bootstrap classes and ARIA links to its help and errors."""
    widget = field.field.widget
    input_type = getattr(widget, "input_type", None)
    css = widget.attrs.get("class", "")
    if input_type in CHECK_INPUTS and not getattr(widget, "allow_multiple_selected", False):
        extra = "form-check-input"
    elif widget.__class__.__name__ in {"Select", "SelectMultiple", "NullBooleanSelect"}:
        extra = "form-select"
    elif input_type in CHECK_INPUTS:
        extra = ""
    else:
        extra = "form-control"
    attrs: dict[str, Any] = {}
    if extra and extra not in css:
        attrs["class"] = f"{css} {extra}".strip()
    described = []
    if field.help_text:
        described.append(f"{field.id_for_label}_help")
    if field.errors:
        described.append(f"{field.id_for_label}_error")
        attrs["aria-invalid"] = "true"
        attrs["class"] = f"{attrs.get('class', css)} is-invalid".strip()
    if described:
        attrs["aria-describedby"] = " ".join(described)
    return field.as_widget(attrs=attrs)


@register.simple_tag
def form_sections(form: Any) -> list[tuple[Any, list[BoundField]]]:
    """The form's visible fields in order, as (legend, fields) sections: the fields a form
    groups in ``fieldsets`` (``[(legend, (name, ...)), ...]``) form one section with its
    legend, placed where the first of them is; every other field is a section of its own
    without a legend."""
    groups = {
        name: index
        for index, (_legend, names) in enumerate(getattr(form, "fieldsets", ()))
        for name in names
    }
    sections: list[tuple[Any, list[BoundField]]] = []
    opened: dict[int, list[BoundField]] = {}
    for field in form.visible_fields():
        index = groups.get(field.name)
        if index is None:
            sections.append((None, [field]))
        elif index in opened:
            opened[index].append(field)
        else:
            opened[index] = [field]
            sections.append((form.fieldsets[index][0], opened[index]))
    return sections


@register.filter
def is_choice_group(field: BoundField) -> bool:
    """Radio buttons and multiple checkboxes: a group of inputs under one question, rendered as
    a fieldset whose legend is the field's label (above its options, read with each one)."""
    widget = field.field.widget
    return getattr(widget, "input_type", None) in CHECK_INPUTS and (
        widget.input_type == "radio" or getattr(widget, "allow_multiple_selected", False)
    )


@register.simple_tag
def choice_options(field: BoundField) -> list[Any]:
    """The options of a choice group, each input with Bootstrap's class (its label is rendered
    beside it by the template, so nothing floats over the next field)."""
    from django.forms.boundfield import BoundWidget

    widget = field.field.widget
    attrs: dict[str, Any] = {"id": widget.attrs.get("id") or field.auto_id}
    css = widget.attrs.get("class", "")
    attrs["class"] = f"{css} form-check-input".strip() if "form-check-input" not in css else css
    if field.errors:
        attrs["class"] += " is-invalid"
    attrs = field.build_widget_attrs(attrs)
    if widget.input_type == "checkbox":
        attrs.pop("required", None)  # "required" on each box would demand every box
    return [
        BoundWidget(widget, option, field.form.renderer)
        for option in widget.subwidgets(field.html_name, field.value(), attrs=attrs)
    ]


@register.filter
def translated(value: Any) -> Any:
    """A label stored as text when a record was written (a report's figures, in Spanish), shown
    in the reader's language when it is a catalogue text; anything else as it is."""
    from django.utils.translation import gettext

    return gettext(value) if isinstance(value, str) and value else value


@register.filter
def translated_list(values: Any) -> list[Any]:
    return [translated(value) for value in values or []]


# The names of ``settings.LANGUAGES``, repeated here so that ``makemessages`` run in
# ``cabildo/core`` puts them in core's catalogue (settings live outside every app).
LANGUAGE_NAMES = {"es": _("Español"), "en": _("English")}


@register.simple_tag(takes_context=True)
def language_options(context: template.Context) -> list[dict[str, Any]]:
    """The languages of the switch: code, name in its own language, translated name, current."""
    current = (context.get("LANGUAGE_CODE") or get_language() or settings.LANGUAGE_CODE)[:2]
    options = []
    for code, name in settings.LANGUAGES:
        info = get_language_info(code)
        options.append(
            {
                "code": code,
                "autonym": info["name_local"].capitalize(),
                "name": str(LANGUAGE_NAMES.get(code, name)),
                "current": code == current,
            }
        )
    return options


@register.simple_tag
def entity_href(entity: Any, viewname: str, *args: Any) -> str:
    """``{% entity_href entity "pqrs:track" %}``: a link to a page of *another* entity (its
    ``/<slug>/`` path, or its own host). Pages of the request's entity use ``{% url %}``."""
    from cabildo.core.links import entity_href as build

    return build(entity, viewname, args=args or None)


@register.simple_tag
def entity_url(entity: Any, viewname: str, *args: Any) -> str:
    """``{% entity_url entity "pqrs:track" %}``: the absolute canonical URL (emails, PDFs)."""
    from cabildo.core.links import entity_url as build

    return build(entity, viewname, args=args or None)


@register.simple_tag
def challenge_strings() -> dict[str, str]:
    """The ALTCHA widget's texts in the page's language (``core/_challenge.html``)."""
    from cabildo.core.challenge import widget_strings

    return widget_strings()
