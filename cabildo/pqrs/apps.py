from celery.schedules import crontab
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from cabildo.core.registry import NavItem, ParticipaSection, PersonalDataSource, PublicLink


class PqrsConfig(AppConfig):
    name = "cabildo.pqrs"
    label = "pqrs"
    verbose_name = _("PQRSD")
    personal_data = [
        PersonalDataSource(
            "pqrs.petition",
            _("Peticiones (PQRSD)"),
            email="requester_email",
            phone="requester_phone",
            document="requester_document_number",
            name="requester_name",
            other=("requester_address", "requester_document_type"),
            show=("filing_number", "subject", "filed_at"),
        ),
    ]
    participa_links = [
        PublicLink(
            ParticipaSection.SOCIAL_CONTROL,
            _("Estadísticas de PQRSD"),
            "pqrs:public_stats",
            _("Cuántas peticiones recibe la entidad, por qué canal y cuántas responde a tiempo."),
            order=40,
        ),
    ]
    open_datasets = "cabildo.pqrs.datasets.DATASETS"
    public_nav = [
        NavItem(_("Radicar PQRSD"), "pqrs:file", order=30),
        NavItem(_("Consultar PQRSD"), "pqrs:track", order=31),
        NavItem(_("Estadísticas PQRSD"), "pqrs:public_stats", order=32),
    ]
    staff_nav = [
        NavItem(_("PQRSD"), "pqrs:staff_list", "pqrs.view_petition_list", order=30),
        NavItem(_("Estadísticas PQRSD"), "pqrs:stats", "pqrs.view_petition_list", order=31),
        NavItem(_("Configuración PQRSD"), "pqrs:settings", "pqrs.change_pqrssettings", order=32),
    ]
    desk_sections = "cabildo.pqrs.desk.desk_sections"
    beat_schedule = {
        "pqrs-daily-reminders": {
            "task": "cabildo.pqrs.tasks.send_reminders",
            "schedule": crontab(hour=7, minute=0),
        },
        "pqrs-close-withdrawn": {
            "task": "cabildo.pqrs.tasks.close_withdrawn",
            "schedule": crontab(hour=0, minute=30),
        },
        "pqrs-mail-intake": {
            "task": "cabildo.pqrs.tasks.poll_mailboxes",
            "schedule": crontab(minute="*/5"),
        },
    }

    def ready(self) -> None:
        from cabildo.pqrs.services.due_dates import on_calendar_changed
        from cabildo.workdays.signals import calendar_changed

        calendar_changed.connect(on_calendar_changed, dispatch_uid="pqrs_recompute_due_dates")
