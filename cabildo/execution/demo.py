"""Demo data: the Primer Encuentro de Instancias de Itagüí (seed 000) as an event, with its
convocation and accepted report; executed activities of FONDESER and Cali (seed 002) with
reports in several states, and one cancelled activity each.

The year the demo runs, every entity's plan in force gets one event per activity (plans demo,
``CURRENT_ACTIVITIES``): the past ones with the attendance recorded (attendees of the activity's
stakeholder groups, one no-show), a contribution and two commitments (memorias sent on time;
written answers still under way, overdue once their month has passed), the last two coming up
with registrations open; its activity reports are one of each state (accepted, returned,
submitted, draft).

Built on the plans demo's activity (found by name; skipped quietly when absent). Idempotent:
the event is matched on (entity, activity, title); registrations, contributions (some
analysed, some pending) and commitments (done, overdue, pending) are added only once.
"""

from __future__ import annotations

import datetime
from typing import Any
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone

from cabildo.accounts.models import Membership, Role
from cabildo.core.models import Entity
from cabildo.execution.models import (
    ActivityCancellation,
    ActivityReport,
    CommitmentStatus,
    ContributionKind,
    Convocation,
    ConvocationChannel,
    Event,
    Modality,
    RegistrationChannel,
    RegistrationStatus,
    ReportStatus,
    Viability,
)
from cabildo.execution.services.activity_cancellations import activity_cancel
from cabildo.execution.services.commitments import commitment_create, commitment_update
from cabildo.execution.services.contributions import contribution_analyse, contribution_record
from cabildo.execution.services.convocations import convocation_save, convocation_send
from cabildo.execution.services.events import event_create
from cabildo.execution.services.registrations import registration_check_in, registration_create
from cabildo.execution.services.reports import (
    report_accept,
    report_return,
    report_start,
    report_submit,
    report_update,
)
from cabildo.plans.models import IncidenceLevel, PlannedActivity, PlanStatus

BOGOTA = ZoneInfo("America/Bogota")
ACTIVITY_NAME = "Primer Encuentro de Instancias de Participación de Itagüí"

PEOPLE = [
    ("María Eugenia Restrepo", "maria.restrepo@example.com", "", "29-59", "mujer"),
    ("Jorge Iván Cardona", "jorge.cardona@example.com", "", "60+", "hombre"),
    ("Luz Dary Montoya", "", "3104567890", "", ""),
    ("Carlos Andrés Zapata", "carlos.zapata@example.com", "", "18-28", "hombre"),
    ("Gloria Patricia Ríos", "gloria.rios@example.com", "", "", ""),
    ("Héctor Fabio Londoño", "hector.londono@example.com", "", "29-59", "hombre"),
    ("Ana Milena Ospina", "ana.ospina@example.com", "", "29-59", "mujer"),
]

CONTRIBUTIONS = [
    (
        ContributionKind.PROPOSAL,
        "Hacer los encuentros de instancias también en la tarde, para quienes trabajan.",
        "María Eugenia Restrepo",
    ),
    (
        ContributionKind.RECOMMENDATION,
        "Enviar las memorias del encuentro a cada instancia por correo y por WhatsApp.",
        "Jorge Iván Cardona",
    ),
    (
        ContributionKind.OBJECTION,
        "La convocatoria llegó con muy poca anticipación a los consejos comunales.",
        "",
    ),
    (
        ContributionKind.QUESTION,
        "¿Cuándo se publicará la respuesta a las propuestas de las mesas de trabajo?",
        "Carlos Andrés Zapata",
    ),
]
# One analysis per contribution above (None: still pending).
ANALYSES: list[dict[str, str] | None] = [
    {
        "viability": Viability.PARTIAL,
        "justification": "Se puede hacer una de las dos sesiones anuales en la tarde.",
        "adjustment": "El segundo encuentro del año se programará de 2:00 a 6:00 p. m.",
        "incidence_level": IncidenceLevel.COLLABORATE,
    },
    {
        "viability": Viability.VIABLE,
        "justification": "Los datos de contacto de las instancias están actualizados.",
        "adjustment": "Las memorias se enviarán por los dos canales en los 10 días siguientes.",
        "incidence_level": IncidenceLevel.CONSULT,
    },
    None,
    None,
]
COMMITMENTS = [
    (
        "Enviar las memorias del encuentro a todas las instancias de participación.",
        "Profesional de la Secretaría de Participación",
        datetime.date(2022, 12, 9),
        CommitmentStatus.DONE,
        "Memorias enviadas por correo y WhatsApp a las 24 instancias.",
    ),
    (
        "Publicar la matriz de respuesta a las propuestas de las mesas de trabajo.",
        "Jefe de la Secretaría de Participación",
        datetime.date(2023, 1, 31),
        CommitmentStatus.IN_PROGRESS,
        "Matriz consolidada; falta la revisión de las dependencias.",
    ),
    (
        "Convocar el segundo encuentro con un mes de anticipación.",
        "Secretaría de Participación",
        None,  # six months from the day the demo is loaded: pending, not yet due
        CommitmentStatus.PENDING,
        "",
    ),
]


