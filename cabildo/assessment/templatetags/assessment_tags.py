"""Level badges: the level's text label always, its colour as a complement."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import template
from django.utils.formats import number_format
from django.utils.html import format_html
from django.utils.translation import gettext as _

from cabildo.assessment import scoring

register = template.Library()


@register.simple_tag
def level_badge(value: Decimal | int | None) -> str:
    level = scoring.level_for(value)
    if level is None:
        return format_html('<span class="nivel-badge nivel-sin">{}</span>', _("Sin calificar"))
    return format_html('<span class="nivel-badge {}">{}</span>', level.css_class, level.label)


@register.filter
def rating(value: Any) -> str:
    if value is None:
        return "—"
    return number_format(value, decimal_pos=1)


@register.filter
def get_item(mapping: dict[Any, Any], key: Any) -> Any:
    return mapping.get(key) if mapping else None


@register.filter
def css_string(value: Any) -> str:
    """Text for a CSS ``content: "..."`` string inside ``<style>`` (PDF headers)."""
    from django.utils.safestring import mark_safe

    text = str(value or "")
    out = []
    for char in text:
        if char in '\\"<>&' or ord(char) < 32:
            out.append(f"\\{ord(char):x} ")
        else:
            out.append(char)
    return mark_safe("".join(out))


@register.filter
def rows_with_status(rows: list[dict[str, Any]], key: str) -> int:
    """How many of a plan page's action rows have this status key ("vencida", "cumplida"…)."""
    return sum(1 for row in rows if row.get("status_key") == key)
