"""Demo data so the dashboard, the consolidated evaluation, the public results page and the
report show meaningful figures for the four entities. Idempotent (natural keys).

- Evaluated years: FONDESER 2019 and Cali 2019 (plans demo), Itagüí 2022 (plans and execution
  demo), Concejo de Cartago 2024 (a plan created here, with its accountability activities).
- Held events with attendees and analysed contributions for most activities of the year, the
  internal reports (accepted or sent), the MURC stage of every accountability activity.
- Seed 002's seguimiento matrix as indicators (the eight automatic ones and two manual ones)
  with the year's measurements, two good practices and the published evaluation.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone

from cabildo.core.models import Area, Entity
from cabildo.evaluation import metrics, periods, services
from cabildo.evaluation.models import (
    AccountabilityStage,
    AutomaticKey,
    Evaluation,
    GoodPractice,
    Indicator,
    IndicatorSource,
    Measurement,
    MurcStage,
    Periodicity,
)
from cabildo.execution.demo import seed_report
from cabildo.execution.models import (
    Contribution,
    ContributionKind,
    Event,
    Modality,
    Registration,
    RegistrationChannel,
    ReportStatus,
    Viability,
)
from cabildo.plans.models import Channel, MurcAction, ParticipationPlan, PlanStatus

BOGOTA = ZoneInfo("America/Bogota")
YEARS = {"fondeser": 2019, "cali": 2019, "itagui": 2022, "cartago": 2024}

ATTENDEES = [
    "Blanca Nubia Henao",
    "José Arley Giraldo",
    "Martha Cecilia Ocampo",
    "Wilson Darío Marín",
    "Yolanda Patiño Ruiz",
    "Fredy Alonso Quintero",
]
CONTRIBUTIONS = [
    (ContributionKind.PROPOSAL, "Realizar las mesas también en las veredas y corregimientos."),
    (ContributionKind.RECOMMENDATION, "Publicar las memorias en lenguaje claro y en la radio."),
    (ContributionKind.OBJECTION, "La convocatoria se hizo con muy poca anticipación."),
    (ContributionKind.QUESTION, "¿Cómo se hará seguimiento a los compromisos adquiridos?"),
]
VIABILITIES = [Viability.VIABLE, Viability.PARTIAL, Viability.NOT_VIABLE, ""]
STAGE_BY_ACTION = {
    MurcAction.INFORMATION: MurcStage.PREPARATION,
    MurcAction.DIALOGUE: MurcStage.EXECUTION,
    MurcAction.RESPONSIBILITY: MurcStage.FOLLOW_UP,
}

# Seed 002's matrix: (ACTIVIDADES DE GESTIÓN, META, UNIDAD, INDICADOR, key, numerator,
# denominator, target).
INDICATORS = [
    ("Validar con las áreas si los grupos de valor con los que trabajó atienden a la "
     "caracterización.", "Caracterizar los grupos de valor",
     "Caracterización de los grupos de valor",
     "Número de grupos de valor caracterizados / Total de grupos de valor existentes",
     AutomaticKey.CHARACTERIZED_GROUPS, "Grupos de valor caracterizados",
     "Total de grupos de valor existentes", 80),
    ("Establecer el cronograma de ejecución de las actividades identificadas.",
     "Implementar el Plan de Participación", "Plan de Participación",
     "Actividades realizadas / actividades programadas", AutomaticKey.ACTIVITIES_DONE,
     "Actividades realizadas", "Actividades programadas", 90),
    ("Analizar las recomendaciones u objeciones recibidas en el proceso de participación.",
     "Evaluar el Plan de Participación", "Plan de Participación",
     "Aportes analizados / aportes recibidos", AutomaticKey.CONTRIBUTIONS_ANALYSED,
     "Aportes analizados", "Aportes recibidos", 100),
    ("Evaluar la viabilidad de incorporar los aportes en la actividad sometida a "
     "participación.", "Evaluar el Plan de Participación", "Plan de Participación",
     "Aportes incorporados / aportes recibidos", AutomaticKey.CONTRIBUTIONS_INCORPORATED,
     "Aportes viables o parcialmente viables", "Aportes recibidos", 40),
    ("Divulgar el plan de participación ajustado a las observaciones recibidas.",
     "Socializar plan de participación", "Plan de participación",
     "Observaciones del plan respondidas / recibidas", AutomaticKey.OBSERVATIONS_ANSWERED,
     "Observaciones respondidas", "Observaciones recibidas", 100),
    ("Construir un mecanismo de recolección de información para hacer seguimiento a las "
     "peticiones de la ciudadanía.", "Registrar PQRS", "PQRS",
     "PQRSD respondidas a tiempo / PQRSD recibidas", AutomaticKey.PETITIONS_ON_TIME,
     "PQRSD respondidas dentro del término", "PQRSD recibidas", 95),
    ("A partir de los resultados de FURAG identificar y documentar las debilidades y "
     "fortalezas de la participación.", "Implementar y evaluar la política de Participación "
     "Ciudadana", "Política de Participación Ciudadana",
     "Acciones de mejora cumplidas / programadas", AutomaticKey.IMPROVEMENT_DONE,
     "Acciones de mejora cumplidas", "Acciones de mejora programadas", 80),
    ("De las actividades identificadas, clasificar cuáles se realizarán con instancias de "
     "participación legalmente conformadas.", "Elaborar el plan de acción anual por procesos",
     "Plan de acción anual por procesos", "Instancias activas / instancias registradas",
     AutomaticKey.ACTIVE_BODIES, "Instancias activas", "Instancias registradas", 75),
    ("Socializar los resultados del diagnóstico de la política de participación ciudadana al "
     "interior de la entidad.", "Socializar la política de Participación Ciudadana",
     "Política de Participación Ciudadana", "Política de Participación Ciudadana socializada",
     "", "Dependencias con la política socializada", "Total de dependencias", 100),
    ("Divulgar el plan de participación por distintos canales invitando a la ciudadanía a que "
     "opine acerca del mismo.", "Construir el plan de participación", "Plan de participación",
     "Plan de participación formulado", "", "Canales en los que se divulgó el plan",
     "Canales previstos", 100),
]  # fmt: skip

CARTAGO_ACTIVITIES = [
    # (name, phase, procedure, level, mechanism, channel, month, MURC action)
    ("Diseño de la estrategia de rendición de cuentas del Concejo", "formulacion",
     "control_social", "consultar", "mesa_trabajo", "presencial", 2, MurcAction.INFORMATION),
    ("Sesión abierta sobre el plan de desarrollo municipal", "formulacion", "planeacion",
     "consultar", "cabildo_abierto", "presencial", 4, ""),
    ("Foro virtual con jóvenes sobre el presupuesto municipal", "diagnostico", "planeacion",
     "colaborar", "foro", "virtual", 5, ""),
    ("Audiencia pública de rendición de cuentas del Concejo", "evaluacion", "control_social",
     "controlar", "audiencia_publica", "mixto", 9, MurcAction.DIALOGUE),
    ("Respuesta pública a las preguntas de la audiencia", "evaluacion", "control_social",
     "informar", "redes_sociales", "virtual", 10, MurcAction.RESPONSIBILITY),
    ("Taller de control social con veedurías ciudadanas", "implementacion", "control_social",
     "colaborar", "taller", "presencial", 11, ""),
]  # fmt: skip

PRACTICES = [
    (
        "Convocar a través de las juntas de acción comunal",
        "Las juntas difundieron la convocatoria casa a casa y por sus grupos de WhatsApp; la "
        "asistencia superó la de años anteriores.",
    ),
    (
        "Responder los aportes en la misma jornada",
        "Cada dependencia llevó a la mesa una persona con capacidad de decisión, que respondió "
        "en el momento las preguntas y explicó la viabilidad de las propuestas.",
    ),
]


def _area(entity: Entity, name: str) -> Area:
    area, _ = Area.objects.get_or_create(entity=entity, name=name, defaults={"kind": "misional"})
    return area


def _cartago_plan(entity: Entity, year: int) -> None:
    from cabildo.plans import services as plan_services
    from cabildo.plans.models import PlanVersion

    if ParticipationPlan.objects.for_entity(entity).filter(year=year).exists():
        return
    plan = plan_services.plan_create(
        entity=entity,
        year=year,
        title=f"Plan de Participación Ciudadana del Concejo {year}",
        objective="Abrir el trabajo del Concejo Municipal a la ciudadanía de Cartago.",
    )
    version = plan_services.latest_version(plan)
    if version is None:
        raise RuntimeError("plan_create() makes the plan's first version")
    area = _area(entity, "Secretaría General del Concejo")
    groups = list(_groups(entity))
    for index, (name, phase, procedure, level, mechanism, channel, month, murc) in enumerate(
        CARTAGO_ACTIVITIES
    ):
        activity = plan_services.activity_save(
            version=version,
            data={
                "area": area,
                "name": name,
                "phase": phase,
                "procedure": procedure,
                "incidence_level": level,
                "mechanism": mechanism,
                "channels": [channel],
                "start_date": datetime.date(year, month, 1),
                "end_date": datetime.date(year, month, 28),
                "responsible": "Secretaría General del Concejo",
                "periodicity": "Trimestral",
                "goal": "Realizar la actividad con la ciudadanía",
                "budget": Decimal(3_000_000 + index * 1_000_000),
                "is_accountability": bool(murc),
                "murc_action": murc,
                "order": index + 1,
                "body": None,
                "other_space": "Recinto del Concejo Municipal de Cartago",
            },
        )
        if groups:
            activity.stakeholder_groups.set(groups[index % len(groups) : index % len(groups) + 2])
    # A past year's plan is closed: the plan in force is the current year's (plans demo).
    past = year < timezone.localdate().year
    PlanVersion.objects.filter(pk=version.pk).update(
        status=PlanStatus.CLOSED if past else PlanStatus.IN_EXECUTION,
        approved_on=datetime.date(year, 1, 30),
        approval_act=f"Mesa Directiva del Concejo Municipal, Resolución N.º 015 de {year}",
        closed_on=datetime.date(year, 12, 31) if past else None,
    )


def _groups(entity: Entity) -> Any:
    from cabildo.stakeholders.models import StakeholderGroup

    return StakeholderGroup.objects.for_entity(entity).order_by("name")


def _seed_execution(entity: Entity, year: int) -> None:
    """Held events, attendees, analysed contributions and reports for the year's activities."""
    groups = list(_groups(entity))
    activities = metrics.activities_of_year(entity=entity, year=year).order_by("order", "pk")
    for index, activity in enumerate(activities):
        if activity.is_accountability and activity.murc_action:
            AccountabilityStage.objects.get_or_create(
                entity=entity,
                activity=activity,
                defaults={"stage": STAGE_BY_ACTION[MurcAction(activity.murc_action)]},
            )
        if (index % 4 == 2 and not activity.is_accountability) or activity.events.exists():
            continue  # one in four stays programmed; the execution demo's events are kept
        day = activity.start_date or datetime.date(year, 6, 1)
        starts = datetime.datetime(year, day.month, min(day.day + 9, 28), 9, 0, tzinfo=BOGOTA)
        virtual = activity.channel_mode in (Channel.VIRTUAL, Channel.MIXED)
        modalities: dict[str, Modality] = {
            Channel.VIRTUAL: Modality.VIRTUAL,
            Channel.MIXED: Modality.HYBRID,
        }
        modality = modalities.get(activity.channel_mode, Modality.IN_PERSON)
        event, _ = Event.objects.get_or_create(
            entity=entity,
            activity=activity,
            title=activity.name[:300],
            defaults={
                "starts_at": starts,
                "ends_at": starts + datetime.timedelta(hours=3),
                "modality": modality,
                "place": activity.space_label[:300],
                "address": "" if modality == Modality.VIRTUAL else "Sede principal de la entidad",
                "link": "https://reuniones.example.org/participa" if virtual else "",
                "is_published": True,
            },
        )
        # Attendees come from the groups the activity was planned for, so the published figures
        # (groups involved, attendance) are recounts of these records.
        invited = list(activity.stakeholder_groups.order_by("name")) or groups
        for offset, name in enumerate(ATTENDEES[: 3 + index % 4]):
            Registration.objects.get_or_create(
                entity=entity,
                event=event,
                name=name,
                defaults={
                    "stakeholder_group": invited[(index + offset) % len(invited)]
                    if invited
                    else None,
                    "attended": True,
                    "channel": RegistrationChannel.PAPER,
                },
            )
        for offset in range(2):
            kind, text = CONTRIBUTIONS[(index + offset) % len(CONTRIBUTIONS)]
            viability = VIABILITIES[(index + offset) % len(VIABILITIES)]
            Contribution.objects.get_or_create(
                entity=entity,
                event=event,
                text=text,
                defaults={
                    "kind": kind,
                    "viability": viability,
                    "justification": "Analizado por la dependencia responsable."
                    if viability
                    else "",
                    "incidence_level": activity.incidence_level
                    if viability in (Viability.VIABLE, Viability.PARTIAL)
                    else "",
                    "stakeholder_group": invited[index % len(invited)] if invited else None,
                },
            )
        if index % 4 in (0, 1):
            seed_report(
                activity,
                ReportStatus.ACCEPTED if index % 4 == 0 else ReportStatus.SUBMITTED,
                results="Se recogieron aportes de los grupos de valor; las dependencias "
                "respondieron su viabilidad y los compromisos quedaron en el acta.",
                lessons="Convocar con más anticipación y por más canales.",
            )


