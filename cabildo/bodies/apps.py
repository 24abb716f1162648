from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from cabildo.core.registry import NavItem, ParticipaSection, PersonalDataSource, PublicLink


class BodiesConfig(AppConfig):
    name = "cabildo.bodies"
    label = "bodies"
    verbose_name = _("Instancias de participación")
    personal_data = [
        PersonalDataSource(
            "bodies.bodymember",
            _("Integrantes de instancias"),
            name="name",
            contact="contact",
            show=("body", "seat"),
        ),
    ]
    participa_links = [
        PublicLink(
            ParticipaSection.SOCIAL_CONTROL,
            _("Directorio de instancias de participación"),
            "bodies:directory",
            _("Consejos, comités y mesas: quiénes los integran, cuándo se reúnen y qué deciden."),
            order=30,
        ),
        PublicLink(
            ParticipaSection.DIAGNOSIS,
            _("Sistema municipal de participación"),
            "bodies:public_overview",
            _("Cuántas instancias hay, de qué tipo, sus dificultades y cómo han evolucionado."),
            order=30,
        ),
    ]
    open_datasets = "cabildo.bodies.datasets.DATASETS"
    staff_nav = [
        NavItem(_("Instancias"), "bodies:list", "bodies.view_participationbody", 62),
        NavItem(_("Sistema municipal"), "bodies:overview", "bodies.view_overview", 63),
    ]
    public_nav = [
        NavItem(_("Instancias de participación"), "bodies:directory", None, 30),
        NavItem(_("Sistema municipal de participación"), "bodies:public_overview", None, 31),
    ]
