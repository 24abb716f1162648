"""Demo plans from the seeds. Idempotent: a plan that already exists (entity, year) is left alone.

- FONDESER 2019: the seguimiento matrix of seed 002 (ACTIVIDAD, META, UNIDAD DE MEDIDA,
  INDICADOR, RESPONSABLE, PERIODICIDAD).
- Cali 2019: activities of several organismos under the three procedures of seed 004.
- Itagüí 2022: the Primer Encuentro de Instancias (28 Nov 2022) and its cronograma (seed 000).
- Every entity, the year the demo runs: a plan in execution whose activities are spread around
  today (some done, one under way, one coming up), so the portal looks like a living entity.
- Itagüí, next year: a plan in consultation with observations in several states.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from django.apps import apps
from django.db import transaction
from django.utils import timezone

from cabildo.core.models import Area, Entity
from cabildo.plans import services
from cabildo.plans.models import (
    Consultation,
    ParticipationPlan,
    PlanStatus,
    PlanTransition,
    PlanVersion,
    Viability,
)

DEMO_NOTE = "Datos de demostración"

PLAN_ACTION = ("Elaborar el plan de acción anual por procesos", "Plan de acción anual por procesos",
               "Plan de acción anual por procesos elaborado")  # fmt: skip
DESIGN = ("Diseñar la política de Participación Ciudadana", "Política de Participación Ciudadana",
          "Política de Participación Ciudadana formulada")  # fmt: skip
IMPLEMENT_POLICY = ("Implementar la política de Participación Ciudadana",
                    "Política de Participación Ciudadana",
                    "Política de Participación Ciudadana implementada")  # fmt: skip
IMPLEMENT_PLAN = ("Implementar el Plan de Participación", "Plan de Participación",
                  "Plan de participación implementado")  # fmt: skip
EVALUATE = ("Evaluar el Plan de Participación", "Plan de Participación",
            "Plan de Participación evaluado")  # fmt: skip
REPORT = ("Realizar informe del Plan de Participación", "Informe del Plan de Participación",
          "Informe Plan de Participación")  # fmt: skip

# Seed 002: (ACTIVIDAD, (META, UNIDAD DE MEDIDA, INDICADOR), fase, mes de inicio).
FONDESER_MATRIX = [
    ("Identificar en conjunto con las áreas misionales y de apoyo a la gestión, las metas y "
     "actividades en las que se debe involucrar a los ciudadanos y grupos de interés "
     "caracterizados.", PLAN_ACTION, "diagnostico", 1),
    ("Clasificar las actividades de participación identificadas en las fases del ciclo de la "
     "gestión.", PLAN_ACTION, "diagnostico", 2),
    ("Clasificar cuáles actividades se realizarán con instancias de participación legalmente "
     "conformadas y cuáles en otros espacios.", PLAN_ACTION, "formulacion", 2),
    ("Verificar si todos los grupos de valor están contemplados en al menos una actividad de "
     "participación.",
     ("Caracterizar los grupos de valor", "Caracterización de los grupos de valor",
      "Número de grupos de valor caracterizados / Total de grupos de valor existentes"),
     "diagnostico", 3),
    ("Definir los canales y las metodologías de las actividades de participación en las fases "
     "del ciclo.", DESIGN, "formulacion", 3),
    ("Definir una estrategia para capacitar a los grupos de valor y cualificar los procesos de "
     "participación.", DESIGN, "formulacion", 4),
    ("Definir los recursos, alianzas, convenios y presupuesto asociado a las actividades.",
     DESIGN, "formulacion", 4),
    ("Establecer el cronograma de ejecución de las actividades de participación.",
     IMPLEMENT_POLICY, "formulacion", 4),
    ("Estandarizar los formatos internos de reporte de las actividades de participación.",
     DESIGN, "formulacion", 5),
    ("Definir una estrategia de comunicación (interna y externa) de la actividad participativa.",
     DESIGN, "formulacion", 5),
    ("Divulgar el plan de participación invitando a la ciudadanía a opinar sobre él.",
     ("Construir el plan de participación", "Plan de participación",
      "Plan de participación formulado"), "formulacion", 6),
    ("Preparar la información que se entregará en las actividades sometidas a participación.",
     IMPLEMENT_POLICY, "implementacion", 6),
    ("Socializar a los grupos de valor convocados la información necesaria y las rutas de "
     "consulta.",
     ("Socializar la política de Participación Ciudadana", "Política de Participación Ciudadana",
      "Política de Participación Ciudadana socializada"), "implementacion", 7),
    ("Convocar a los ciudadanos y grupos de valor a las actividades definidas.",
     IMPLEMENT_PLAN, "implementacion", 7),
    ("Habilitar los canales, escenarios y mecanismos presenciales y electrónicos definidos en "
     "el plan.", IMPLEMENT_PLAN, "implementacion", 8),
    ("Sistematizar los resultados de las actividades de participación ciudadana.",
     IMPLEMENT_PLAN, "implementacion", 9),
    ("Analizar las recomendaciones u objeciones recibidas y evaluar la viabilidad de su "
     "incorporación.", EVALUATE, "evaluacion", 10),
    ("Analizar los resultados de la implementación del plan con los formatos internos de "
     "reporte.", EVALUATE, "evaluacion", 11),
    ("Publicar y divulgar los resultados y acuerdos de la participación, con la fase y el nivel "
     "de incidencia.", REPORT, "evaluacion", 12),
]  # fmt: skip


def _groups(entity: Entity) -> list[Any]:
    try:
        model = apps.get_model("stakeholders", "StakeholderGroup")
    except LookupError:
        return []
    return list(model.objects.filter(entity=entity).order_by("name"))


def _body(entity: Entity, *words: str) -> Any:
    try:
        model = apps.get_model("bodies", "ParticipationBody")
    except LookupError:
        return None
    qs = model.objects.filter(entity=entity)
    for word in words:
        qs = qs.filter(name__icontains=word)
    return qs.order_by("pk").first()


def _area(entity: Entity, name: str) -> Area:
    area = Area.objects.for_entity(entity).filter(name=name).first()
    if area is None:
        area, _ = Area.objects.get_or_create(
            entity=entity, name=name, defaults={"kind": "misional"}
        )
    return area


def _set_status(
    version: PlanVersion,
    status: str,
    *,
    published_at: datetime | None = None,
    changelog: str | None = None,
    approved_on: date | None = None,
    approval_act: str | None = None,
    closed_on: date | None = None,
) -> None:
    """Move the demo plan to ``status``; each field given (not ``None``) is set with it."""
    previous = version.status
    version.status = status
    if published_at is not None:
        version.published_at = published_at
    if changelog is not None:
        version.changelog = changelog
    if approved_on is not None:
        version.approved_on = approved_on
    if approval_act is not None:
        version.approval_act = approval_act
    if closed_on is not None:
        version.closed_on = closed_on
    version.save()
    PlanTransition.objects.create(
        entity_id=version.entity_id,
        version=version,
        from_status=previous,
        to_status=status,
        note=DEMO_NOTE,
    )


def _space(body: Any, other: str) -> dict[str, Any]:
    return {"body": body, "other_space": ""} if body else {"body": None, "other_space": other}


def _new_plan(entity: Entity, year: int, title: str, objective: str) -> PlanVersion | None:
    if ParticipationPlan.objects.for_entity(entity).filter(year=year).exists():
        return None
    plan = services.plan_create(entity=entity, year=year, title=title, objective=objective)
    return services.latest_version(plan)


def seed_fondeser(entity: Entity) -> None:
    version = _new_plan(
        entity,
        2019,
        "Plan de Participación Ciudadana 2019",
        "Ejercer activa y efectivamente los derechos de los ciudadanos, incluirlos en la "
        "planeación y toma de decisiones y garantizar una respuesta eficaz.",
    )
    if version is None:
        return
    area = _area(entity, "Gerencia")
    groups = _groups(entity)
    for index, (name, (goal, unit, indicator), phase, month) in enumerate(FONDESER_MATRIX):
        activity = services.activity_save(
            version=version,
            data={
                "area": area,
                "name": name,
                "goal": goal,
                "unit": unit,
                "indicator": indicator,
                "responsible": "Todas las dependencias",
                "periodicity": "Diciembre",
                "phase": phase,
                "procedure": "planeacion"
                if phase in ("diagnostico", "formulacion")
                else ("control_social" if phase == "evaluacion" else "promocion"),
                "incidence_level": "consultar" if phase != "evaluacion" else "controlar",
                "channels": ["presencial"],
                "mechanism": "mesa_trabajo",
                "start_date": date(2019, month, 1),
                "end_date": date(2019, 12, 31),
                "budget": Decimal("0"),
                "order": index + 1,
                **_space(None, "Sede de FONDESER, El Retiro"),
            },
        )
        if groups:
            activity.stakeholder_groups.set(groups[index % len(groups) : index % len(groups) + 1])
    _set_status(version, PlanStatus.IN_CONSULTATION, published_at=timezone.now())
    _set_status(
        version,
        PlanStatus.ADJUSTED,
        changelog="Se precisaron los responsables y la periodicidad de seguimiento (diciembre).",
    )
    _set_status(
        version,
        PlanStatus.APPROVED,
        approved_on=date(2019, 1, 30),
        approval_act="Comité Institucional de Gestión y Desempeño de FONDESER, acta N.º 1 de 2019",
    )
    _set_status(version, PlanStatus.IN_EXECUTION)
    _set_status(version, PlanStatus.CLOSED, closed_on=date(2019, 12, 31))


CALI_ACTIVITIES = [
    # (organismo, actividad, procedimiento, fase, nivel, mecanismo, canal, mes, body words, MURC)
    ("Departamento Administrativo de Planeación Municipal",
     "Mesas comunales de presupuesto participativo", "planeacion", "formulacion", "codecidir",
     "mesa_trabajo", "presencial", 3, ("Planeación",), ""),
    ("Secretaría de Desarrollo Territorial y Participación Ciudadana",
     "Escuela de formación en participación ciudadana para líderes de comunas y corregimientos",
     "promocion", "implementacion", "colaborar", "taller", "presencial+virtual", 4, (), ""),
    ("Departamento Administrativo de Gestión del Medio Ambiente",
     "Seguimiento con el Consejo Ambiental Comunitario Municipal (CACM)", "control_social",
     "evaluacion", "controlar", "sesion_instancia", "presencial", 6, ("Ambiental",), ""),
    ("Secretaría de Salud Pública", "Audiencia pública de rendición de cuentas en salud",
     "control_social", "evaluacion", "controlar", "audiencia_publica", "presencial+virtual", 11, (),
     "dialogo"),
    ("Secretaría de Educación", "Encuesta virtual de diagnóstico de necesidades educativas",
     "planeacion", "diagnostico", "consultar", "encuesta", "virtual", 2, (), ""),
    ("Secretaría de Cultura", "Foro de promoción de la participación cultural",
     "promocion", "implementacion", "informar", "foro", "presencial", 8, (), "informacion"),
]  # fmt: skip


def seed_cali(entity: Entity) -> None:
    version = _new_plan(
        entity,
        2019,
        "Plan Municipal de Participación Ciudadana 2019",
        "Coordinar las actividades que los organismos adelantan con sus grupos de valor en "
        "planeación participativa, control social y promoción de la participación.",
    )
    if version is None:
        return
    groups = _groups(entity)
    for index, (
        organism,
        name,
        procedure,
        phase,
        level,
        mechanism,
        channel,
        month,
        words,
        murc,
    ) in enumerate(CALI_ACTIVITIES):
        body = _body(entity, *words) if words else None
        activity = services.activity_save(
            version=version,
            data={
                "area": _area(entity, organism),
                "name": name,
                "procedure": procedure,
                "phase": phase,
                "incidence_level": level,
                "mechanism": mechanism,
                "channels": channel.split("+"),
                "start_date": date(2019, month, 1),
                "end_date": date(2019, month + 1, 28),
                "responsible": f"Equipo de participación · {organism}",
                "periodicity": "Trimestral",
                "goal": "100 % de las actividades programadas",
                "budget": Decimal(15_000_000 + index * 5_000_000),
                "is_accountability": bool(murc),
                "murc_action": murc,
                "order": index + 1,
                **_space(body, "Centro Administrativo Municipal (CAM)"),
            },
        )
        if groups:
            activity.stakeholder_groups.set(groups[: 1 + index % 3])
    _set_status(version, PlanStatus.IN_CONSULTATION, published_at=timezone.now())
    _set_status(
        version,
        PlanStatus.ADJUSTED,
        changelog="Se incorporaron las mesas comunales solicitadas por las JAL.",
    )
    _set_status(
        version,
        PlanStatus.APPROVED,
        approved_on=date(2019, 1, 31),
        approval_act="Comité Institucional de Gestión y Desempeño, acta N.º 2 de 2019",
    )


ITAGUI_CRONOGRAMA = [
    ("Planeación del encuentro", date(2022, 10, 3), date(2022, 10, 21), "formulacion",
     "mesa_trabajo"),
    ("Diseño de piezas de convocatoria", date(2022, 10, 24), date(2022, 11, 4), "implementacion",
     "redes_sociales"),
    ("Convocatoria a las instancias", date(2022, 11, 8), date(2022, 11, 25), "implementacion",
     "redes_sociales"),
    ("Logística del encuentro", date(2022, 11, 14), date(2022, 11, 26), "implementacion",
     "otro"),
    ("Primer Encuentro de Instancias de Participación de Itagüí", date(2022, 11, 28),
     date(2022, 11, 28), "implementacion", "encuentro"),
    ("Documento de reflexiones y borrador del sistema municipal de participación",
     date(2022, 12, 1), date(2022, 12, 20), "evaluacion", "mesa_trabajo"),
]  # fmt: skip


def seed_itagui_2022(entity: Entity) -> None:
    version = _new_plan(
        entity,
        2022,
        "Plan de Participación Ciudadana 2022",
        "Diseñar de manera conjunta el sistema municipal de participación ciudadana y generar "
        "sinergias entre las instancias.",
    )
    if version is None:
        return
    area = _area(entity, "Secretaría de Participación e Inclusión Social")
    council = _body(entity, "Consejo", "Participación")
    groups = _groups(entity)
    for index, (name, start, end, phase, mechanism) in enumerate(ITAGUI_CRONOGRAMA):
        is_meeting = "Primer Encuentro" in name
        activity = services.activity_save(
            version=version,
            data={
                "area": area,
                "name": name,
                "description": (
                    "Semana de la participación: 8:00 a. m. a 12:00 m., Institución Diego "
                    "Echavarría Misas. Contextualización, deliberación y consensos."
                    if is_meeting
                    else ""
                ),
                "procedure": "promocion",
                "phase": phase,
                "incidence_level": "colaborar" if is_meeting else "informar",
                "mechanism": mechanism,
                "channels": ["presencial"],
                "start_date": start,
                "end_date": end,
                "responsible": "Secretaría de Participación y Consejo de Participación Ciudadana",
                "periodicity": "Mensual",
                "goal": "42 instancias convocadas" if is_meeting else "",
                "budget": Decimal("8000000") if is_meeting else Decimal("0"),
                "order": index + 1,
                **_space(
                    council if (council and not is_meeting) else None,
                    "Institución Diego Echavarría Misas"
                    if is_meeting
                    else "Secretaría de Participación",
                ),
            },
        )
        if groups:
            activity.stakeholder_groups.set(groups[:2])
    _set_status(version, PlanStatus.IN_CONSULTATION, published_at=timezone.now())
    _set_status(version, PlanStatus.ADJUSTED, changelog="Se agregó la convocatoria por redes.")
    _set_status(
        version,
        PlanStatus.APPROVED,
        approved_on=date(2022, 9, 30),
        approval_act="Comité Institucional de Gestión y Desempeño, acta N.º 7 de 2022",
    )
    _set_status(version, PlanStatus.IN_EXECUTION)
    _set_status(version, PlanStatus.CLOSED, closed_on=date(2022, 12, 31))


# The plan in force the year the demo runs: (activity, phase, procedure, incidence level,
# mechanism, channel, days from today to its start, length in days, MURC action). The execution
# demo holds an event for each: those before today with attendance, the last ones coming up.
CURRENT_ACTIVITIES = [
    ("Diagnóstico participativo de necesidades con los grupos de valor", "diagnostico",
     "planeacion", "consultar", "encuesta", "virtual", -150, 30, ""),
    ("Mesas de trabajo para formular el plan de acción", "formulacion", "planeacion",
     "colaborar", "mesa_trabajo", "presencial", -90, 20, ""),
    ("Taller de control social a la contratación", "implementacion", "control_social",
     "controlar", "taller", "presencial", -40, 10, ""),
    ("Foro de seguimiento a los compromisos de la vigencia", "implementacion", "promocion",
     "informar", "foro", "presencial+virtual", -3, 14, "informacion"),
    ("Audiencia pública de rendición de cuentas", "evaluacion", "control_social", "controlar",
     "audiencia_publica", "presencial+virtual", 14, 14, "dialogo"),
]  # fmt: skip


def _within_year(day: date, year: int) -> date:
    return min(max(day, date(year, 1, 1)), date(year, 12, 31))


def _working_areas(entity: Entity) -> list[Area]:
    """The entity's areas that run participation activities (control areas audit them)."""
    areas = list(Area.objects.for_entity(entity).exclude(kind="control").order_by("pk"))
    return areas or [_area(entity, "Despacho")]


