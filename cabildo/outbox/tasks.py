"""Background jobs of the outbox: send one message, and send whatever is due (retries)."""

from __future__ import annotations

from celery import shared_task

from cabildo.outbox import services


@shared_task(name="cabildo.outbox.tasks.send")
def send(email_id: int) -> bool:
    return services.email_send(email_id=email_id)


@shared_task(name="cabildo.outbox.tasks.send_due")
def send_due() -> int:
    return services.emails_send_due()
