"""Mi escritorio: contributions to analyse and overdue or due-soon commitments of the user's
scope (the whole entity for the participation lead and the admin, their areas for a liaison)."""

from __future__ import annotations

import datetime
from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cabildo.accounts.models import Role
from cabildo.accounts.selectors import entity_roles
from cabildo.core.registry import DeskItem, DeskSection
from cabildo.execution.models import ActivityReport, Commitment, Contribution, ReportStatus

MAX_ITEMS = 10
DUE_SOON_DAYS = 7


def sections(request: Any) -> list[DeskSection]:
    entity = getattr(request, "entity", None)
    user = request.user
    if entity is None or not user.is_authenticated:
        return []
    roles = entity_roles(user, entity.pk)
    result = []
    if roles.has(Role.PLANNING_OFFICE):
        result.append(_reports_to_review_section(entity))
    manages = roles.has(Role.ENTITY_ADMIN, Role.PARTICIPATION_LEAD)
    if not manages and not roles.area_ids:
        return result
    area_ids = None if manages else set(roles.area_ids)
    return [
        *result,
        _contributions_section(entity, area_ids),
        _commitments_section(entity, area_ids),
        _returned_reports_section(entity, area_ids),
    ]


def _report_items(reports: Any) -> list[DeskItem]:
    return [
        DeskItem(
            label=r.activity.name[:80],
            url=reverse("execution:report_detail", args=[r.pk]),
            detail=r.activity.area.name,
            status=str(r.get_status_display()),
        )
        for r in reports[:MAX_ITEMS]
    ]


def _reports_to_review_section(entity: Any) -> DeskSection:
    pending = (
        ActivityReport.objects.for_entity(entity)
        .filter(status=ReportStatus.SUBMITTED)
        .select_related("activity__area")
        .order_by("submitted_at", "pk")
    )
    return DeskSection(
        title=_("Reportes de actividades por revisar"),
        url=reverse("execution:report_list") + f"?estado={ReportStatus.SUBMITTED}",
        empty_text=_("No hay reportes de actividades pendientes de revisión."),
        count=pending.count(),
        items=_report_items(pending),
    )


def _returned_reports_section(entity: Any, area_ids: set[int] | None) -> DeskSection:
    returned = (
        ActivityReport.objects.for_entity(entity)
        .filter(status=ReportStatus.RETURNED)
        .select_related("activity__area")
        .order_by("reviewed_at", "pk")
    )
    if area_ids is not None:
        returned = returned.filter(activity__area_id__in=area_ids)
    return DeskSection(
        title=_("Reportes devueltos por planeación"),
        url=reverse("execution:report_list") + f"?estado={ReportStatus.RETURNED}",
        empty_text=_("No tiene reportes devueltos con observaciones."),
        count=returned.count(),
        items=_report_items(returned),
    )


def _contributions_section(entity: Any, area_ids: set[int] | None) -> DeskSection:
    pending = (
        Contribution.objects.for_entity(entity)
        .filter(viability="")
        .select_related("event")
        .order_by("created_at", "pk")
    )
    if area_ids is not None:
        pending = pending.filter(event__activity__area_id__in=area_ids)
    return DeskSection(
        title=_("Aportes de eventos por analizar"),
        url=reverse("execution:contribution_list") + "?sin_analizar=1",
        empty_text=_("No tiene aportes de eventos pendientes de análisis."),
        count=pending.count(),
        items=[
            DeskItem(
                label=c.text[:80],
                url=reverse("execution:contribution_analyse", args=[c.pk]),
                detail=f"{c.get_kind_display()} · {c.event.title}",
                status=_("Sin analizar"),
            )
            for c in pending[:MAX_ITEMS]
        ],
    )


def _commitments_section(entity: Any, area_ids: set[int] | None) -> DeskSection:
    today = timezone.localdate()
    soon = today + datetime.timedelta(days=DUE_SOON_DAYS)
    due = (
        Commitment.objects.for_entity(entity)
        .open()
        .filter(due_date__lte=soon)
        .select_related("responsible_area")
        .order_by("due_date", "pk")
    )
    if area_ids is not None:
        due = due.filter(responsible_area_id__in=area_ids)
    return DeskSection(
        title=_("Compromisos vencidos o por vencer"),
        url=reverse("execution:commitment_list"),
        empty_text=_("No tiene compromisos vencidos ni por vencer en los próximos días."),
        count=due.count(),
        items=[
            DeskItem(
                label=c.description[:80],
                url=reverse("execution:commitment_update", args=[c.pk]),
                detail=f"{c.responsible_area.name} · {c.due_date:%d/%m/%Y}",
                status=_("Vencido") if c.is_overdue_on(today) else _("Por vencer"),
            )
            for c in due[:MAX_ITEMS]
        ],
    )
