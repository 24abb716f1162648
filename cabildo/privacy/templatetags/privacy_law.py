"""``{% privacy_law as law %}``: the habeas data terms (:mod:`cabildo.privacy.law`) for
templates, so that no template writes them again."""

from __future__ import annotations

from types import SimpleNamespace

from django import template

from cabildo.privacy import law

register = template.Library()


@register.simple_tag
def privacy_law() -> SimpleNamespace:
    return law.LAW
