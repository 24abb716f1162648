"""Demo data of rendición de cuentas and control social.

- Cali: the strategy of the year the demo runs (published), with tasks in every stage (done,
  pending and overdue), and its dialogue spaces held as events: a "Feria de la gestión" held ten
  days ago with its memoria and corrective actions, the execution demo's "Foro de seguimiento…"
  and "Audiencia pública de rendición de cuentas" coming up, the audiencia with its report
  published and questions in every state: received without an area, in the area on time, due
  soon, overdue, answered on time and answered late.
- Cartago (Concejo): the president's report on last year (art. 59) with its recorded matters and
  debates, published in March; the alcalde's report on this year's management, received in
  the November sessions, to answer within the month.
- Itagüí: a veeduría following a works contract, with two supervisor reports, an answered
  observation with its improvement action, a pending one, and a request filed as PQRSD.

Idempotent: rows are matched on natural keys (year, names, texts, registration numbers).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone

from cabildo.accountability import law, services
from cabildo.accountability.models import (
    ActionStatus,
    CouncilDebate,
    CouncilMatter,
    CouncilReport,
    DialogueSpace,
    ImprovementAction,
    MayorReportReview,
    ObservationStatus,
    OversightItem,
    Question,
    QuestionChannel,
    QuestionKind,
    QuestionStatus,
    SpaceKind,
    Stage,
    Strategy,
    StrategyTask,
    SupervisorReport,
    Veeduria,
    VeeduriaMember,
    VeeduriaObservation,
    VeeduriaRequest,
)
from cabildo.core.models import Area, Entity
from cabildo.workdays.calendar import calendar_for

BOGOTA = ZoneInfo("America/Bogota")
HEARING_ACTIVITY = "Audiencia pública de rendición de cuentas"
FORUM_ACTIVITY = "Foro de seguimiento a los compromisos de la vigencia"

REPORT_BODY = """# Qué hicimos en la vigencia

La Alcaldía de Santiago de Cali ejecutó el 87 % de las metas del plan de desarrollo previstas \
para el año. La inversión social se concentró en educación, salud y movilidad.

# Movilidad

Se rehabilitaron 42 kilómetros de malla vial en las comunas 13, 14, 15 y 21, y se pusieron en \
servicio dos nuevas rutas alimentadoras del MIO hacia la ladera.

# Participación ciudadana

Las 22 comunas y los 15 corregimientos priorizaron su presupuesto participativo en asambleas \
abiertas. El plan de participación cumplió 18 de sus 20 actividades.

# Lo que falta

