"""Demo data: the Primer Encuentro de Instancias de Itagüí (seed 000) as an event.

Built on the plans demo's activity (found by name; skipped quietly when absent). Idempotent:
the event is matched on (entity, activity, title); registrations, contributions (some
analysed, some pending) and commitments (done, overdue, pending) are added only once.
"""

from __future__ import annotations

import datetime
from typing import Any
from zoneinfo import ZoneInfo

from django.db import transaction

from cabildo.accounts.models import Membership, Role
from cabildo.core.models import Entity
from cabildo.execution import services
from cabildo.execution.models import (
    CommitmentStatus,
    ContributionKind,
    Event,
    Modality,
    RegistrationChannel,
    RegistrationStatus,
    Viability,
)
from cabildo.plans.models import IncidenceLevel, PlannedActivity

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
        datetime.date(2027, 6, 30),
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


def _seed_registrations(event: Event) -> None:
    for name, email, phone, age_range, sex in PEOPLE:
        services.register(
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
        services.check_in(registration=registration)
    services.register(
        event=event,
        name="Orlando de Jesús Mesa",
        phone="3127654321",
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
        services.record_contribution(event=event, kind=kind, text=text, author_name=author)
        for kind, text, author in CONTRIBUTIONS
    ]
    analyst = _analyst(event.entity)
    for contribution, analysis in zip(recorded, ANALYSES, strict=False):
        if analysis is not None:
            services.analyse_contribution(contribution=contribution, user=analyst, **analysis)


def _seed_commitments(event: Event) -> None:
    for description, person, due_date, status, note in COMMITMENTS:
        commitment = services.create_commitment(
            event=event,
            description=description,
            responsible_area=event.activity.area,
            responsible_person=person,
            due_date=due_date,
            status=CommitmentStatus.PENDING,
        )
        if status != CommitmentStatus.PENDING:
            services.update_commitment(commitment=commitment, status=status, note=note)


def seed(*, entities: dict[str, Entity]) -> None:
    if "itagui" in entities:
        seed_itagui(entities["itagui"])
