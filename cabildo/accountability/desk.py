"""'Mi escritorio': the accountability questions still to answer (the liaison's area's, or all
of them for whoever manages the entity), the nearest due first, with the semáforo."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from cabildo.core.registry import DeskItem, DeskSection

DESK_LIMIT = 10


def desk_sections(request: Any) -> list[DeskSection]:
    from cabildo.accountability import selectors
    from cabildo.accountability.models import QuestionStatus
    from cabildo.accounts.selectors import entity_roles

    entity = getattr(request, "entity", None)
    user = request.user
    if entity is None or not user.is_authenticated:
        return []
    if not user.has_perm("accountability.view_question", entity):
        return []
    pending = selectors.questions(entity=entity).exclude(status=QuestionStatus.ANSWERED)
    if not user.has_perm("accountability.route_question", entity):
        pending = pending.filter(area_id__in=entity_roles(user, entity.pk).area_ids)
    total = pending.count()
    rows = selectors.with_semaphore(list(pending[:DESK_LIMIT]), selectors.clock_for(entity))
    return [
        DeskSection(
            title=_("Preguntas de rendición de cuentas por responder"),
            items=[
                DeskItem(
                    label=f"{q.pk} · {q.text[:80]}",
                    url=reverse("accountability:question_detail", args=[q.pk]),
                    detail=_("Vence: %(date)s") % {"date": q.due_date.strftime("%d/%m/%Y")},
                    status=q.deadline.label,
                )
                for q in rows
            ],
            url=reverse("accountability:question_list"),
            empty_text=_("No hay preguntas por responder."),
            count=total,
        )
    ]
