"""Mi escritorio: the grupos de valor characterization indicator."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cabildo.core.registry import DeskItem, DeskSection
from cabildo.stakeholders.selectors import characterization_indicator


def sections(request: Any) -> list[DeskSection]:
    entity = getattr(request, "entity", None)
    if entity is None or not request.user.has_perm("stakeholders.view_stakeholdergroup", entity):
        return []
    year = timezone.localdate().year
    indicator = characterization_indicator(entity=entity, year=year)
    url = reverse("stakeholders:list")
    if indicator.percent is None:
        label = _("Grupos de valor caracterizados en %(year)s: no hay grupos registrados") % {
            "year": year
        }
    else:
        label = _(
            "Grupos de valor caracterizados en %(year)s: %(done)s de %(total)s (%(pct)s %%)"
        ) % {
            "year": year,
            "done": indicator.characterized,
            "total": indicator.total,
            "pct": indicator.percent,
        }
    return [
        DeskSection(
            title=_("Caracterización de grupos de valor"),
            items=[DeskItem(label=label, url=url)],
            url=url,
        )
    ]
