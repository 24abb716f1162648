# ruff: noqa: E501 — seed 004 sentences are kept one per line, as in the source document.
"""Demo data of the exercises app. Idempotent (natural keys; answers and comments only once).

- Itagüí: a diagnosis survey of the Primer Encuentro de Instancias (the execution demo's event)
  with a few hundred generated answers, its results published; and a virtual forum on the
  municipal participation system with comments in every moderation state, one of them already
  a contribution of the encuentro.
- Cali: the participatory diagnosis of 2019 — obstacles (§3.1) and desired scenarios (§3.2) of
  seed 004 by phase of the management cycle, linked to the plan activities that answer them.
"""

from __future__ import annotations

import datetime
import random
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone

from cabildo.core.models import Entity
from cabildo.execution.models import ContributionKind, Event
from cabildo.plans.models import CyclePhase, PlannedActivity
from cabildo.stakeholders.models import StakeholderGroup
from cabildo.territories.models import Territory

from . import services
from .models import (
    Answer,
    AnswerChannel,
    Diagnosis,
    Forum,
    ForumComment,
    ModerationStatus,
    Obstacle,
    QuestionKind,
    Survey,
    SurveyResponse,
    SurveySection,
)

BOGOTA = ZoneInfo("America/Bogota")
EVENT_TITLE = "Primer Encuentro de Instancias de Itagüí"
SURVEY_TITLE = "Diagnóstico de la participación en Itagüí — Primer Encuentro de Instancias"
ANSWERS = 320

# (section, text, kind, required, options, weights)
QUESTIONS = [
    (
        "Convocatoria",
        "¿Cómo se enteró del encuentro?",
        QuestionKind.SINGLE,
        True,
        ["Correo electrónico", "WhatsApp", "Redes sociales", "Voz a voz", "Carteleras"],
        [20, 35, 15, 22, 8],
    ),
    (
        "Convocatoria",
        "¿Qué tan fácil es conseguir información sobre los planes de inversión de su comuna?",
        QuestionKind.SCALE,
        True,
        [],
        [30, 28, 22, 14, 6],
    ),
    (
        "Obstáculos para participar",
        "¿Qué le impide participar más en las decisiones del municipio?",
        QuestionKind.MULTIPLE,
        False,
        [
            "Los horarios de las reuniones",
            "Falta de información oportuna",
            "La distancia a los lugares de encuentro",
            "No sé cómo participar",
            "La administración no responde a las propuestas",
        ],
        [45, 55, 20, 25, 40],
    ),
    ("Obstáculos para participar", "¿En qué comuna vive?", QuestionKind.TERRITORY, False, [], []),
    (
        "Obstáculos para participar",
        "¿A qué grupo de valor pertenece?",
        QuestionKind.STAKEHOLDER_GROUP,
        False,
        [],
        [],
    ),
    (
        "Obstáculos para participar",
        "¿Qué propone para mejorar la participación en Itagüí?",
        QuestionKind.LONG_TEXT,
        False,
        [],
        [],
    ),
]

PROPOSALS = [
    "Hacer reuniones también los sábados en la mañana.",
    "Publicar las actas de las instancias en la página de la alcaldía.",
    "Que los secretarios de despacho asistan a las mesas comunales.",
    "Enviar la convocatoria con dos semanas de anticipación.",
    "Capacitar a los nuevos integrantes de las juntas de acción comunal.",
    "Responder por escrito las propuestas de las mesas de trabajo.",
    "Transmitir los encuentros por redes sociales para quienes no pueden ir.",
    "Hacer encuentros en los barrios y no solo en el centro.",
]


@transaction.atomic
def seed_itagui(entity: Entity) -> None:
    event = (
        Event.objects.for_entity(entity)
        .filter(title=EVENT_TITLE)
        .select_related("activity")
        .order_by("pk")
        .first()
    )
    if event is None:
        return
    _seed_survey(entity, event)
    _seed_forum(entity, event)


