"""Weekly email about improvement actions overdue or due within 15 days."""

from __future__ import annotations

from datetime import date

from celery import shared_task
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from cabildo.assessment.alerts import recipients_by_user
from cabildo.assessment.selectors import ALERT_WINDOW_DAYS
from cabildo.core.models import Entity
from cabildo.outbox.services import email_queue


def _body(entity: Entity, actions: list, today: date) -> str:
    lines = [
        _("Acciones del plan de mejoramiento de %(entity)s vencidas o que vencen en %(n)s días:")
        % {"entity": entity.name, "n": ALERT_WINDOW_DAYS},
        "",
    ]
    for action in actions:
        state = _("VENCIDA") if action.is_overdue(today) else _("próxima a vencer")
        lines.append(
            f"- {action.activity.code} · {action.due_date:%d/%m/%Y} · {state}: "
            f"{action.improvement_alternative or action.activity.text}"[:400]
        )
    return "\n".join(lines)


@shared_task(name="cabildo.assessment.tasks.send_action_alerts")
def send_action_alerts(today: str | None = None) -> int:
    """Email each responsible and participation lead; returns the number of emails sent."""
    day = date.fromisoformat(today) if today else timezone.localdate()
    sent = 0
    with translation.override("es"):
        for entity in Entity.objects.filter(is_active=True):
            for user, actions in recipients_by_user(entity=entity, today=day).items():
                if not user.email:
                    continue
                subject = ngettext(
                    "Plan de mejoramiento: %(n)s acción requiere atención",
                    "Plan de mejoramiento: %(n)s acciones requieren atención",
                    len(actions),
                ) % {"n": len(actions)}
                body = _body(entity, actions, day)
                email_queue(
                    entity=entity,
                    to=user.email,
                    subject=subject,
                    body=body,
                    template="assessment.action_alerts",
                )
                sent += 1
    return sent
