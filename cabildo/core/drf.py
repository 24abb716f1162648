"""What every API view of every app shares: the rules-based permission, the cursor pagination
and the FilterSet base (django-filter) whose form is also the staff HTML list's filter form.

Lives in core (DRF and django-filter are libraries) so that each app's ``api.py`` and
``filters.py`` use it without importing the ``api`` app, a layer above them.
"""

from __future__ import annotations

from typing import Any

import django_filters
from django import forms
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as drf_filters
from rest_framework import pagination
from rest_framework.exceptions import NotAuthenticated, NotFound, ValidationError
from rest_framework.permissions import BasePermission
from rest_framework.request import Request

from cabildo.core.models import Entity


class RulesPermission(BasePermission):
    """django-rules permissions of an API view, the same as ``StaffPermissionMixin``'s:

    - ``permission_required``: checked on the request's entity (list, create); ``None`` only
      asks for a signed-in user (object views whose permission is on the row);
    - ``object_permission``: checked on the row by ``check_object_permissions`` (retrieve,
      actions on one row).

    Anonymous visitors get 403 "Debe iniciar sesión." (session authentication sends no
    ``WWW-Authenticate`` challenge); a signed-in user without the permission gets 403 "No tiene
    permiso para esta acción.". Public views say so with ``AllowAny``."""

    message = _("No tiene permiso para esta acción.")

    def has_permission(self, request: Request, view: Any) -> bool:
        if not (request.user and request.user.is_authenticated):
            raise NotAuthenticated(_("Debe iniciar sesión."))
        perm: str | None = getattr(view, "permission_required", None)
        if perm is None:
            return True
        entity: Entity | None = getattr(request, "entity", None)
        return entity is not None and request.user.has_perm(perm, entity)

    def has_object_permission(self, request: Request, view: Any, obj: Any) -> bool:
        perm: str | None = getattr(view, "object_permission", None)
        return perm is None or request.user.has_perm(perm, obj)


class CursorPagination(pagination.CursorPagination):
    """Cursor pagination for the large lists (``?cursor=``, ``next``/``previous`` links, no
    ``count``): a constant cost per page however deep, and no page skips or repeats a row when
    rows are added meanwhile. The view names its order in ``cursor_ordering`` (its first field
    a non-null column, usually a timestamp; ``pk`` last breaks ties)."""

    page_size = 50
    ordering = "-pk"
    invalid_cursor_message = _("Cursor no válido: use el enlace «next» o «previous».")

    def decode_cursor(self, request: Request) -> pagination.Cursor | None:
        try:
            return super().decode_cursor(request)
        except NotFound as exc:  # DRF's answer to a cursor it cannot read
            raise ValidationError({self.cursor_query_param: [self.invalid_cursor_message]}) from exc

    def get_ordering(self, request: Request, queryset: QuerySet[Any], view: Any) -> tuple[str, ...]:
        ordering = getattr(view, "cursor_ordering", None)
        if ordering:
            return tuple(ordering)
        return super().get_ordering(request, queryset, view)


BAD_CHOICE = _("«%(value)s» no es un valor válido para «%(filter)s».")
BAD_CHOICE_OF = _(
    "«%(value)s» no es un valor válido para «%(filter)s». Use uno de estos: %(choices)s."
)
# Choices listed in the message up to this many (a longer list is the form's select).
LISTED_CHOICES = 12
# The bad value as the message repeats it: at most this many characters.
SHOWN_VALUE = 40


class BadChoiceMessage(str):
    """An ``invalid_choice`` message that repeats the bad value (``%(value)s``, filled in by
    Django's ``ValidationError``) shortened to ``SHOWN_VALUE`` characters: a 10,000-character
    value is named, not echoed whole."""

    def __mod__(self, params: Any) -> str:
        if isinstance(params, dict) and "value" in params:
            params = {**params, "value": Truncator(str(params["value"])).chars(SHOWN_VALUE)}
        return str.__mod__(self, params)


def _escape(text: Any) -> str:
    return str(text).replace("%", "%%")


def bad_choice_message(filter_: django_filters.Filter, name: str) -> BadChoiceMessage:
    """«x» is not a valid value of «<the filter's label>», with the valid values when the
    filter has a short fixed list of them (built in the request's language)."""
    label = _escape(filter_.label or name)
    choices = filter_.extra.get("choices")
    if isinstance(choices, list | tuple) and 0 < len(choices) <= LISTED_CHOICES:
        listed = ", ".join(_escape(value) for value, _label in choices if value != "")
        text = str(BAD_CHOICE_OF) % {"value": "%(value)s", "filter": label, "choices": listed}
    else:
        text = str(BAD_CHOICE) % {"value": "%(value)s", "filter": label}
    return BadChoiceMessage(text)


