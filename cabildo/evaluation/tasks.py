"""Background jobs of the evaluation app: report generation and the monthly automatic
measurements."""

from __future__ import annotations

from datetime import timedelta

from celery import shared_task
from django.utils import timezone

from cabildo.core.models import Entity
from cabildo.evaluation import services


@shared_task(name="cabildo.evaluation.tasks.generate_report")
def generate_report(report_id: int) -> str:
    return services.report_generate(report_id=report_id).status


@shared_task(name="cabildo.evaluation.tasks.record_automatic_measurements")
def record_automatic_measurements() -> int:
    """Monthly: each entity's automatic indicators for the period that contains yesterday
    (on the 1st, the month that just ended)."""
    day = timezone.localdate() - timedelta(days=1)
    total = 0
    for entity in Entity.objects.filter(is_active=True):
        total += len(services.measurements_record_automatic(entity=entity, on=day))
    return total