def _seed_indicators(entity: Entity, year: int) -> None:
    for order, row in enumerate(INDICATORS, start=1):
        activity, goal, unit, name, key, numerator, denominator, target = row
        Indicator.objects.get_or_create(
            entity=entity,
            name=name,
            defaults={
                "management_activity": activity,
                "goal": goal,
                "unit": unit,
                "numerator_description": numerator,
                "denominator_description": denominator,
                "target": Decimal(target),
                "periodicity": Periodicity.YEARLY
                if key != AutomaticKey.ACTIVITIES_DONE
                else Periodicity.QUARTERLY,
                "responsible": "Todas las dependencias",
                "source": IndicatorSource.AUTOMATIC if key else IndicatorSource.MANUAL,
                "automatic_key": key,
                "order": order,
            },
        )
    # Computed once: each recalculation that changes a figure is a new version of the
    # measurement, so seeding again must not replay the year's quarters.
    computed = Measurement.objects.for_entity(entity).filter(year=year, is_automatic=True)
    for quarter_end in (3, 6, 9, 12) if not computed.exists() else ():
        services.measurements_record_automatic(
            entity=entity, on=datetime.date(year, quarter_end, 28 if quarter_end != 12 else 31)
        )
    manual = Indicator.objects.for_entity(entity).filter(source=IndicatorSource.MANUAL)
    for index, indicator in enumerate(manual):
        if not indicator.measurements.filter(year=year).exists():
            first = services.measurement_record(
                indicator=indicator,
                year=year,
                period=1,
                numerator=3 if index == 0 else 4,
                denominator=5,
                notes="Según las actas de socialización de la vigencia.",
            )
            if index == 0:
                # One measurement corrected after the fact: its history shows both versions.
                services.measurement_record(
                    indicator=indicator,
                    year=year,
                    period=1,
                    numerator=4,
                    denominator=5,
                    notes=first.notes,
                    reason=(
                        "El acta de la mesa rural llegó después del corte: se suma una "
                        "socialización más."
                    ),
                )


