from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from cabildo.core.registry import NavItem, ParticipaSection, PersonalDataSource, PublicLink


class PlansConfig(AppConfig):
    name = "cabildo.plans"
    label = "plans"
    verbose_name = _("Plan de participación")
    personal_data = [
        PersonalDataSource(
            "plans.observation",
            _("Observaciones al plan"),
            email="email",
            show=("consultation", "created_at"),
        ),
    ]
    participa_links = [
        PublicLink(
            ParticipaSection.PLANNING,
            _("Plan de participación ciudadana"),
            "plans:public_list",
            _("Las actividades que la entidad abre a la ciudadanía en cada etapa de la gestión."),
            order=10,
        ),
        PublicLink(
            ParticipaSection.CONSULTATION,
            _("Consulta ciudadana del plan de participación"),
            "plans:public_list",
            _("Observaciones al plan publicado y las respuestas de la entidad."),
            order=10,
        ),
    ]
    open_datasets = "cabildo.plans.datasets.DATASETS"
    public_nav = [NavItem(_("Plan de participación"), "plans:public_list", order=30)]
    staff_nav = [
        NavItem(
            _("Plan de participación"), "plans:plan_list", "plans.view_participationplan", order=30
        )
    ]
    desk_sections = "cabildo.plans.desk.sections"
