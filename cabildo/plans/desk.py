"""Mi escritorio: observations to analyse and activities of the user's areas without dates."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from cabildo.accounts.models import Role, User
from cabildo.accounts.selectors import entity_roles
from cabildo.core.http import EntityRequest
from cabildo.core.models import Entity
from cabildo.core.registry import DeskItem, DeskSection
from cabildo.plans import selectors

MAX_ITEMS = 10


def sections(request: EntityRequest) -> list[DeskSection]:
    entity = getattr(request, "entity", None)
    user = request.user
    if entity is None or not user.has_perm("plans.view_observation", entity):
        return []
    roles = entity_roles(user, entity.pk)
    result: list[DeskSection] = []
    if roles.has(Role.ENTITY_ADMIN, Role.PARTICIPATION_LEAD) or roles.area_ids:
        result.append(_pending_section(entity, user))
    if roles.area_ids:
        result.append(_undated_section(entity, roles.area_ids))
    return result


def _pending_section(entity: Entity, user: User) -> DeskSection:
    pending = selectors.observations_for_user(entity=entity, user=user).filter(
        viability="", hidden_at__isnull=True
    )
    count = pending.count()
    return DeskSection(
        title=_("Observaciones del plan por analizar"),
        url=reverse("plans:observation_list"),
        empty_text=_("No tiene observaciones pendientes de análisis."),
        count=count,
        items=[
            DeskItem(
                label=o.text[:80],
                url=reverse("plans:observation_analyse", args=[o.pk]),
                detail=o.activity.name if o.activity else _("El plan en general"),
                status=o.status_label,
            )
            for o in pending[:MAX_ITEMS]
        ],
    )


def _undated_section(entity: Entity, area_ids: frozenset[int]) -> DeskSection:
    undated = selectors.activities_without_dates(entity=entity, area_ids=area_ids)
    return DeskSection(
        title=_("Actividades de su dependencia sin fechas"),
        url=reverse("plans:plan_list"),
        empty_text=_("Todas las actividades de su dependencia tienen fechas."),
        count=undated.count(),
        items=[
            DeskItem(
                label=a.name,
                url=reverse("plans:activity_update", args=[a.pk]),
                detail=f"{a.version.plan.year} · {a.area.name}",
                status=_("Sin fechas"),
            )
            for a in undated[:MAX_ITEMS]
        ],
    )
