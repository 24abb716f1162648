"""'Mi escritorio': the user's petitions that are due soon or overdue."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from cabildo.core import dates
from cabildo.core.registry import DeskItem, DeskSection
from cabildo.pqrs import deadlines


def desk_sections(request: Any) -> list[DeskSection]:
    from cabildo.pqrs import selectors

    entity = getattr(request, "entity", None)
    user = request.user
    if entity is None or not user.is_authenticated:
        return []
    if not user.has_perm("pqrs.view_petition_list", entity):
        return []
    ctx = selectors.semaphore_context(entity=entity)
    rows = selectors.petitions_needing_attention(entity=entity, user=user, limit=10)
    counts = selectors.attention_counts(entity=entity, user=user, ctx=ctx)
    items = [
        DeskItem(
            label=f"{row.petition.filing_number} · {row.petition.subject}",
            url=reverse("pqrs:staff_detail", args=[row.petition.pk]),
            detail=_("Vence: %(date)s") % {"date": dates.dmy(row.petition.due_date)},
            status=row.status.label,
        )
        for row in rows
    ]
    overdue, due_soon = counts[deadlines.OVERDUE], counts[deadlines.DUE_SOON]
    return [
        DeskSection(
            # The counts are the staff list's own (semáforo filter): the first ten are listed.
            title=_("PQRSD vencidas: %(overdue)s · por vencer: %(soon)s")
            % {"overdue": overdue, "soon": due_soon},
            items=items,
            url=reverse("pqrs:staff_list")
            + f"?semaphore={deadlines.OVERDUE}&order="
            + selectors.ORDER_DUE,
            empty_text=_("No tiene peticiones por vencer ni vencidas."),
        )
    ]