class BadChoiceMixin:
    """Every choice filter of the FilterSet (fixed choices or rows) answers a value outside
    its choices with one message that names the filter and the value (``bad_choice_message``)
    instead of Django's generic "Escoja una opción válida…"; a filter that passes its own
    ``error_messages={"invalid_choice": …}`` keeps it."""

    filters: dict[str, django_filters.Filter]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, filter_ in self.filters.items():
            if isinstance(
                filter_, django_filters.ChoiceFilter | django_filters.MultipleChoiceFilter
            ):
                messages = dict(filter_.extra.get("error_messages") or {})
                messages.setdefault("invalid_choice", bad_choice_message(filter_, name))
                filter_.extra["error_messages"] = messages
                # A form field already built on the class's filter (drf-spectacular reads
                # ``base_filters[...].field`` for the schema) came along in the copy: rebuilt.
                filter_.__dict__.pop("_field", None)


class FilterSet(BadChoiceMixin, django_filters.FilterSet):
    """The base of Cabildo's FilterSets (see ``BadChoiceMixin``)."""


class RestFilterSet(BadChoiceMixin, drf_filters.FilterSet):
    """The base of the FilterSets DjangoFilterBackend builds from a view's
    ``filterset_fields`` (the open-data lists)."""


class FilterBackend(drf_filters.DjangoFilterBackend):
    """DjangoFilterBackend whose FilterSets built from ``filterset_fields`` name a bad choice
    like every other (``BadChoiceMixin``)."""

    filterset_base = RestFilterSet


class EntityFilterSet(FilterSet):
    """A FilterSet of one entity's rows: the request's entity limits the choices of its
    foreign-key filters (``entity_choices``: filter name → ``lambda entity: queryset``).

    The same class filters the API (``filterset_class``, DjangoFilterBackend: an invalid value
    is a 400 with the field's message) and the staff HTML list (its ``form`` is the list's
    filter form: an invalid value is a form error beside the field)."""

    entity_choices: dict[str, Any] = {}

    def __init__(
        self,
        data: Any = None,
        queryset: QuerySet[Any] | None = None,
        *,
        request: HttpRequest | Request | None = None,
        prefix: str | None = None,
    ) -> None:
        super().__init__(data, queryset, request=request, prefix=prefix)
        self.entity: Entity | None = getattr(request, "entity", None)
        for name, choices in self.entity_choices.items():
            self.filters[name].queryset = choices(self.entity)


class IdFilter(django_filters.NumberFilter):
    """An id (``?area=3``): a positive integer, with a message that says so (an out-of-range
    number is an error, never a database overflow). Filters on ``field_name`` unless the
    FilterSet names a ``method``."""

    field_class = forms.IntegerField

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", 2**63 - 1)  # bigint
        kwargs.setdefault(
            "error_messages",
            {
                "invalid": _("Debe ser un número entero."),
                "min_value": _("Debe ser un número entero positivo."),
                "max_value": _("El número es demasiado grande."),
            },
        )
        super().__init__(*args, **kwargs)


class StrictBooleanField(forms.Field):
    """``true``/``false`` (or ``1``/``0``); anything else is an error, not "no filter"."""

    default_error_messages = {"invalid": _("Use «true» o «false».")}

    def to_python(self, value: Any) -> bool | None:
        text = str(value).strip().lower() if value is not None else ""
        if text in ("", "none"):
            return None
        if text in ("true", "1"):
            return True
        if text in ("false", "0"):
            return False
        raise forms.ValidationError(self.error_messages["invalid"], code="invalid")


class BooleanFilter(django_filters.BooleanFilter):
    """A yes/no filter that refuses other values (django-filter's own turns them into no
    filter); ``false`` or absent filters nothing unless the FilterSet's method says so."""

    field_class = StrictBooleanField


class YearFilter(django_filters.NumberFilter):
    """A vigencia (``?year=2026``): a year between 2000 and 2100."""

    field_class = forms.IntegerField

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        message = _("Vigencia no válida: un año entre 2000 y 2100, p. ej. 2026.")
        kwargs.setdefault("min_value", 2000)
        kwargs.setdefault("max_value", 2100)
        kwargs.setdefault(
            "error_messages", {"invalid": message, "min_value": message, "max_value": message}
        )
        super().__init__(*args, **kwargs)
