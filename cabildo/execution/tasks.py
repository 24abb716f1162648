"""Background jobs of the execution app: sending a convocation by email in batches."""

from __future__ import annotations

from celery import shared_task

from cabildo.execution.services.convocations import convocation_deliver


@shared_task(name="cabildo.execution.tasks.send_convocation_emails")
def send_convocation_emails(convocation_id: int) -> int:
    return convocation_deliver(convocation_id=convocation_id)
