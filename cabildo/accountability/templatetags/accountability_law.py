"""``{% accountability_law as law %}``: the terms of rendición de cuentas
(:mod:`cabildo.accountability.law`) for templates, so that no template writes them again."""

from __future__ import annotations

from types import SimpleNamespace

from django import template

from cabildo.accountability import law
from cabildo.accountability.services import EVALUATION_DAYS_OPEN

register = template.Library()


@register.simple_tag
def accountability_law() -> SimpleNamespace:
    return SimpleNamespace(
        answer_term_days=law.ANSWER_TERM_DAYS,
        observation_term_days=law.OBSERVATION_TERM_DAYS,
        evaluation_days_open=EVALUATION_DAYS_OPEN,
    )
