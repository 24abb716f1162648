from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from cabildo.core.registry import NavItem, ParticipaSection, PersonalDataSource, PublicLink


class ExecutionConfig(AppConfig):
    name = "cabildo.execution"
    label = "execution"
    verbose_name = _("Ejecución del plan")
    personal_data = [
        PersonalDataSource(
            "execution.registration",
            _("Inscripciones a eventos"),
            email="email",
            phone="phone",
            name="name",
            show=("event", "created_at"),
        ),
        PersonalDataSource(
            "execution.contribution",
            _("Aportes en eventos"),
            name="author_name",
            show=("event", "kind"),
        ),
    ]
    participa_links = [
        PublicLink(
            ParticipaSection.COLLABORATION,
            _("Eventos y encuentros"),
            "execution:public_list",
            _("Foros, mesas y encuentros abiertos a la ciudadanía: inscríbase y participe."),
            order=20,
        ),
        PublicLink(
            ParticipaSection.CONSULTATION,
            _("Calendario de actividades de participación"),
            "execution:public_list",
            _("Próximos espacios de consulta y diálogo con la entidad."),
            order=20,
        ),
    ]
    open_datasets = "cabildo.execution.datasets.DATASETS"
    desk_sections = "cabildo.execution.desk.sections"
    public_nav = [
        NavItem(_("Eventos"), "execution:public_list", order=35),
        NavItem(_("Reportes de actividades"), "execution:public_report_list", order=36),
    ]
    staff_nav = [
        NavItem(_("Eventos"), "execution:event_list", "execution.view_event", order=35),
        NavItem(
            _("Aportes"), "execution:contribution_list", "execution.view_contribution", order=36
        ),
        NavItem(
            _("Compromisos"),
            "execution:commitment_list",
            "execution.view_commitment",
            order=37,
        ),
        NavItem(
            _("Convocatorias"),
            "execution:convocation_list",
            "execution.view_convocation",
            order=34,
        ),
        NavItem(_("Reportes"), "execution:report_list", "execution.view_report", order=38),
    ]