def _seed_current_measurements(entity: Entity) -> None:
    """The year in force is measured too (the dashboard opens on it): the automatic indicators
    recounted at the end of each quarter already over and as of today, the manual ones with a
    first cut. Only once: seeding again must not add versions."""
    today = timezone.localdate()
    if metrics.plan_version(entity=entity, year=today.year) is None:
        return
    if not Indicator.objects.for_entity(entity).exists():
        return
    computed = Measurement.objects.for_entity(entity).filter(year=today.year, is_automatic=True)
    if not computed.exists():
        quarter_ends = [
            periods.bounds(Periodicity.QUARTERLY, today.year, number)[1] for number in (1, 2, 3)
        ]
        for day in [end for end in quarter_ends if end < today] + [today]:
            services.measurements_record_automatic(entity=entity, on=day)
    manual = Indicator.objects.for_entity(entity).filter(
        source=IndicatorSource.MANUAL, is_active=True
    )
    for index, indicator in enumerate(manual):
        if indicator.measurements.filter(year=today.year).exists():
            continue
        number = periods.containing(indicator.periodicity, today)[1]
        services.measurement_record(
            indicator=indicator,
            year=today.year,
            period=number,
            numerator=2 + index % 3,
            denominator=5,
            notes="Avance al corte, según las actas de socialización registradas.",
        )


def _seed_evaluation(entity: Entity, year: int) -> None:
    for title, description in PRACTICES:
        GoodPractice.objects.get_or_create(
            entity=entity, year=year, title=title, defaults={"description": description}
        )
    evaluation = Evaluation.objects.for_entity(entity).filter(year=year).first()
    if evaluation is None or not evaluation.is_published:
        services.evaluation_save(
            entity=entity,
            year=year,
            conclusions=(
                "La ciudadanía participó en la mayoría de las actividades programadas, en las "
                "fases de diagnóstico, formulación e implementación. Se recomienda ampliar la "
                "convocatoria a los grupos de valor rurales y responder los aportes pendientes."
            ),
            publish=True,
        )


@transaction.atomic
def seed(*, entities: dict[str, Entity]) -> None:
    for slug, year in YEARS.items():
        entity = entities.get(slug)
        if entity is None:
            continue
        if slug == "cartago":
            _cartago_plan(entity, year)
        if metrics.plan_version(entity=entity, year=year) is None:
            continue
        _seed_execution(entity, year)
        _seed_indicators(entity, year)
        _seed_evaluation(entity, year)
    for entity in entities.values():
        _seed_current_measurements(entity)
