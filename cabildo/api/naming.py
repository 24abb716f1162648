"""Names and descriptions of the browsable API pages, in the visitor's language.

DRF names a page after its view class ("Entity List Api") and describes it with the class's
docstring: developer English on a Spanish page. These functions (``VIEW_NAME_FUNCTION`` and
``VIEW_DESCRIPTION_FUNCTION``) use the translatable ``summary`` and ``description`` of the
view's ``@extend_schema`` (the same texts as the OpenAPI document), else the model's translated
plural name; docstrings are never shown.
"""

from __future__ import annotations

from typing import Any

from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from drf_spectacular.plumbing import get_doc


def _annotated(view: Any, getter: str) -> str:
    """What ``@extend_schema`` says for the request's method ("" when it says nothing)."""
    schema = getattr(view, "schema", None)
    request = getattr(view, "request", None)
    if schema is None or request is None or not hasattr(schema, getter):
        return ""
    try:
        schema.method = request.method.upper()
        value = getattr(schema, getter)()
    except Exception:  # a page name must never break the page
        return ""
    value = str(value or "").strip()
    method = getattr(view, getattr(view, "action", None) or request.method.lower(), None)
    if value in {get_doc(view.__class__).strip(), get_doc(method).strip() if method else ""}:
        return ""  # drf-spectacular's fallback: the docstring, not a translated text
    return value


def _model(view: Any) -> Any:
    model = getattr(getattr(view, "queryset", None), "model", None)
    if model is None:
        meta = getattr(getattr(view, "serializer_class", None), "Meta", None)
        model = getattr(meta, "model", None)
    return model


def view_name(view: Any) -> str:
    name = getattr(view, "name", None)  # set by routers/viewsets for their actions
    if name:
        return str(name)
    summary = _annotated(view, "get_summary")
    if summary:
        return summary
    model = _model(view)
    if model is not None:
        return str(capfirst(model._meta.verbose_name_plural))
    return _("API de Cabildo")


def view_description(view: Any, html: bool = False) -> str:
    description = getattr(view, "description", None) or _annotated(view, "get_description")
    description = str(description or "")
    if html:
        return mark_safe(f"<p>{escape(description)}</p>") if description else ""
    return description