Quedan pendientes la entrega del parque lineal del río Cañaveralejo y la segunda fase de la \
sede de la Casa de Justicia de Siloé; en la audiencia explicaremos por qué y cuándo."""

# (text, kind, channel, days before today it was received (None: so that the answer is due
# by the next business day), state, answer)
QUESTIONS = [
    ("¿Cuándo se entrega el parque lineal del río Cañaveralejo?", "pregunta", "web", 2,
     "received", ""),
    ("Propongo que la audiencia se transmita con intérprete de lengua de señas.", "propuesta",
     "web", 4, "assigned", ""),
    ("¿Cuántos cupos nuevos de jardín infantil se abrieron en la comuna 21?", "pregunta",
     "papel", None, "assigned", ""),
    ("¿Por qué no se ha terminado la Casa de Justicia de Siloé?", "pregunta", "web", 30,
     "assigned", ""),
    ("¿Cuál fue el presupuesto ejecutado en malla vial de la comuna 14?", "pregunta", "web", 35,
     "answered_on_time",
     "Se ejecutaron $18.400 millones en la comuna 14: 9,6 km rehabilitados. El detalle por "
     "tramo está en el informe de gestión de la Secretaría de Infraestructura."),
    ("Propongo publicar el avance de las obras cada mes en la página de la alcaldía.",
     "propuesta", "web", 40, "answered_late",
     "Acogemos la propuesta: desde enero publicaremos el avance mensual de las obras en "
     "Participa, por comuna y con el contrato de cada una."),
]  # fmt: skip

# Tasks dated from the audiencia's day (days after it; negative: before).
HEARING_TASKS = {
    "Convocar la audiencia por radio comunitaria y redes": -10,
    "Realizar la audiencia pública participativa": 0,
    "Responder por escrito todas las preguntas (15 días hábiles)": 25,
    "Evaluar la estrategia con los participantes": 40,
}
TASKS = [
    (Stage.READINESS, "Conformar el equipo líder de rendición de cuentas", -300, -305),
    (Stage.READINESS, "Autodiagnóstico de la rendición de cuentas del año anterior", -280, -282),
    (Stage.TRAINING, "Taller de lenguaje claro para los enlaces de las secretarías", -200, -198),
    (Stage.TRAINING, "Capacitación a las JAL en control social", -60, None),
    (Stage.INFORMATION, "Publicar el informe de gestión en Participa", -45, -45),
    (Stage.INFORMATION, "Publicar los datos abiertos de la ejecución del plan", 10, None),
    (Stage.CONVOCATION, "Convocar la audiencia por radio comunitaria y redes", 3, None),
    (Stage.CONVOCATION, "Realizar la audiencia pública participativa", 14, None),
    (Stage.FOLLOW_UP, "Responder por escrito todas las preguntas (15 días hábiles)", 40, None),
    (Stage.FOLLOW_UP, "Evaluar la estrategia con los participantes", 60, None),
]


def _area(entity: Entity, *names: str) -> Area:
    area = Area.objects.for_entity(entity).filter(name__in=names).order_by("pk").first()
    if area is None:
        area = Area.objects.for_entity(entity).exclude(kind="control").order_by("pk").first()
    if area is None:
        area = Area.objects.create(entity=entity, name=names[0], kind="misional")
    return area


def _event(entity: Entity, activity_name: str, year: int) -> Any:
    """The first event of the activity, leaving out the feria's own event (created in the same
    activity when the plan has no forum): on a second run it would be picked for the audiencia
    too, and one event belongs to one dialogue space."""
    from cabildo.execution.models import Event

    return (
        Event.objects.for_entity(entity)
        .filter(activity__name=activity_name, activity__version__plan__year=year)
        .exclude(title=FAIR_TITLE)
        .select_related("activity")
        .order_by("starts_at")
        .first()
    )


def _received_for_due_tomorrow(calendar: Any, today: date) -> date:
    """The latest day whose 15-business-day term ends by the next business day ("por vencer"
    whatever the date the demo runs)."""
    limit = calendar.add_business_days(today, 1)
    day = today
    while law.answer_due(calendar, day).due_date > limit:
        day -= timedelta(days=1)
    return day


FAIR_TITLE = "Feria de la gestión en la comuna 20"

MEMORIA = (
    "Asistieron 86 personas de la ladera. Las secretarías presentaron el avance de sus obras en "
    "módulos; la ciudadanía pidió información mensual de las obras y un foro en la comuna 20 "
    "antes de la audiencia. Se acordaron dos acciones de mejora."
)

# Who signed the feria's attendance sheet (fictitious; the memoria gives the total).
FAIR_ATTENDEES = ("Marleny Ocoró", "Jhon Fredy Angulo", "Luz Dary Caicedo")


def _held_fair(
    entity: Entity, strategy: Strategy, lead: Area, sibling: Any, today: date
) -> DialogueSpace:
    """A feria de la gestión held ten days ago, or on the first day of its activity when that is
    later (an event of the plan's accountability activity), with its attendance recorded (a
    space counts as held only then) and its memoria published."""
    from cabildo.execution.models import Event, Modality, Registration, RegistrationChannel
    from cabildo.stakeholders.models import StakeholderGroup

    event = None
    held_on: date | None = today - timedelta(days=10)
    activity = sibling.activity if sibling is not None else None
    if activity is not None and activity.start_date and held_on < activity.start_date:
        # The event falls within its activity's dates (core.dates' one rule): the first day of
        # the activity when that day is already past, else no event (the space stays planned).
        held_on = activity.start_date if activity.start_date < today else None
    if activity is not None and activity.end_date and held_on and held_on > activity.end_date:
        held_on = activity.end_date
    if activity is not None and held_on is not None:
        starts = timezone.make_aware(datetime.combine(held_on, datetime.min.time())).replace(hour=9)
        event, _created = Event.objects.update_or_create(
            entity=entity,
            activity=activity,
            title=FAIR_TITLE,
            defaults={
                "starts_at": starts,
                "ends_at": starts + timedelta(hours=5),
                "modality": Modality.IN_PERSON,
                "place": "Polideportivo de Siloé",
                "address": "Carrera 52 # 1-100, Siloé",
                "is_published": True,
            },
        )
        # Each attendee belongs to a grupo de valor (the groups involved are the attendees'
        # groups): the activity's own group, else the entity's first one.
        group = (
            activity.stakeholder_groups.order_by("pk").first()
            or StakeholderGroup.objects.for_entity(entity).order_by("pk").first()
        )
        for name in FAIR_ATTENDEES:
            Registration.objects.update_or_create(
                entity=entity,
                event=event,
                name=name,
                defaults={
                    "attended": True,
                    "channel": RegistrationChannel.PAPER,
                    "stakeholder_group": group,
                },
            )
    fair, _created = DialogueSpace.objects.update_or_create(
        entity=entity,
        strategy=strategy,
        name=FAIR_TITLE,
        defaults={
            "kind": SpaceKind.FAIR,
            "planned_date": held_on or today - timedelta(days=10),
            "in_person": True,
            "area": lead,
            "activity": sibling.activity if sibling is not None else None,
            "event": event,
            "memoria": MEMORIA if event is not None else "",
            "memoria_published_at": (
                min(timezone.now(), event.ends_at + timedelta(hours=20)) if event else None
            ),
        },
    )
    return fair


@transaction.atomic
def seed_cali(entity: Entity) -> None:
    today = timezone.localdate()
    year = today.year
    strategy, _created = Strategy.objects.update_or_create(
        entity=entity,
        year=year,
        defaults={
            "objective": (
                "Informar, explicar y dialogar con la ciudadanía caleña sobre los resultados del "
                "plan de desarrollo en la vigencia, por comunas y corregimientos."
            ),
            "lead_team": (
                "Secretaría de Participación Ciudadana — coordina\n"
                "Departamento Administrativo de Planeación — informe de gestión\n"
                "Oficina de Comunicaciones — convocatoria y lenguaje claro\n"
                "Control Interno — seguimiento"
            ),
            "is_published": True,
            "published_at": timezone.now() - timedelta(days=300),
        },
    )
    lead = _area(
        entity,
        "Secretaría de Desarrollo Territorial y Participación Ciudadana",
        "Secretaría de Participación Ciudadana",
    )
    hearing_event = _event(entity, HEARING_ACTIVITY, year)
    forum_event = _event(entity, FORUM_ACTIVITY, year)
    hearing_day = hearing_event.starts_at.date() if hearing_event else today + timedelta(days=14)
    for stage, description, due_offset, done_offset in TASKS:
        if description in HEARING_TASKS:
            due_offset = (hearing_day - today).days + HEARING_TASKS[description]
        due = min(max(today + timedelta(days=due_offset), date(year, 1, 2)), date(year + 1, 3, 1))
        done = None if done_offset is None else min(today + timedelta(days=done_offset), today)
        StrategyTask.objects.update_or_create(
            entity=entity,
            strategy=strategy,
            description=description,
            defaults={"stage": stage, "owner_area": lead, "due_date": due, "done_on": done},
        )
    hearing, _created = DialogueSpace.objects.update_or_create(
        entity=entity,
        strategy=strategy,
        name=f"Audiencia pública participativa de rendición de cuentas {year}",
        defaults={
            "kind": SpaceKind.HEARING,
            "planned_date": hearing_event.starts_at.date() if hearing_event else today,
            "in_person": True,
            "area": lead,
            "activity": hearing_event.activity if hearing_event else None,
            "event": hearing_event,
            "report_title": f"Informe de rendición de cuentas {year}",
            "report_body": REPORT_BODY,
            "report_published_at": timezone.now() - timedelta(days=45),
        },
    )
    DialogueSpace.objects.update_or_create(
        entity=entity,
        strategy=strategy,
        name="Foro de seguimiento a los compromisos de la vigencia",
        defaults={
            "kind": SpaceKind.FORUM,
            "planned_date": forum_event.starts_at.date() if forum_event else today,
            "in_person": True,
            "area": lead,
            "activity": forum_event.activity if forum_event else None,
            "event": forum_event,
        },
    )
    fair = _held_fair(entity, strategy, lead, forum_event or hearing_event, today)
    infrastructure = _area(entity, "Secretaría de Movilidad", "Secretaría de Infraestructura")
    for description, status, offset, done in [
        ("Publicar cada mes el avance físico y financiero de las obras por comuna.",
         ActionStatus.IN_PROGRESS, 30, None),
        ("Programar un foro de seguimiento en la ladera antes de la audiencia.",
         ActionStatus.DONE, 10, today - timedelta(days=1)),
    ]:  # fmt: skip
        ImprovementAction.objects.update_or_create(
            entity=entity,
            space=fair,
            description=description,
            defaults={
                "owner_area": infrastructure if done is None else lead,
                "due_date": today + timedelta(days=offset),
                "status": status,
                "completed_on": done,
                "follow_up": "Primer reporte publicado en Participa." if done is None else "",
            },
        )
    calendar = calendar_for(entity)
    for text, kind, channel, days_ago, state, answer in QUESTIONS:
        if days_ago is None:
            received = _received_for_due_tomorrow(calendar, today)
        else:
            received = today - timedelta(days=days_ago)
        due = law.answer_due(calendar, received).due_date
        answered_on = None
        question_status = QuestionStatus.ASSIGNED
        if state == "received":
            question_status = QuestionStatus.RECEIVED
        elif state == "answered_on_time":
            question_status, answered_on = QuestionStatus.ANSWERED, min(due, today)
        elif state == "answered_late":
            question_status = QuestionStatus.ANSWERED
            answered_on = min(calendar.add_business_days(due, 2), today)
        Question.objects.update_or_create(
            entity=entity,
            space=hearing,
            text=text,
            defaults={
                "kind": QuestionKind(kind),
                "channel": QuestionChannel(channel),
                "received_on": received,
                "due_date": due,
                "area": None if question_status == QuestionStatus.RECEIVED else infrastructure,
                "status": question_status,
                "answer": answer,
                "answered_on": answered_on,
            },
        )


@transaction.atomic
def seed_itagui(entity: Entity) -> None:
    today = timezone.localdate()
    infrastructure = _area(
        entity, "Secretaría de Infraestructura", "Departamento Administrativo de Planeación"
    )
    item, _created = OversightItem.objects.update_or_create(
        entity=entity,
        reference=f"LP-SI-014-{today.year}",
        defaults={
            "kind": "contrato",
            "object": (
                "Construcción del parque biblioteca del barrio Santa María N.º 1, con sala de "
                "lectura, ludoteca y auditorio."
            ),
            "value": Decimal("4850000000"),
            "starts_on": today - timedelta(days=150),
            "ends_on": today + timedelta(days=210),
            "supervisor": "Ing. Natalia Arango, profesional universitaria (supervisora)",
            "area": infrastructure,
            "start_informed_on": today - timedelta(days=148),
        },
    )
    veeduria, _created = Veeduria.objects.update_or_create(
        entity=entity,
        registrar="personeria",
        registration_number=f"PER-ITA-VC-{today.year}-007",
        defaults={
            "name": "Veeduría Ciudadana Parque Biblioteca Santa María",
            "registered_on": today - timedelta(days=140),
            "object": (
                "Vigilar la ejecución del contrato de construcción del parque biblioteca del "
                "barrio Santa María N.º 1: calidad, plazos y uso de los recursos."
            ),
            "territorial_level": "local",
            "valid_until": today + timedelta(days=240),
            "contact_email": "veeduria.santamaria@example.com",
        },
    )
    veeduria.items.add(item)
    for name, role in [("Rubén Darío Henao", "Coordinador"), ("Olga Lucía Vélez", "Secretaria"),
                       ("Wilmar Ospina", "Veedor")]:  # fmt: skip
        VeeduriaMember.objects.get_or_create(
            entity=entity, veeduria=veeduria, name=name, defaults={"role": role}
        )
    for days_ago, period, summary in [
        (90, "Primer informe (meses 1 y 2)",
         "Cimentación terminada; avance físico 18 % frente a 20 % programado. Sin observaciones "
         "de calidad en los ensayos de concreto."),
        (30, "Segundo informe (meses 3 y 4)",
         "Estructura del primer piso; avance físico 41 % frente a 45 % programado. El contratista "
         "presentó un plan de choque para recuperar el atraso."),
    ]:  # fmt: skip
        SupervisorReport.objects.get_or_create(
            entity=entity,
            item=item,
            period=period,
            defaults={"report_date": today - timedelta(days=days_ago), "summary": summary},
        )
    calendar = calendar_for(entity)
    answered_received = today - timedelta(days=40)
    observation, _created = VeeduriaObservation.objects.update_or_create(
        entity=entity,
        veeduria=veeduria,
        item=item,
        text=(
            "La obra no tiene la valla informativa con el objeto, el valor y el plazo del contrato."
        ),
        defaults={
            "received_on": answered_received,
            "due_date": law.observation_due(calendar, answered_received).due_date,
            "status": ObservationStatus.ANSWERED,
            "answer": (
                "La supervisión requirió al contratista; la valla se instaló y se adjuntó el "
                "registro fotográfico al expediente del contrato."
            ),
            "answered_on": calendar.add_business_days(answered_received, 8),
        },
    )
    ImprovementAction.objects.update_or_create(
        entity=entity,
        observation=observation,
        description="Verificar en cada visita de supervisión que las obras tengan su valla.",
        defaults={
            "owner_area": infrastructure,
            "due_date": today + timedelta(days=60),
            "status": ActionStatus.IN_PROGRESS,
            "follow_up": "Incluido en la lista de chequeo de supervisión.",
        },
    )
    pending_received = today - timedelta(days=5)
    VeeduriaObservation.objects.update_or_create(
        entity=entity,
        veeduria=veeduria,
        item=item,
        text="Los andenes del costado norte quedaron sin rampas de accesibilidad.",
        defaults={
            "received_on": pending_received,
            "due_date": law.observation_due(calendar, pending_received).due_date,
        },
    )
    if not VeeduriaRequest.objects.filter(veeduria=veeduria).exists():
        services.veeduria_request_file(
            veeduria=veeduria,
            item=item,
            nature="informacion",
            subject="Copia del acta de inicio y del cronograma de obra",
            description=(
                "Solicitamos copia del acta de inicio, del cronograma de obra aprobado y de las "
                "actas de comité de obra del contrato del parque biblioteca Santa María."
            ),
            channel="presencial",
        )


@transaction.atomic
def seed_cartago(entity: Entity) -> None:
    """The Concejo's president's report on the previous year (art. 59), published within the
    first three months, assembled from the year's proposiciones, proyectos de acuerdo and
    debates; and the alcalde's report of this year, answered within the month (art. 57)."""
    today = timezone.localdate()
    year = today.year - 1
    matters = [
        ("proyecto_acuerdo", "001", "Presupuesto general de rentas y gastos", 2, "aprobado", 3),
        ("proyecto_acuerdo", "004", "Plan municipal de gestión del riesgo", 3, "aprobado", 5),
        ("proyecto_acuerdo", "009", "Estatuto tributario municipal", 6, "negado", 8),
        ("proyecto_acuerdo", "012", "Política pública de juventud", 10, "pendiente", None),
        ("proposicion", "015", "Debate sobre el servicio de acueducto en la zona rural", 3,
         "aprobado", 3),
        ("proposicion", "021", "Citación a la Secretaría de Movilidad", 5, "aprobado", 5),
        ("proposicion", "030", "Mesa de trabajo con vendedores informales", 9, "negado", 9),
        ("proposicion", "034", "Informe sobre el Hospital Departamental", 11, "pendiente", None),
    ]  # fmt: skip
    for kind, number, title, month, status, decided_month in matters:
        CouncilMatter.objects.update_or_create(
            entity=entity,
            kind=kind,
            number=f"{number}-{year}",
            defaults={
                "title": title,
                "presented_on": date(year, month, 10),
                "status": status,
                "decided_on": date(year, decided_month, 28) if decided_month else None,
            },
        )
    for month, subject, summoned in [
        (4, "Calidad del servicio de acueducto en los corregimientos", "Gerente de Empocartago"),
        (8, "Movilidad y semaforización del centro", "Secretaría de Movilidad"),
        (10, "Ejecución del plan de desarrollo", "Secretaría de Planeación"),
    ]:
        CouncilDebate.objects.update_or_create(
            entity=entity,
            held_on=date(year, month, 15),
            subject=subject,
            defaults={"summoned": summoned},
        )
    CouncilReport.objects.update_or_create(
        entity=entity,
        year=year,
        defaults={
            "president": "Presidencia del Concejo Municipal de Cartago",
            "administrative": (
                "Se actualizó el manual de funciones y se adoptó el reglamento interno con las "
                "sesiones mixtas (presenciales y virtuales)."
            ),
            "financial": (
                "El presupuesto del Concejo se ejecutó en un 94 %; el detalle por rubro está "
                "publicado en la sección de transparencia."
            ),
            "labour": "La planta de personal (12 cargos) no tuvo cambios; dos vacantes provistas.",
            "contractual": (
                "Siete contratos de prestación de servicios y uno de mantenimiento del recinto; "
                "todos publicados en el SECOP II."
            ),
            "pending": (
                "El proyecto de acuerdo de la política pública de juventud y la proposición "
                "sobre el Hospital Departamental pasan al siguiente periodo."
            ),
            "published_at": datetime(year + 1, 3, 20, 10, 0, tzinfo=BOGOTA),
        },
    )
    received = today - timedelta(days=20)
    MayorReportReview.objects.update_or_create(
        entity=entity,
        year=today.year,
        defaults={
            "received_on": received,
            "due_date": law.mayor_report_answer_due(calendar_for(entity), received),
        },
    )


def seed(*, entities: dict[str, Entity]) -> None:
    if "cartago" in entities:
        seed_cartago(entities["cartago"])
    if "cali" in entities:
        seed_cali(entities["cali"])
    if "itagui" in entities:
        seed_itagui(entities["itagui"])
