"""Demo data: the Primer Encuentro de Instancias de Itagüí (seed 000) as an event.

Built on the plans demo's activity (found by name; skipped quietly when absent). Idempotent:
the event is matched on (entity, activity, title) and registrations are added only once.
"""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

from django.db import transaction

from cabildo.core.models import Entity
from cabildo.execution import services
from cabildo.execution.models import Event, Modality, RegistrationChannel, RegistrationStatus
from cabildo.plans.models import PlannedActivity

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
    if event.registrations.exists():
        return
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


def seed(*, entities: dict[str, Entity]) -> None:
    if "itagui" in entities:
        seed_itagui(entities["itagui"])
