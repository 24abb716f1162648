from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from cabildo.core.registry import NavItem, ParticipaSection, PersonalDataSource, PublicLink


class ExercisesConfig(AppConfig):
    name = "cabildo.exercises"
    label = "exercises"
    verbose_name = _("Ejercicios de participación en línea")
    personal_data = [
        PersonalDataSource(
            "exercises.surveyresponse",
            _("Respuestas a encuestas"),
            email="email",
            show=("survey",),
        ),
        PersonalDataSource(
            "exercises.forumcomment",
            _("Comentarios en foros"),
            email="email",
            name="pseudonym",
            show=("forum",),
        ),
    ]
    staff_nav = [
        NavItem(_("Encuestas"), "exercises:survey_list", "exercises.view_survey", order=40),
        NavItem(_("Foros"), "exercises:forum_list", "exercises.view_forum", order=41),
        NavItem(
            _("Diagnóstico participativo"),
            "exercises:diagnosis_list",
            "exercises.view_diagnosis",
            order=42,
        ),
        NavItem(
            _("Caracterización"),
            "exercises:characterization_stats",
            "exercises.view_characterization",
            order=43,
        ),
    ]
    participa_links = [
        PublicLink(
            ParticipaSection.CONSULTATION,
            _("Encuestas y consultas en línea"),
            "exercises:public_surveys",
            _("Responda las encuestas abiertas y consulte sus resultados."),
            order=20,
        ),
        PublicLink(
            ParticipaSection.DIAGNOSIS,
            _("Diagnóstico participativo"),
            "exercises:public_diagnoses",
            _("Obstáculos a la participación, escenarios deseados y acciones de la entidad."),
            order=20,
        ),
        PublicLink(
            ParticipaSection.COLLABORATION,
            _("Foros virtuales"),
            "exercises:public_forums",
            _("Comente los temas que la entidad pone en discusión."),
            order=20,
        ),
    ]
    open_datasets = "cabildo.exercises.datasets.DATASETS"