@transaction.atomic
def seed_itagui(entity: Entity) -> None:
    activity = (
        PlannedActivity.objects.for_entity(entity).filter(name=ACTIVITY_NAME).order_by("pk").first()
    )
    if activity is None:
        return
    event, _ = Event.objects.update_or_create(
        entity=entity,
        activity=activity,
        title="Primer Encuentro de Instancias de Itagüí",
        defaults={
            "description": (
                "Encuentro de las instancias de participación del municipio durante la semana "
                "de la participación."
            ),
            "starts_at": datetime.datetime(2022, 11, 28, 8, 0, tzinfo=BOGOTA),
            "ends_at": datetime.datetime(2022, 11, 28, 12, 0, tzinfo=BOGOTA),
            "modality": Modality.IN_PERSON,
            "place": "Institución Diego Echavarría Misas",
            "address": "Itagüí, Antioquia",
            "agenda": (
                "Instalación y saludo de la administración municipal\n"
                "Presentación de las instancias de participación\n"
                "Mesas de trabajo por instancia\n"
                "Conclusiones y compromisos"
            ),
            "capacity": 5,
            "accessibility_notes": "Auditorio en primer piso, con acceso para silla de ruedas.",
            "is_published": True,
        },
    )
    if not event.registrations.exists():
        _seed_registrations(event)
    if not event.contributions.exists():
        _seed_contributions(event)
    if not event.commitments.exists():
        _seed_commitments(event)
    _seed_convocation(
        activity,
        event,
        subject="Invitación al Primer Encuentro de Instancias de Participación",
        message=(
            "La Alcaldía de Itagüí invita a los integrantes de las instancias de participación "
            "al Primer Encuentro de Instancias, el 28 de noviembre de 2022 de 8:00 a. m. a "
            "12:00 m. en la Institución Diego Echavarría Misas."
        ),
        reach=180,
    )
    seed_report(
        activity,
        ReportStatus.ACCEPTED,
        results=(
            "Se cumplió la meta: un encuentro realizado con las instancias del municipio. Las "
            "mesas de trabajo dejaron cuatro aportes; dos ya tienen respuesta y ajuste."
        ),
        lessons=(
            "Convocar con un mes de anticipación y ofrecer una sesión en la tarde para quienes "
            "trabajan."
        ),
    )


def _within_activity(activity: PlannedActivity, day: datetime.date) -> datetime.date:
    """The day moved inside the activity's dates (an event happens within its activity)."""
    if activity.start_date and day < activity.start_date:
        return activity.start_date
    if activity.end_date and day > activity.end_date:
        return activity.end_date
    return day


def _attendee_groups(activity: PlannedActivity) -> list[Any]:
    """The grupos de valor the demo's attendees belong to: the activity's planned groups, or
    else some of the entity's groups, so that every attendee of a held event has one (the
    evaluation counts the groups of the people who attended)."""
    from cabildo.stakeholders.models import StakeholderGroup

    groups = list(activity.stakeholder_groups.order_by("name"))
    if not groups:
        groups = list(StakeholderGroup.objects.for_entity(activity.entity).order_by("name")[:3])
    return groups or [None]