def seed_current_year(entity: Entity) -> None:
    """The plan in force this year, in execution, its activities around today."""
    today = timezone.localdate()
    year = today.year
    version = _new_plan(
        entity,
        year,
        f"Plan de Participación Ciudadana {year}",
        "Involucrar a los grupos de valor en el diagnóstico, la formulación, la implementación y "
        "la evaluación de la gestión de la entidad durante la vigencia.",
    )
    if version is None:
        return
    areas = _working_areas(entity)
    groups = _groups(entity)
    for index, spec in enumerate(CURRENT_ACTIVITIES):
        name, phase, procedure, level, mechanism, channel, offset, length, murc = spec
        area = areas[index % len(areas)]
        start = _within_year(today + timedelta(days=offset), year)
        services.activity_save(
            version=version,
            data={
                "area": area,
                "name": name,
                "phase": phase,
                "procedure": procedure,
                "incidence_level": level,
                "mechanism": mechanism,
                "channels": channel.split("+"),
                "start_date": start,
                "end_date": _within_year(start + timedelta(days=length), year),
                "responsible": f"Enlace de participación · {area.name}",
                "periodicity": "Trimestral",
                "goal": "Actividad realizada con los grupos de valor convocados",
                "budget": Decimal(2_000_000 * (index + 1)),
                "is_accountability": bool(murc),
                "murc_action": murc,
                "order": index + 1,
                **_space(None, entity.address or "Sede de la entidad"),
            },
        ).stakeholder_groups.set(
            {groups[(index + k) % len(groups)] for k in (0, 1)} if groups else []
        )
    published = timezone.make_aware(datetime.combine(min(today, date(year, 1, 10)), time(9, 0)))
    _set_status(version, PlanStatus.IN_CONSULTATION, published_at=published)
    _set_status(
        version,
        PlanStatus.ADJUSTED,
        changelog="Se ajustaron las fechas de las mesas según las observaciones de la consulta.",
    )
    _set_status(
        version,
        PlanStatus.APPROVED,
        approved_on=min(today, date(year, 1, 31)),
        approval_act=f"Comité Institucional de Gestión y Desempeño, acta N.º 1 de {year}",
    )
    _set_status(version, PlanStatus.IN_EXECUTION)