def _seed_survey(entity: Entity, event: Event) -> None:
    survey, _ = Survey.objects.update_or_create(
        entity=entity,
        title=SURVEY_TITLE,
        defaults={
            "activity": event.activity,
            "event": event,
            "description": (
                "Encuesta a las personas que asistieron al Primer Encuentro de Instancias o lo "
                "siguieron en línea: cómo se enteraron, qué les impide participar y qué "
                "proponen. Sus respuestas alimentan el diagnóstico del sistema municipal de "
                "participación."
            ),
            "opens_at": datetime.datetime(2022, 11, 28, 8, 0, tzinfo=BOGOTA),
            "closes_at": datetime.datetime(2022, 12, 12, 23, 59, tzinfo=BOGOTA),
            "is_published": True,
            "results_published": True,
        },
    )
    if not survey.questions.exists():
        sections: dict[str, SurveySection] = {}
        for section_title, text, kind, required, options, _weights in QUESTIONS:
            if section_title not in sections:
                sections[section_title] = services.section_add(survey=survey, title=section_title)
            services.question_save(
                survey=survey,
                text=text,
                kind=kind,
                required=required,
                options=options,
                section=sections[section_title],
            )
    if not survey.responses.exists():
        _generate_answers(entity, survey)


def _generate_answers(entity: Entity, survey: Survey) -> None:
    """A few hundred answers in bulk, reproducible (fixed seed), web and paper forms."""
    rng = random.Random(2022)  # noqa: S311 — reproducible demo data, not security
    questions = list(survey.questions.prefetch_related("options"))
    spec = {text: w for _s, text, _k, _r, _o, w in QUESTIONS}
    territories = list(Territory.objects.for_entity(entity).filter(kind="comuna"))
    groups = list(StakeholderGroup.objects.for_entity(entity))
    start = survey.opens_at
    responses = SurveyResponse.objects.bulk_create(
        [
            SurveyResponse(
                entity=entity,
                survey=survey,
                channel=AnswerChannel.PAPER if i % 4 == 0 else AnswerChannel.WEB,
                created_at=start + datetime.timedelta(minutes=rng.randint(0, 14 * 24 * 60)),
            )
            for i in range(ANSWERS)
        ]
    )
    answers: list[Answer] = []
    for response in responses:
        for question in questions:
            base = {"entity": entity, "response": response, "question": question}
            weights = spec.get(question.text, [])
            if question.kind == QuestionKind.SINGLE:
                option = rng.choices(list(question.options.all()), weights=weights)[0]
                answers.append(Answer(option=option, **base))
            elif question.kind == QuestionKind.SCALE:
                answers.append(Answer(number=rng.choices([1, 2, 3, 4, 5], weights)[0], **base))
            elif question.kind == QuestionKind.MULTIPLE:
                for option, weight in zip(question.options.all(), weights, strict=False):
                    if rng.random() * 100 < weight:
                        answers.append(Answer(option=option, **base))
            elif question.kind == QuestionKind.TERRITORY and territories and rng.random() < 0.7:
                answers.append(Answer(territory=rng.choice(territories), **base))
            elif question.kind == QuestionKind.STAKEHOLDER_GROUP and groups and rng.random() < 0.6:
                answers.append(Answer(stakeholder_group=rng.choice(groups), **base))
            elif question.kind == QuestionKind.LONG_TEXT and rng.random() < 0.15:
                answers.append(Answer(text=rng.choice(PROPOSALS), **base))
    Answer.objects.bulk_create(answers, batch_size=1000)


