from celery.schedules import crontab
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from cabildo.core.registry import NavItem, ParticipaSection, PublicLink


class EvaluationConfig(AppConfig):
    name = "cabildo.evaluation"
    label = "evaluation"
    verbose_name = _("Indicadores y evaluación")
    staff_nav = [
        NavItem(_("Tablero"), "evaluation:dashboard", "evaluation.view_dashboard", order=50),
        NavItem(_("Indicadores"), "evaluation:matrix", "evaluation.view_indicator", order=51),
        NavItem(
            _("Evaluación del plan"),
            "evaluation:evaluation",
            "evaluation.view_evaluation",
            order=52,
        ),
    ]
    public_nav = [
        NavItem(_("Resultados de la participación"), "evaluation:public_results", order=50)
    ]
    participa_links = [
        PublicLink(
            ParticipaSection.ACCOUNTABILITY,
            _("Resultados del plan de participación"),
            "evaluation:public_results",
            _("Cifras consolidadas de la vigencia, reportes de las actividades e informe."),
            order=40,
        ),
        PublicLink(
            ParticipaSection.SOCIAL_CONTROL,
            _("Indicadores de participación"),
            "evaluation:public_results",
            _("Indicadores del plan frente a sus metas, para el seguimiento ciudadano."),
            order=40,
        ),
    ]
    open_datasets = "cabildo.evaluation.datasets.DATASETS"
    beat_schedule = {
        "evaluation-monthly-measurements": {
            "task": "cabildo.evaluation.tasks.record_automatic_measurements",
            "schedule": crontab(day_of_month=1, hour=2, minute=0),
        },
    }

    def ready(self) -> None:
        from cabildo.evaluation import signals  # noqa: F401 - connects the receivers
