from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutboxConfig(AppConfig):
    name = "cabildo.outbox"
    label = "outbox"
    verbose_name = _("Notificaciones por correo")
    beat_schedule = {
        # Sends what is due: retries after a failure (with back-off) and anything queued while
        # the broker was unreachable. The database row, not the broker, is the source of truth.
        "outbox-send-due": {
            "task": "cabildo.outbox.tasks.send_due",
            "schedule": 60.0,
        },
    }