def _seed_registrations(event: Event) -> None:
    groups = _attendee_groups(event.activity)
    for index, (name, email, phone, age_range, sex) in enumerate(PEOPLE):
        registration_create(
            stakeholder_group=groups[index % len(groups)],
            event=event,
            name=name,
            email=email,
            phone=phone,
            consent_given=True,
            sensitive_opt_ins={"age_range": bool(age_range), "sex": bool(sex)},
            age_range=age_range,
            sex=sex,
            channel=RegistrationChannel.PAPER,
            notify=False,
        )
    # The encuentro already happened: most confirmed people came, and one walk-in signed the sheet.
    for registration in event.registrations.filter(status=RegistrationStatus.CONFIRMED)[:4]:
        registration_check_in(registration=registration)
    registration_create(
        event=event,
        name="Orlando de Jesús Mesa",
        phone="3127654321",
        stakeholder_group=groups[0],
        consent_given=True,
        channel=RegistrationChannel.WALK_IN,
        notify=False,
    )


def _analyst(entity: Entity) -> Any:
    membership = (
        Membership.objects.filter(entity=entity, role=Role.PARTICIPATION_LEAD)
        .select_related("user")
        .order_by("pk")
        .first()
    )
    return membership.user if membership else None


def _seed_contributions(event: Event) -> None:
    recorded = [
        contribution_record(event=event, kind=kind, text=text, author_name=author)
        for kind, text, author in CONTRIBUTIONS
    ]
    analyst = _analyst(event.entity)
    for contribution, analysis in zip(recorded, ANALYSES, strict=False):
        if analysis is not None:
            contribution_analyse(contribution=contribution, user=analyst, **analysis)


def _seed_commitments(event: Event) -> None:
    for description, person, due_date, status, note in COMMITMENTS:
        commitment = commitment_create(
            event=event,
            description=description,
            responsible_area=event.activity.area,
            responsible_person=person,
            due_date=due_date or timezone.localdate() + datetime.timedelta(days=182),
            status=CommitmentStatus.PENDING,
        )
        if status != CommitmentStatus.PENDING:
            commitment_update(commitment=commitment, status=status, note=note)


def _member(entity: Entity, role: str) -> Any:
    membership = (
        Membership.objects.filter(entity=entity, role=role)
        .select_related("user")
        .order_by("pk")
        .first()
    )
    return membership.user if membership else None


def _seed_convocation(
    activity: PlannedActivity, event: Event | None, *, subject: str, message: str, reach: int
) -> None:
    """A convocation through non-electronic channels, recorded as sent (no emails in demos)."""
    if Convocation.objects.filter(activity=activity, subject=subject).exists():
        return
    convocation = convocation_save(
        entity=activity.entity,
        activity=activity,
        event=event,
        subject=subject,
        message=message,
        channels=[
            ConvocationChannel.WEBSITE,
            ConvocationChannel.SOCIAL_MEDIA,
            ConvocationChannel.MESSAGING,
        ],
        stakeholder_groups=activity.stakeholder_groups.all(),
        other_reach=reach,
        user=_analyst(activity.entity),
    )
    convocation_send(convocation=convocation)


def seed_report(activity: PlannedActivity, status: str, *, results: str, lessons: str) -> None:
    """The activity's report in ``status``, through the report services, so a submitted one
    carries its frozen figures (accepted only when a planning user exists)."""
    if (
        ActivityReport.objects.filter(activity=activity).exists()
        or ActivityCancellation.objects.filter(activity=activity).exists()
    ):
        return  # reported already, or cancelled (a cancelled activity is not reported)
    report = report_start(activity=activity)
    report = report_update(
        report=report,
        activities_done=report.activities_done,
        results=results,
        lessons_learned=lessons,
    )
    if status == ReportStatus.DRAFT:
        return
    lead = _analyst(activity.entity)
    report = report_submit(report=report, user=lead, notify=False)
    planner = _member(activity.entity, Role.PLANNING_OFFICE)
    if planner is not None and status == ReportStatus.RETURNED:
        report_return(
            report=report,
            user=planner,
            notes="Agregue el número de aportes que se incorporaron al plan de acción.",
            notify=False,
        )
    elif planner is not None and status == ReportStatus.ACCEPTED:
        report_accept(report=report, user=planner, notify=False)
    _date_as_when_held(report)


