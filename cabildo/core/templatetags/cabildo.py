"""Template helpers shared by every app."""

from __future__ import annotations

from typing import Any

from django import template
from django.forms import BoundField
from django.utils.safestring import SafeString

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
