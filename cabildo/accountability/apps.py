from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from cabildo.core.registry import NavItem, ParticipaSection, PublicLink


class AccountabilityConfig(AppConfig):
    name = "cabildo.accountability"
    label = "accountability"
    verbose_name = _("Rendición de cuentas y control social")
    staff_nav = [
        NavItem(
            _("Rendición de cuentas de la vigencia"),
            "accountability:year",
            "accountability.view_year",
            order=53,
        ),
        NavItem(
            _("Estrategia de rendición de cuentas"),
            "accountability:strategy_list",
            "accountability.view_strategy",
            order=54,
        ),
        NavItem(
            _("Preguntas de rendición de cuentas"),
            "accountability:question_list",
            "accountability.view_question",
            order=55,
        ),
        NavItem(
            _("Rendición de cuentas del concejo"),
            "accountability:council_manage",
            "accountability.view_council",
            order=56,
        ),
        NavItem(
            _("Control social"),
            "oversight:manage",
            "accountability.view_veeduria",
            order=56,
        ),
    ]
    public_nav = [
        NavItem(_("Rendición de cuentas"), "accountability:public_index", order=51),
        NavItem(_("Control social"), "oversight:public_index", order=52),
    ]
    participa_links = [
        PublicLink(
            ParticipaSection.ACCOUNTABILITY,
            _("Estrategia y audiencias de rendición de cuentas"),
            "accountability:public_index",
            _(
                "La estrategia del año por etapas, los informes, las audiencias públicas, sus "
                "preguntas con las respuestas y las acciones de mejora."
            ),
            order=10,
        ),
        PublicLink(
            ParticipaSection.SOCIAL_CONTROL,
            _("Veedurías y lo que está bajo vigilancia"),
            "oversight:public_index",
            _(
                "Las veedurías ciudadanas registradas, los programas, proyectos y contratos que "
                "vigilan, los informes de supervisión, sus observaciones con las respuestas y las "
                "acciones de mejora."
            ),
            order=10,
        ),
    ]
    open_datasets = "cabildo.accountability.datasets.DATASETS"
    # The one selector of the year's figures, also shown by the evaluation's pages and report
    # (cabildo.evaluation.selectors.accountability reads it by this path: it sits below).
    accountability_figures = "cabildo.accountability.selectors.year_figures"
    desk_sections = "cabildo.accountability.desk.desk_sections"