FORUM_TOPIC = "¿Cómo debería funcionar el Sistema Municipal de Participación de Itagüí?"
# (pseudonym, text, status, rejection reason, reply to index, becomes a contribution)
COMMENTS = [
    (
        "Líder comuna 1",
        "Que cada instancia tenga un delegado en el comité del sistema y que las sesiones se "
        "roten entre las comunas.",
        ModerationStatus.PUBLISHED,
        "",
        None,
        True,
    ),
    (
        "",
        "Es importante que el sistema tenga presupuesto propio para la logística de las "
        "instancias: refrigerios, transporte y papelería.",
        ModerationStatus.PUBLISHED,
        "",
        None,
        False,
    ),
    (
        "Consejera de juventud",
        "De acuerdo con la rotación; además, que haya un cupo fijo para jóvenes.",
        ModerationStatus.PUBLISHED,
        "",
        0,
        False,
    ),
    (
        "Vecino",
        "Llamen al señor del 3104445566 que él sabe todo lo que pasa en la junta.",
        ModerationStatus.REJECTED,
        "contenía datos personales de un tercero",
        None,
        False,
    ),
    (
        "Edil comuna 4",
        "Propongo que el sistema publique cada trimestre un informe de qué propuestas se "
        "acogieron y cuáles no, con la razón.",
        ModerationStatus.PENDING,
        "",
        None,
        False,
    ),
]


def _seed_forum(entity: Entity, event: Event) -> None:
    forum, _ = Forum.objects.update_or_create(
        entity=entity,
        topic=FORUM_TOPIC,
        defaults={
            "activity": event.activity,
            "description": (
                "Después del Primer Encuentro de Instancias, la administración abre este foro "
                "para recoger ideas sobre cómo organizar el Sistema Municipal de Participación: "
                "quiénes lo integran, cada cuánto se reúne y cómo responde a las propuestas."
            ),
            "opens_at": datetime.datetime(2022, 11, 28, 12, 0, tzinfo=BOGOTA),
            "closes_at": datetime.datetime(2022, 12, 16, 18, 0, tzinfo=BOGOTA),
            "is_published": True,
            "closing_summary": (
                "Se recibieron propuestas sobre la representación de cada instancia, la "
                "rotación de las sesiones y el presupuesto propio del sistema. La propuesta de "
                "delegados por instancia pasó al análisis de la Secretaría de Participación "
                "como aporte del encuentro."
            ),
        },
    )
    if forum.comments.exists():
        return
    created: list[ForumComment] = []
    start = forum.opens_at
    for index, (pseudonym, text, status, reason, parent, contribute) in enumerate(COMMENTS):
        comment = ForumComment.objects.create(
            entity=entity,
            forum=forum,
            parent=created[parent] if parent is not None else None,
            pseudonym=pseudonym,
            text=text,
            status=status,
            rejection_reason=reason,
            created_at=start + datetime.timedelta(hours=5 * (index + 1)),
            moderated_at=None
            if status == ModerationStatus.PENDING
            else start + datetime.timedelta(hours=5 * (index + 1) + 2),
        )
        created.append(comment)
        if contribute:
            services.comment_to_contribution(
                comment=comment, event=event, kind=ContributionKind.PROPOSAL
            )


# Cali 2019: seed 004 §3.1 (obstacles) and §3.2 (desired scenarios) --------------------------

INFO = "Acceso a la información"
SPACES = "Espacios de diálogo y concertación"
GUIDES = "Lineamientos y metodologías"
CONTROL = "Control social y evaluación participativa"
D, F, E = CyclePhase.DIAGNOSIS, CyclePhase.FORMULATION, CyclePhase.EVALUATION

