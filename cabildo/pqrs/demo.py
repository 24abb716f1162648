"""Demo PQRSD: default kinds for every entity; a year of petitions for Cali over the channels of
seed 004 (Informe de atención al ciudadano 2018) in its proportions, scaled down; a few for each
other entity, in every state. Idempotent: an entity that already has demo petitions is skipped.
"""

from __future__ import annotations

import random
from datetime import datetime, time, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from cabildo.core.models import Area, Entity
from cabildo.pqrs.models import Channel, Petition, PetitionKind, Status
from cabildo.pqrs.services.answers import petition_answer
from cabildo.pqrs.services.assignment import petition_assign, petition_start
from cabildo.pqrs.services.completion import petition_request_completion
from cabildo.pqrs.services.configuration import (
    YearCountRow,
    imported_counts_import,
    kinds_ensure_defaults,
    settings_for,
    sub_channel_ensure,
)
from cabildo.pqrs.services.extensions import petition_extend
from cabildo.pqrs.services.filing import Requester, petition_file
from cabildo.pqrs.services.transfers import petition_transfer
from cabildo.pqrs.services.withdrawal import petitions_close_withdrawn
from cabildo.workdays.calendar import calendar_for

# Seed 004, "CANAL / ACUMULADO 2018 / ACUMULADO 2017" (Alcaldía de Santiago de Cali). The scan is
# partly illegible (OCR); the legible figures are used, grouped into the product's channels:
# CAM + ventanillas externas + C.A.L.I. are in-person windows; Línea 195 is the phone line.
# The chat figures are illegible: a small share is assumed.
CALI_CHANNELS_2018 = {
    Channel.IN_PERSON: 167_008 + 114_307 + 5_553,
    Channel.WEB: 14_520,
    Channel.PHONE: 11_133,
    Channel.CHAT: 3_000,
    Channel.EMAIL: 521,
}
CALI_CHANNELS_2017 = {
    Channel.IN_PERSON: 74_865 + 126_302 + 20_718,
    Channel.WEB: 13_485,
    Channel.PHONE: 2_027,
    Channel.EMAIL: 4_556,
}
# Cali's points of contact (seed 004, "Canales de atención al ciudadano"), under each channel.
CALI_SUB_CHANNELS = {
    Channel.IN_PERSON: [
        "Ventanilla única CAM",
        "Ventanillas de organismos externos",
        *(
            f"C.A.L.I. {n} {name}"
            for n, name in [
                (2, "La Flora"), (4, "Manzanares"), (5, "La Rivera"), (6, "Los Guaduales"),
                (7, "Alfonso López"), (8, "Las Américas"), (9, "Aranjuez"), (10, "Guabal"),
                (15, "El Vallado"), (16, "Unión de Vivienda"), (17, "El Limonar"),
                (18, "Meléndez"), (19, "El Cedro"), (20, "Siloé"), (21, "Decepaz"),
            ]
        ),
    ],
    Channel.PHONE: ["Línea 195", "Línea 018000222195"],
    Channel.WEB: ["Portal web"],
    Channel.CHAT: ["Chat asistido"],
    Channel.EMAIL: ["contactenos@cali.gov.co"],
    Channel.SOCIAL: ["Redes sociales"],
}  # fmt: skip
# The same table of seed 004 as imported yearly aggregates (years before the system), row by
# row as the report names them: (channel, report row, sub-channel or "", 2018, 2017). The
# C.A.L.I. and the two phone lines are reported together. The chat row is illegible: left out.
SEED_004_SOURCE = "Informe de atención al ciudadano 2018, Alcaldía de Santiago de Cali (seed 004)"
SEED_004_ROWS = [
    (Channel.PHONE, "Línea 195 / 018000222195", "", 11_133, 2_027),
    (Channel.EMAIL, "Correo contactenos", "contactenos@cali.gov.co", 521, 4_556),
    (Channel.WEB, "Portal Web", "Portal web", 14_520, 13_485),
    (Channel.IN_PERSON, "Presencial CAM", "Ventanilla única CAM", 167_008, 74_865),
    (
        Channel.IN_PERSON,
        "Presencial Ventanillas Externas",
        "Ventanillas de organismos externos",
        114_307,
        126_302,
    ),
    (Channel.IN_PERSON, "C.A.L.I.'s", "", 5_553, 20_718),
]
SCALE = 1 / 1000
OTHER_ENTITY_COUNT = 24

