"""Mi escritorio: improvement actions overdue or due within 15 days."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cabildo.accounts.models import Role
from cabildo.accounts.selectors import entity_roles
from cabildo.assessment.selectors import ALERT_WINDOW_DAYS, actions_needing_attention
from cabildo.core import dates
from cabildo.core.registry import DeskItem, DeskSection


def desk_sections(request: Any) -> list[DeskSection]:
    entity = getattr(request, "entity", None)
    user = request.user
    if entity is None or not user.is_authenticated:
        return []
    today = timezone.localdate()
    roles = entity_roles(user, entity.pk)
    only_mine = not roles.has(Role.PARTICIPATION_LEAD)
    actions = list(
        actions_needing_attention(entity=entity, user=user if only_mine else None, today=today)
    )
    if only_mine and not actions:
        return []
    items = []
    for action in actions[:20]:
        overdue = action.is_overdue(today)
        items.append(
            DeskItem(
                label=_("Acción de mejora %(code)s (plan %(year)s)")
                % {"code": action.activity.code, "year": action.plan.assessment.year},
                url=reverse("assessment:plan_detail", args=[action.plan_id])
                + f"#accion-{action.pk}",
                detail=_("vence el %(date)s") % {"date": dates.dmy(action.due_date)},
                status=str(_("Vencida") if overdue else _("Próxima a vencer")),
            )
        )
    return [
        DeskSection(
            title=_("Plan de mejoramiento: acciones vencidas o que vencen en %(n)s días")
            % {"n": ALERT_WINDOW_DAYS},
            items=items,
            url=reverse("assessment:plan_list"),
            empty_text=_("No hay acciones de mejora próximas a vencer."),
            count=len(actions),
        )
    ]