# (phase, theme, text, plan activity that answers it or "")
CALI_OBSTACLES = [
    (D, INFO, "No hay fácil acceso a información relacionada con las problemáticas de comunas y corregimientos.", ""),
    (D, INFO, "No hay fácil acceso a información relacionada con los planes de inversión por sectores sociales y comunas.", ""),
    (D, SPACES, "No se reconocen espacios o mecanismos para el diagnóstico participativo de las comunidades o grupos de interés.", "Encuesta virtual de diagnóstico de necesidades educativas"),
    (D, GUIDES, "No se cuentan con lineamientos claros para el fortalecimiento de la participación en la fase del diagnóstico.", "Escuela de formación en participación ciudadana para líderes de comunas y corregimientos"),
    (D, GUIDES, "Las metodologías implementadas promueven diálogos, más no procesos reflexivos sobre los problemas (sus síntomas), sus causas y consecuencias para los territorios.", ""),
    (F, SPACES, "Los procesos de formulación de políticas, planes, programas y proyectos carecen de espacios de diálogo donde las comunidades formulen y concerten propuestas para la superación de los problemas.", "Mesas comunales de presupuesto participativo"),
    (F, SPACES, "Los espacios de planeación y decisión son limitados a unos pocos elegidos en las comunidades.", "Mesas comunales de presupuesto participativo"),
    (F, SPACES, "La participación se limita a la consulta o la aprobación de documentos.", ""),
    (F, INFO, "No hay fácil acceso a los cronogramas en los que se definan los periodos de formulación de políticas, planes, programas y proyectos.", ""),
    (F, INFO, "No hay fácil acceso a la información relacionada con los proyectos de inversión, los objetivos y presupuestos, y menos aún espacios con las comunidades para hacer retroalimentación de los mismos.", ""),
    (F, SPACES, "No existen espacios de diálogo con los organismos respecto a la formulación de los proyectos de inversión con los grupos implicados.", ""),
    (E, INFO, "El informe de gestión no es de fácil acceso a las comunidades para el debido ejercicio del control social.", "Audiencia pública de rendición de cuentas en salud"),
    (E, INFO, "Los informes de gestión generados por los operadores son de difícil acceso a las comunidades.", ""),
    (E, INFO, "Las herramientas virtuales para el seguimiento y evaluación se limitan a noticias sobre el desarrollo de los proyectos.", ""),
    (E, SPACES, "Se reconocen los espacios de diálogo con los secretarios y el alcalde como un avance significativo en el ejercicio de la participación.", ""),
    (E, CONTROL, "Los procesos de socialización de resultados de la acción del sector público son presentados y valorados desde los interventores u operadores; la ciudadanía implicada rara vez expone los efectos.", "Seguimiento con el Consejo Ambiental Comunitario Municipal (CACM)"),
]  # fmt: skip

# (phase, theme, text, numbers of the obstacles above it overcomes, 1-based)
CALI_SCENARIOS = [
    (D, INFO, "La ciudadanía tiene fácil acceso a información relacionada con las problemáticas de comunas y corregimientos.", [1, 2]),
    (D, SPACES, "Existen espacios y metodologías que permiten la realización de diagnósticos orientados a la identificación y priorización de problemas desde la ciudadanía.", [3, 5]),
    (D, GUIDES, "Se cuentan con lineamientos claros para el fortalecimiento de la participación en la fase del diagnóstico en los organismos de la Administración.", [4]),
    (F, SPACES, "Los procesos de formulación de políticas, planes, programas y proyectos cuentan con espacios de diálogo definidos donde las comunidades formulan y concertan propuestas para la superación de los problemas.", [6]),
    (F, SPACES, "Los espacios de planeación y decisión son ampliados a las comunidades y ciudadanos implicados en los problemas.", [7]),
    (F, SPACES, "La participación ciudadana se basa en la capacidad de formulación y concertación.", [8]),
    (F, INFO, "Los cronogramas en los que se definen los periodos de formulación de políticas, planes, programas y proyectos son conocidos por la ciudadanía.", [9]),
    (F, INFO, "Existe fácil acceso a la información relacionada con los proyectos de inversión, los objetivos y presupuestos.", [10]),
    (F, SPACES, "Los espacios de diálogo entre los organismos y las instancias para la construcción colectiva se encuentran formalizados.", [11]),
    (E, INFO, "Los diferentes informes de gestión de políticas, planes, programas y proyectos (implementados por organismos y operadores) son de fácil acceso a las comunidades para el debido ejercicio del control social.", [12, 13]),
    (E, INFO, "Existen herramientas virtuales para el seguimiento y evaluación de políticas, planes, programas y proyectos.", [14]),
    (E, SPACES, "Se institucionalizan espacios de diálogo con los secretarios y el alcalde como escenarios de seguimiento y control a la gestión.", [15]),
    (E, CONTROL, "Se integran las comunidades y grupos de interés a los procesos de evaluación de los efectos generados por la administración (evaluación participativa).", [16]),
    (E, CONTROL, "Los procesos de socialización de resultados de la acción del sector público son presentados y valorados desde la ciudadanía implicada.", [16]),
]  # fmt: skip