SUBJECTS = [
    ("peticion_general", "Solicitud de poda de árboles en el barrio"),
    ("informacion", "Copia del acta de la última sesión del consejo"),
    ("informacion", "Información sobre el presupuesto participativo"),
    ("consulta", "Concepto sobre el uso del suelo de un predio"),
    ("queja", "Mala atención en la ventanilla de radicación"),
    ("reclamo", "Demora en la entrega del subsidio de transporte"),
    ("reclamo", "Cobro duplicado del impuesto predial"),
    ("sugerencia", "Ampliar el horario de atención los sábados"),
    ("denuncia", "Obra abandonada en la vía principal"),
    ("felicitacion", "Felicitación al equipo de la jornada de salud"),
    ("habeas_consulta", "Qué datos personales míos tiene la entidad"),
    ("habeas_reclamo", "Corrección de mi dirección en la base de datos"),
    ("peticion_general", "Reparación del alumbrado público"),
    ("peticion_general", "Instalación de reductores de velocidad frente a la escuela"),
]
FIRST_NAMES = ["María", "José", "Luz", "Carlos", "Ana", "Jorge", "Sandra", "Luis", "Diana"]
LAST_NAMES = ["Gómez", "Rodríguez", "Martínez", "López", "Restrepo", "Valencia", "Ocampo"]


def seed(*, entities: dict[str, Entity]) -> None:
    for entity in entities.values():
        kinds_ensure_defaults(entity=entity)
        settings_for(entity=entity)
    for slug, entity in entities.items():
        if slug == "cali":
            seed_cali_channels(entity)  # idempotent
        if Petition.objects.filter(entity=entity, is_demo=True).exists():
            continue
        rng = random.Random(f"pqrs-demo-{slug}")  # noqa: S311 - reproducible demo data
        if slug == "cali":
            _seed_year(entity, rng, CALI_CHANNELS_2018, year_offset=0)
            _seed_year(entity, rng, CALI_CHANNELS_2017, year_offset=1)
        else:
            channels = {Channel.WEB: 10, Channel.IN_PERSON: 8, Channel.PHONE: 3, Channel.EMAIL: 3}
            _seed_year(entity, rng, channels, year_offset=0, scale=OTHER_ENTITY_COUNT / 24)
        _seed_semaphore(entity)


def seed_cali_channels(entity: Entity) -> None:
    """Cali's sub-channels and the 2017/2018 figures of seed 004 as imported aggregates."""
    for channel, names in CALI_SUB_CHANNELS.items():
        for order, name in enumerate(names, start=1):
            sub_channel_ensure(entity=entity, channel=channel, name=name, order=order)
    rows = []
    for channel, label, sub, count_2018, count_2017 in SEED_004_ROWS:
        rows.append(YearCountRow(2018, channel, label, count_2018, sub))
        rows.append(YearCountRow(2017, channel, label, count_2017, sub))
    imported_counts_import(entity=entity, rows=rows, source=SEED_004_SOURCE)


# One open petition in each state of the semáforo on the day the demo runs, and one answered on
# time and one late, whatever the random year above drew: (subject, business days from the
# due date to today — negative: due in the future —, answered how many business days after
# filing, or None while open).
SEMAPHORE = [
    ("Solicitud de información sobre el plan de desarrollo", None, None),  # a tiempo
    ("Solicitud de mantenimiento del parque del barrio", -1, None),  # por vencer
    ("Solicitud de limpieza de la quebrada", 4, None),  # vencida
    ("Solicitud de copia del presupuesto municipal", 12, 5),  # respondida a tiempo
    ("Solicitud de arreglo de la vía veredal", 8, "late"),  # respondida fuera de término
]


def _seed_semaphore(entity: Entity) -> None:
    kind = PetitionKind.objects.get(entity=entity, code="peticion_general")
    calendar = calendar_for(entity)
    today = timezone.localdate()
    areas = list(Area.objects.filter(entity=entity, is_active=True).order_by("pk"))
    for subject, overdue_by, answered in SEMAPHORE:
        if overdue_by is None:
            filed_on = today
        else:
            # The filing day whose due date (term counted from the next day) is overdue_by
            # business days before today.
            due = (
                calendar.add_business_days(today, -overdue_by)
                if overdue_by < 0
                else _business_days_before(calendar, today, overdue_by)
            )
            filed_on = _business_days_before(calendar, due, kind.term_days or 15)
        filed_at = min(
            timezone.make_aware(datetime.combine(filed_on, time(9, 30))),
            timezone.now() - timedelta(minutes=5),
        )
        petition = petition_file(
            entity=entity,
            kind=kind,
            subject=subject,
            description=f"{subject}. Petición de demostración.",
            channel=Channel.WEB,
            anonymous=True,
            requester=Requester(),
            consent_given=False,
            filed_at=filed_at,
        ).petition
        Petition.objects.filter(pk=petition.pk).update(is_demo=True)
        if areas:
            petition_assign(petition=petition, area=areas[0])
            petition_start(petition=petition)
        if answered == "late" and petition.due_date is not None:
            _answer(petition, calendar.add_business_days(petition.due_date, 3))
        elif isinstance(answered, int):
            _answer(petition, calendar.add_business_days(filed_on, answered))


def _business_days_before(calendar: Any, day: Any, count: int) -> Any:
    """The business day ``count`` business days before ``day``."""
    while count > 0:
        day -= timedelta(days=1)
        if calendar.is_business_day(day):
            count -= 1
    return day


