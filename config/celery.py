"""Celery application: background and periodic jobs (eager in tests)."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")

app = Celery("cabildo")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@app.on_after_finalize.connect
def collect_beat_schedules(sender: Celery, **kwargs: object) -> None:
    """Each app declares its periodic jobs as ``beat_schedule`` on its AppConfig."""
    from django.apps import apps

    for config in apps.get_app_configs():
        sender.conf.beat_schedule.update(getattr(config, "beat_schedule", {}))