@transaction.atomic
def seed_cali(entity: Entity) -> None:
    diagnosis, _ = Diagnosis.objects.update_or_create(
        entity=entity,
        year=2019,
        defaults={
            "title": "Punto de partida para el fortalecimiento de la participación",
            "methodology": (
                "Ejercicio de reflexión de los organismos y sus equipos de participación, y "
                "taller con participantes de instancias y personas vinculadas a los equipos de "
                "participación de los organismos, sobre el acceso a la información y el uso de "
                "las nuevas tecnologías en el ciclo de la gestión pública."
            ),
            "is_published": True,
        },
    )
    if diagnosis.obstacles.exists():
        return
    activities = {
        a.name: a
        for a in PlannedActivity.objects.for_entity(entity).filter(version__plan__year=2019)
    }
    obstacles: list[Obstacle] = []
    for phase, theme, text, activity_name in CALI_OBSTACLES:
        activity = activities.get(activity_name)
        obstacles.append(
            services.obstacle_save(
                diagnosis=diagnosis,
                phase=phase,
                theme=theme,
                text=text,
                plan_activities=[activity] if activity else [],
            )
        )
    for phase, theme, text, numbers in CALI_SCENARIOS:
        services.scenario_save(
            diagnosis=diagnosis,
            phase=phase,
            theme=theme,
            text=text,
            obstacles=[obstacles[n - 1] for n in numbers],
        )


# The forum of the current year's plan (plans demo: its "foro" activity), open on the day the
# demo runs: (pseudonym, comment, moderation state, hours ago).
CURRENT_FORUM_COMMENTS = [
    ("Vecina del centro", "¿Cuándo se publicará el avance de los compromisos del primer "
     "semestre?", ModerationStatus.PUBLISHED, 50),
    ("Líder juvenil", "Propongo que el informe de avance se presente también en los colegios.",
     ModerationStatus.PUBLISHED, 30),
    ("Anónimo", "Comentario con datos personales de un tercero.", ModerationStatus.REJECTED, 20),
    ("Veedor ciudadano", "Pedimos el detalle de la contratación asociada a cada compromiso.",
     ModerationStatus.PENDING, 2),
]  # fmt: skip


def seed_current_forum(entity: Entity) -> None:
    now = timezone.now()
    activity = (
        PlannedActivity.objects.for_entity(entity)
        .filter(version__plan__year=timezone.localdate().year, mechanism="foro")
        .order_by("pk")
        .first()
    )
    if activity is None:
        return
    forum, created = Forum.objects.get_or_create(
        entity=entity,
        topic=f"Seguimiento a los compromisos de {timezone.localdate().year}",
        defaults={
            "activity": activity,
            "description": (
                "Cuéntenos cómo ve el avance de los compromisos de la vigencia y qué debería "
                "presentarse en la audiencia pública de rendición de cuentas."
            ),
            "opens_at": now - datetime.timedelta(days=3),
            "closes_at": now + datetime.timedelta(days=11),
            "is_published": True,
        },
    )
    if not created:
        return
    for pseudonym, text, status, hours in CURRENT_FORUM_COMMENTS:
        ForumComment.objects.create(
            entity=entity,
            forum=forum,
            pseudonym=pseudonym,
            text=text,
            status=status,
            rejection_reason="Contiene datos personales."
            if status == ModerationStatus.REJECTED
            else "",
            created_at=now - datetime.timedelta(hours=hours),
            moderated_at=None
            if status == ModerationStatus.PENDING
            else now - datetime.timedelta(hours=hours - 1),
        )


def seed(*, entities: dict[str, Entity]) -> None:
    for entity in entities.values():
        seed_current_forum(entity)
    if "itagui" in entities:
        seed_itagui(entities["itagui"])
    if "cali" in entities:
        seed_cali(entities["cali"])
