from celery.schedules import crontab
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from cabildo.core.registry import NavItem


class AssessmentConfig(AppConfig):
    name = "cabildo.assessment"
    label = "assessment"
    verbose_name = _("Autodiagnóstico MIPG")
    staff_nav = [
        NavItem(
            _("Autodiagnóstico MIPG"),
            "assessment:list",
            "assessment.view_selfassessment",
            order=40,
        ),
    ]
    desk_sections = "cabildo.assessment.desk.desk_sections"
    beat_schedule = {
        "assessment-weekly-action-alerts": {
            "task": "cabildo.assessment.tasks.send_action_alerts",
            "schedule": crontab(minute=0, hour=7, day_of_week="mon"),
        },
    }
