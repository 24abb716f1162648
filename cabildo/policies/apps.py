from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from cabildo.core.registry import NavItem, ParticipaSection, PersonalDataSource, PublicLink


class PoliciesConfig(AppConfig):
    name = "cabildo.policies"
    label = "policies"
    verbose_name = _("Políticas públicas y reglamentaciones")
    staff_nav = [
        NavItem(
            _("Políticas y reglamentaciones"),
            "policies:policy_list",
            "policies.view_policy",
            order=57,
        ),
    ]
    personal_data = [
        PersonalDataSource(
            "policies.draftcomment",
            _("Comentarios a proyectos normativos"),
            email="email",
            show=("draft", "created_at"),
        ),
    ]
    public_nav = [NavItem(_("Políticas públicas"), "policies:public_index", order=53)]
    participa_links = [
        PublicLink(
            ParticipaSection.DIAGNOSIS,
            _("Políticas públicas: diagnóstico y diseño"),
            "policies:public_index",
            _(
                "Cada política o reglamentación en construcción: sus etapas cumplidas y "
                "pendientes, los documentos y los espacios donde participó la ciudadanía."
            ),
            order=20,
        ),
        PublicLink(
            ParticipaSection.CONSULTATION,
            _("Proyectos de acuerdo y decreto en consulta"),
            "policies:public_index",
            _(
                "Los borradores publicados artículo por artículo: comente un artículo o el texto "
                "completo y consulte el informe de observaciones con cada respuesta."
            ),
            order=20,
        ),
        PublicLink(
            ParticipaSection.COLLABORATION,
            _("Planes operativos de las políticas"),
            "policies:public_index",
            _("Componentes, líneas y acciones de cada política adoptada, con su avance."),
            order=20,
        ),
    ]
    open_datasets = "cabildo.policies.datasets.DATASETS"
