"""Receivers of the evaluation app."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.dispatch import receiver

from cabildo.evaluation.models import Evaluation
from cabildo.plans.signals import version_closed

if TYPE_CHECKING:
    from cabildo.accounts.models import User
    from cabildo.plans.models import PlanVersion


@receiver(version_closed, dispatch_uid="evaluation.version_closed")
def mark_evaluated_if_published(
    sender: Any, *, version: PlanVersion, user: User | None = None, **_: Any
) -> None:
    """A version closed after its year's evaluation was published is «evaluado» at once."""
    from cabildo.plans import services as plan_services

    published = (
        Evaluation.objects.for_entity(version.entity_id)
        .filter(year=version.plan.year, is_published=True)
        .exists()
    )
    if published:
        plan_services.plan_mark_evaluated(version=version, user=user)