def _date_as_when_held(report: ActivityReport) -> None:
    """A report of a past year's activity is dated as if sent a week after its last event and
    reviewed a week later (the services stamp the day the demo is loaded: a 2019 report would
    read «aceptado el» today). This year's reports keep today's date: their figures, frozen
    today, count the commitments as of today."""
    last = Event.objects.filter(activity_id=report.activity_id).order_by("-ends_at").first()
    if last is None or timezone.localtime(last.ends_at).year >= timezone.localdate().year:
        return
    sent = last.ends_at + datetime.timedelta(days=7)
    reviewed = sent + datetime.timedelta(days=7)
    if reviewed >= timezone.now():
        return  # (an event of the last days of December)
    rows = ActivityReport.objects.filter(pk=report.pk)
    rows.filter(submitted_at__isnull=False).update(submitted_at=sent)
    rows.filter(reviewed_at__isnull=False).update(reviewed_at=reviewed)


# Executed activities of Cali and FONDESER (seed 002): one event each, walk-in attendance, a
# contribution, and reports in several states; one activity cancelled.
EXECUTED = {
    "fondeser": [
        (
            "Mesa de trabajo con asociados sobre el portafolio de créditos",
            datetime.datetime(2019, 5, 16, 9, 0, tzinfo=BOGOTA),
            "Sede de FONDESER, sala de juntas",
            ReportStatus.ACCEPTED,
        ),
        (
            "Socialización de resultados con los grupos de valor",
            datetime.datetime(2019, 9, 12, 14, 0, tzinfo=BOGOTA),
            "Auditorio de la Gobernación",
            ReportStatus.SUBMITTED,
        ),
    ],
    "cali": [
        (
            "Mesa de planeación participativa con organizaciones comunales",
            datetime.datetime(2019, 4, 6, 8, 0, tzinfo=BOGOTA),
            "Centro Administrativo Municipal, salón Bolívar",
            ReportStatus.RETURNED,
        ),
        (
            "Encuentro de control social a la inversión pública",
            datetime.datetime(2019, 8, 24, 9, 0, tzinfo=BOGOTA),
            "Biblioteca Departamental",
            ReportStatus.DRAFT,
        ),
    ],
}
WALK_INS = [
    "Rubiela Arboleda",
    "Jhon Jairo Castaño",
    "Nelly Mosquera",
    "Fernando Valencia",
    "Yolanda Caicedo",
    "Arley Hurtado",
]
CANCELLED_REASON = "La actividad se aplazó a la siguiente vigencia por restricción presupuestal."


@transaction.atomic
def seed_executed(entity: Entity, slug: str) -> None:
    activities = list(
        PlannedActivity.objects.for_entity(entity)
        .filter(version__plan__year=2019)
        .select_related("area")
        .order_by("version__number", "order", "pk")
    )
    plan = EXECUTED[slug]
    if len(activities) <= len(plan):
        return
    for activity, (title, start, place, status) in zip(activities, plan, strict=False):
        event = Event.objects.filter(entity=entity, activity=activity, title=title).first()
        day = _within_activity(activity, start.date())
        start = datetime.datetime.combine(day, start.timetz())
        if event is None:
            event = event_create(
                entity=entity,
                activity=activity,
                title=title,
                starts_at=start,
                ends_at=start + datetime.timedelta(hours=3),
                modality=Modality.IN_PERSON,
                place=place,
                address=place,
                is_published=True,
            )
            groups = _attendee_groups(activity)
            for index, name in enumerate(WALK_INS):
                registration_create(
                    event=event,
                    name=name,
                    stakeholder_group=groups[index % len(groups)],
                    phone=f"31{index}555{index:04d}",
                    consent_given=True,
                    channel=RegistrationChannel.WALK_IN,
                    notify=False,
                )
            contribution_record(
                event=event,
                kind=ContributionKind.RECOMMENDATION,
                text="Publicar las conclusiones de la mesa en la página web y en las sedes.",
            )
        seed_report(
            activity,
            status,
            results=f"Se realizó «{title}» con {len(WALK_INS)} asistentes.",
            lessons="Llevar planillas impresas de más y confirmar la asistencia por teléfono.",
        )
    cancelled = activities[-1]
    if not ActivityCancellation.objects.filter(activity=cancelled).exists() and not (
        ActivityReport.objects.filter(activity=cancelled).exists()
    ):
        activity_cancel(activity=cancelled, reason=CANCELLED_REASON)


# Days from today to each event of the current year's activities (same order as the plans
# demo's CURRENT_ACTIVITIES), and the state of each activity's report (None: no report yet).
CURRENT_EVENT_DAYS = [-140, -80, -33, 7, 21]
CURRENT_REPORTS = [
    ReportStatus.ACCEPTED,
    ReportStatus.RETURNED,
    ReportStatus.SUBMITTED,
    ReportStatus.DRAFT,
    None,
]
CURRENT_ATTENDEES = WALK_INS[:5]
MODALITY_BY_CHANNEL = {"virtual": Modality.VIRTUAL, "mixto": Modality.HYBRID}