def seed_itagui_consultation(entity: Entity) -> None:
    """Next year's plan, in consultation now, with observations in several states."""
    today = timezone.localdate()
    year = today.year + 1
    version = _new_plan(
        entity,
        year,
        f"Plan de Participación Ciudadana {year}",
        "Involucrar a los grupos de valor en el diagnóstico, la formulación, la implementación y "
        "la evaluación de la gestión municipal.",
    )
    if version is None:
        return
    participation = _area(entity, "Secretaría de Participación e Inclusión Social")
    planning = _area(entity, "Departamento Administrativo de Planeación")
    health = _area(entity, "Secretaría de Salud y Protección Social")
    council = _body(entity, "Consejo", "Participación")
    groups = _groups(entity)
    specs = [
        (participation, "Segundo Encuentro de Instancias de Participación", "implementacion",
         "promocion", "colaborar", "encuentro", council, 10),
        (planning, "Mesas de presupuesto participativo por comuna", "formulacion", "planeacion",
         "codecidir", "mesa_trabajo", None, 4),
        (health, "Audiencia pública de rendición de cuentas en salud", "evaluacion",
         "control_social", "controlar", "audiencia_publica", None, 11),
    ]  # fmt: skip
    activities = []
    for index, (area, name, phase, procedure, level, mechanism, body, month) in enumerate(specs):
        activity = services.activity_save(
            version=version,
            data={
                "area": area,
                "name": name,
                "phase": phase,
                "procedure": procedure,
                "incidence_level": level,
                "mechanism": mechanism,
                "channels": ["presencial", "virtual"],
                "start_date": date(year, month, 1),
                "end_date": date(year, month, 28),
                "responsible": f"Enlace de participación · {area.name}",
                "periodicity": "Trimestral",
                "budget": Decimal(5_000_000 * (index + 1)),
                "is_accountability": mechanism == "audiencia_publica",
                "murc_action": "dialogo" if mechanism == "audiencia_publica" else "",
                "order": index + 1,
                **_space(body, "Centro Administrativo Municipal"),
            },
        )
        if groups:
            activity.stakeholder_groups.set(groups[index::3])
        activities.append(activity)
    consultation = services.plan_publish_for_consultation(
        version=version, start_date=today, confirm_uncovered=True
    )
    Consultation.objects.filter(pk=consultation.pk).update(
        start_date=today - timedelta(days=3), end_date=today + timedelta(days=11)
    )
    consultation.refresh_from_db()
    samples = [
        (activities[1], "Pedimos una mesa adicional en el corregimiento El Manzanillo.", "viable"),
        (
            activities[2],
            "La audiencia debería transmitirse también por la emisora comunitaria.",
            "parcial",
        ),
        (None, "Incluyan a las personas mayores en el diagnóstico del plan.", ""),
        (activities[0], "Mensaje ofensivo de prueba para la moderación.", "hidden"),
    ]
    for about, text, state in samples:
        observation = services.observation_submit(
            consultation=consultation,
            text=text,
            consent_given=True,
            activity=about,
            email="",
        )
        if state == "hidden":
            services.observation_hide(observation=observation, reason="Lenguaje ofensivo")
        elif state:
            services.observation_analyse(
                observation=observation,
                viability=Viability.VIABLE if state == "viable" else Viability.PARTIAL,
                justification=(
                    "Se programará la mesa adicional en el corregimiento."
                    if state == "viable"
                    else "Se transmitirá por redes; la emisora depende de un convenio."
                ),
                changed_activity=activity,
            )


@transaction.atomic
def seed(*, entities: dict[str, Entity]) -> None:
    if "fondeser" in entities:
        seed_fondeser(entities["fondeser"])
    if "cali" in entities:
        seed_cali(entities["cali"])
    if "itagui" in entities:
        seed_itagui_2022(entities["itagui"])
        seed_itagui_consultation(entities["itagui"])
    for entity in entities.values():
        seed_current_year(entity)
        _fill_approval_acts(entity)


def _fill_approval_acts(entity: Entity) -> None:
    """Databases seeded before approval acts were recorded get one for each approved plan."""
    for version in (
        PlanVersion.objects.for_entity(entity)
        .filter(approved_on__isnull=False, approval_act="")
        .select_related("plan")
    ):
        if version.approved_on is None:  # (the filter leaves none)
            continue
        version.approval_act = (
            f"Comité Institucional de Gestión y Desempeño, acta N.º 1 de {version.approved_on.year}"
        )
        version.save(update_fields=["approval_act"])
