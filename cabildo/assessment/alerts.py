"""Who hears about improvement actions due soon or overdue (desk and weekly email)."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import Any

from cabildo.accounts.models import Membership, Role
from cabildo.assessment.models import ImprovementAction
from cabildo.assessment.selectors import ALERT_WINDOW_DAYS, actions_needing_attention
from cabildo.core.models import Entity


def recipients_by_user(*, entity: Entity, today: date) -> dict[Any, list[ImprovementAction]]:
    """Each responsible gets their own actions; each participation lead gets them all."""
    actions = list(actions_needing_attention(entity=entity, today=today))
    if not actions:
        return {}
    result: dict[Any, list[ImprovementAction]] = defaultdict(list)
    for action in actions:
        if action.responsible is not None and action.responsible.is_active:
            result[action.responsible].append(action)
    leads = [
        m.user
        for m in Membership.objects.filter(
            entity=entity, role=Role.PARTICIPATION_LEAD, user__is_active=True
        ).select_related("user")
    ]
    for lead in leads:
        known = {a.pk for a in result[lead]}
        result[lead].extend(a for a in actions if a.pk not in known)
    return {
        user: sorted(items, key=lambda a: (a.due_date, a.activity.order))
        for user, items in result.items()
        if items
    }


__all__ = ["ALERT_WINDOW_DAYS", "recipients_by_user"]