@transaction.atomic
def seed_current_year(entity: Entity) -> None:
    today = timezone.localdate()
    activities = list(
        PlannedActivity.objects.for_entity(entity)
        .filter(version__plan__year=today.year, version__status=PlanStatus.IN_EXECUTION)
        .prefetch_related("stakeholder_groups")
        .order_by("order", "pk")
    )
    for activity, days, report in zip(
        activities, CURRENT_EVENT_DAYS, CURRENT_REPORTS, strict=False
    ):
        day = _within_activity(activity, today + datetime.timedelta(days=days))
        event = Event.objects.filter(entity=entity, activity=activity).first()
        if event is None:
            event = _current_event(entity, activity, day)
        if report is not None:
            seed_report(
                activity,
                report,
                results=f"Se realizó «{event.title}» con los grupos de valor convocados.",
                lessons="Confirmar la asistencia por teléfono dos días antes.",
            )


def _current_event(entity: Entity, activity: PlannedActivity, day: datetime.date) -> Event:
    starts = datetime.datetime.combine(day, datetime.time(9, 0), tzinfo=BOGOTA)
    modality = MODALITY_BY_CHANNEL.get(activity.channel_mode, Modality.IN_PERSON)
    event = event_create(
        entity=entity,
        activity=activity,
        title=activity.name,
        description=f"Sesión de «{activity.name}» con los grupos de valor de la entidad.",
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=3),
        modality=modality,
        place=entity.address or entity.name,
        address="" if modality == Modality.VIRTUAL else (entity.address or entity.name),
        link="https://reuniones.example.org/participa" if modality != Modality.IN_PERSON else "",
        capacity=60,
        is_published=True,
    )
    groups = _attendee_groups(activity)
    upcoming = day > timezone.localdate()
    people = CURRENT_ATTENDEES[:2] if upcoming else CURRENT_ATTENDEES
    for index, name in enumerate(people):
        registration = registration_create(
            event=event,
            name=name,
            phone=f"320{index}44{index:04d}",
            stakeholder_group=groups[index % len(groups)],
            consent_given=True,
            channel=RegistrationChannel.PAPER,
            notify=False,
        )
        if not upcoming and index < len(people) - 1:  # the last one did not come
            registration_check_in(registration=registration)
    if not upcoming:
        contribution_record(
            event=event,
            kind=ContributionKind.PROPOSAL,
            text="Repetir la sesión en los barrios y veredas donde no hubo asistentes.",
            stakeholder_group=groups[0],
        )
        _seed_current_commitments(event, day)
    return event


# What a past session of this year agreed (description, days from the event to the due date,
# the state it reached if its due date has passed, the follow-up note): sent on time, or still
# under way and overdue, so every entity's list of commitments shows both.
CURRENT_COMMITMENTS = [
    (
        "Enviar las memorias de la sesión a los asistentes y publicarlas en Participa.",
        10,
        CommitmentStatus.DONE,
        "Memorias enviadas por correo a los asistentes y publicadas en Participa.",
    ),
    (
        "Responder por escrito cada propuesta de la sesión con la dependencia responsable.",
        30,
        CommitmentStatus.IN_PROGRESS,
        "Propuestas consolidadas; faltan las respuestas de dos dependencias.",
    ),
]


def _seed_current_commitments(event: Event, day: datetime.date) -> None:
    today = timezone.localdate()
    for description, days, status, note in CURRENT_COMMITMENTS:
        due = day + datetime.timedelta(days=days)
        commitment = commitment_create(
            event=event,
            description=description,
            responsible_area=event.activity.area,
            responsible_person="Profesional de participación ciudadana",
            due_date=due,
        )
        if due <= today:  # a commitment not yet due stays pending
            commitment_update(commitment=commitment, status=status, note=note)


def seed(*, entities: dict[str, Entity]) -> None:
    for entity in entities.values():
        seed_current_year(entity)
    if "itagui" in entities:
        seed_itagui(entities["itagui"])
    for slug in ("fondeser", "cali"):
        if slug in entities:
            seed_executed(entities[slug], slug)
