"""Template tags other apps use to show evaluation content (the good practices of the last
evaluated year on the page where a new plan is drafted)."""

from __future__ import annotations

from typing import Any

from django import template

from cabildo.evaluation.selectors import latest_good_practices

register = template.Library()


@register.inclusion_tag("evaluation/_practices_offer.html", takes_context=True)
def good_practices_offer(context: Any) -> dict[str, Any]:
    request = context.get("request")
    entity = getattr(request, "entity", None)
    practices = latest_good_practices(entity=entity) if entity is not None else []
    return {"practices": practices, "year": practices[0].year if practices else None}