def _seed_year(
    entity: Entity,
    rng: random.Random,
    channels: dict[Channel, int],
    *,
    year_offset: int,
    scale: float = SCALE,
) -> None:
    today = timezone.localdate()
    year = today.year - year_offset
    start = datetime(year, 1, 2).date()
    end = today if year_offset == 0 else datetime(year, 12, 30).date()
    span = (end - start).days
    kinds = {k.code: k for k in PetitionKind.objects.filter(entity=entity)}
    areas = list(Area.objects.filter(entity=entity, is_active=True))
    plan = []
    for channel, count in channels.items():
        n = max(1, round(count * scale))
        plan.extend([channel] * n)
    rng.shuffle(plan)
    days = sorted(rng.randint(0, max(span, 1)) for _ in plan)
    for channel, offset in zip(plan, days, strict=True):
        filed_on = start + timedelta(days=offset)
        filed_at = timezone.make_aware(
            datetime.combine(filed_on, time(rng.randint(7, 17), rng.randint(0, 59)))
        )
        if filed_at > timezone.now():
            filed_at = timezone.now() - timedelta(minutes=5)
        code, subject = rng.choice(SUBJECTS)
        _one(entity, rng, kinds[code], subject, channel, filed_at, areas)


@transaction.atomic
def _one(
    entity: Entity,
    rng: random.Random,
    kind: PetitionKind,
    subject: str,
    channel: str,
    filed_at: datetime,
    areas: list[Area],
) -> None:
    anonymous = rng.random() < 0.25
    requester = Requester()
    if not anonymous:
        requester = Requester(
            name=f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)} (demo)",
            document_type="CC",
            document_number=str(rng.randint(10_000_000, 99_999_999)),
        )
    result = petition_file(
        entity=entity,
        kind=kind,
        subject=subject,
        description=f"{subject}. Petición de demostración.",
        channel=channel,
        anonymous=anonymous,
        requester=requester,
        consent_given=not anonymous,
        filed_at=filed_at,
    )
    petition = result.petition
    Petition.objects.filter(pk=petition.pk).update(is_demo=True)
    _advance(petition, rng, areas)


def _advance(petition: Petition, rng: random.Random, areas: list[Area]) -> None:
    """Move the petition to a plausible state for its age."""
    calendar = calendar_for(petition.entity)
    filed_on = timezone.localtime(petition.filed_at).date()
    today = timezone.localdate()
    age = calendar.count_business_days(filed_on, today)
    roll = rng.random()
    if age >= 1 and roll < 0.03:
        petition_transfer(
            petition=petition,
            reason="El asunto es de competencia de otra entidad.",
            target_name="Gobernación del departamento",
            target_email="contactenos@gobernacion.test",
            today=calendar.add_business_days(filed_on, 1),
        )
        return
    if age > 30 and roll < 0.06 and petition.term_days:
        requested = calendar.add_business_days(filed_on, 3)
        petition_request_completion(
            petition=petition, missing="Copia de la factura del predio.", today=requested
        )
        petitions_close_withdrawn(
            now=timezone.make_aware(datetime.combine(calendar.add_months(requested, 1), time(23)))
            + timedelta(days=1)
        )
        return
    if areas and age >= 1:
        petition_assign(petition=petition, area=rng.choice(areas))
        if age >= 2:
            petition_start(petition=petition)
    if age >= 3 and 0.06 <= roll < 0.12 and petition.due_date and petition.due_date >= today:
        petition_request_completion(
            petition=petition,
            missing="Dirección exacta del lugar.",
            today=min(today, calendar.add_business_days(filed_on, 2)),
        )
        return
    if petition.due_date is None:
        if age >= 2:
            _answer(petition, calendar.add_business_days(filed_on, 2))
        return
    if petition.due_date < today or rng.random() < 0.5:
        if rng.random() < 0.1 and petition.due_date > filed_on and petition.term_days:
            # Extended before the due date, then answered within the extension.
            extension_day = calendar.add_business_days(filed_on, max(1, petition.term_days - 2))
            if extension_day <= today:
                new_due = calendar.add_business_days(petition.due_date, 5)
                petition_extend(
                    petition=petition,
                    new_due_date=new_due,
                    reason="Se requiere concepto técnico de otra dependencia.",
                    today=extension_day,
                )
        if petition.due_date < today and rng.random() < 0.08:
            return  # overdue, still open
        late = rng.random() < 0.12
        answer_day = calendar.add_business_days(
            filed_on if not late else petition.due_date,
            rng.randint(1, max(1, petition.term_days or 1)) if not late else rng.randint(1, 5),
        )
        if answer_day < today:
            _answer(petition, answer_day)


def _answer(petition: Petition, day: Any) -> None:
    answered_at = timezone.make_aware(datetime.combine(day, time(15, 0)))
    if answered_at > timezone.now():
        return
    if petition.status not in (Status.FILED, Status.ASSIGNED, Status.IN_PROGRESS):
        return
    petition_answer(
        petition=petition,
        text="Respuesta de fondo de demostración.",
        channel=petition.channel if petition.channel != Channel.MAILBOX else Channel.EMAIL,
        answered_at=answered_at,
    )
