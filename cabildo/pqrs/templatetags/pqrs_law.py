"""``{% pqrs_law as law %}``: the numbers of the PQRSD law (:mod:`cabildo.pqrs.deadlines`) for
templates, so that no template writes them again."""

from __future__ import annotations

from types import SimpleNamespace

from django import template

from cabildo.pqrs import deadlines

register = template.Library()


@register.simple_tag
def pqrs_law() -> SimpleNamespace:
    return deadlines.LAW
