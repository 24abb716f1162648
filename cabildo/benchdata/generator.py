"""Realistic synthetic data for one entity, at a given scale.

What it writes, on top of what the entity already has:

* areas (dependencias), stakeholder types and grupos de valor, instancias de participación;
* one participation plan per year, with a new version holding the year's planned activities;
* events of those activities, with registrations (each with its Ley 1581 consent) and
  contributions, some already analysed;
* PQRSD: petitions over the channels of seed 004 (Cali, 2018) in its proportions, numbered
  like ``pqrs.services.filing`` numbers them (``<prefix><year>-<sequence:06d>``, consecutive per
  year from the entity's ``FilingCounter``, which is moved to the last number used); terms and due
  dates from the entity's business-day calendar (``cabildo.workdays.calendar``); states that
  fit each petition's age (answered in time or late, overdue and still open, transferred);
  a filing event per petition and an answer event per answered one; a consent for every
  petition that carries personal data.

The simple-history tables are not written (generated rows have no history).
"""

from __future__ import annotations

import hashlib
import random
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction
from django.db.models import Max
from django.utils import timezone, translation

from cabildo.benchdata.scales import Scale
from cabildo.benchdata.writer import Table, Writer
from cabildo.bodies.models import BodyKind, BodyStatus, MeetingFrequency, ParticipationBody
from cabildo.core.models import Area, AreaKind, Entity
from cabildo.execution.models import (
    Contribution,
    ContributionKind,
    Event,
    Modality,
    Registration,
    RegistrationChannel,
    RegistrationStatus,
    Viability,
)
from cabildo.plans.models import (
    Channel as ActivityChannel,
)
from cabildo.plans.models import (
    CyclePhase,
    IncidenceLevel,
    Mechanism,
    ParticipationPlan,
    PlannedActivity,
    PlanStatus,
    PlanVersion,
    Procedure,
)
from cabildo.pqrs import deadlines
from cabildo.pqrs.demo import CALI_CHANNELS_2018
from cabildo.pqrs.models import (
    Channel,
    ClosingReason,
    EventKind,
    FilingCounter,
    Petition,
    PetitionEvent,
    PetitionKind,
    Status,
    Transfer,
)
from cabildo.pqrs.services.configuration import kinds_ensure_defaults, settings_for
from cabildo.pqrs.services.filing import CONSENT_CHANNELS, CONSENT_PURPOSE, format_filing_number
from cabildo.privacy.models import Consent, ConsentChannel
from cabildo.privacy.services import POLICY_VERSION, consent_text
from cabildo.stakeholders.models import StakeholderGroup, StakeholderType
from cabildo.workdays.calendar import WorkCalendar, calendar_for

# --- Realistic content ------------------------------------------------------------------------

AREA_NAMES = [
    "Despacho del Alcalde",
    "Secretaría de Gobierno",
    "Secretaría de Hacienda",
    "Departamento Administrativo de Planeación",
    "Secretaría de Educación",
    "Secretaría de Salud Pública",
    "Secretaría de Bienestar Social",
    "Secretaría de Cultura",
    "Secretaría del Deporte y la Recreación",
    "Secretaría de Movilidad",
    "Secretaría de Infraestructura",
    "Secretaría de Vivienda Social y Hábitat",
    "Departamento Administrativo de Gestión del Medio Ambiente",
    "Secretaría de Seguridad y Justicia",
    "Secretaría de Paz y Cultura Ciudadana",
    "Secretaría de Desarrollo Económico",
    "Secretaría de Turismo",
    "Secretaría de Gestión del Riesgo de Emergencias y Desastres",
    "Secretaría de Desarrollo Territorial y Participación Ciudadana",
    "Departamento Administrativo de Desarrollo e Innovación Institucional",
    "Departamento Administrativo de Tecnologías de la Información",
    "Departamento Administrativo de Contratación Pública",
    "Departamento Administrativo de Gestión Jurídica Pública",
    "Departamento Administrativo de Control Interno",
    "Departamento Administrativo de Control Disciplinario Interno",
    "Unidad Administrativa Especial de Servicios Públicos",
    "Unidad Administrativa Especial de Gestión de Bienes y Servicios",
    "Oficina de Comunicaciones",
    "Oficina de Atención al Ciudadano",
    "Subsecretaría de Equidad de Género",
    "Subsecretaría de Primera Infancia",
    "Subsecretaría de Poblaciones y Etnias",
    "Subsecretaría de Catastro",
    "Subsecretaría de Impuestos y Rentas",
    "Subsecretaría de Espacio Público",
    "Subsecretaría de Convivencia y Seguridad Ciudadana",
    "Subsecretaría de Salud Ambiental",
    "Subsecretaría de Servicios de Movilidad",
    "Subsecretaría de Acceso a Servicios de Salud",
    "Subsecretaría de Cobertura Educativa",
]
STAKEHOLDER_TYPES = [
    "Organizaciones comunales",
    "Organizaciones sociales",
    "Sector académico",
    "Sector productivo",
    "Grupos étnicos",
    "Población vulnerable",
    "Veedurías ciudadanas",
]
GROUP_SUBJECTS = [
    "Juntas de acción comunal de la comuna {n}",
    "Asociación de mujeres de la comuna {n}",
    "Consejo de juventud de la comuna {n}",
    "Veeduría ciudadana de obras de la comuna {n}",
    "Cabildo indígena urbano {n}",
    "Consejo comunitario afrodescendiente {n}",
    "Asociación de personas mayores {n}",
    "Red de organizaciones de personas con discapacidad {n}",
    "Comerciantes del sector {n}",
    "Universidades del corredor {n}",
]
BODY_NAMES = [
    ("Consejo Municipal de Planeación", BodyKind.SECTORAL),
    ("Consejo Municipal de Desarrollo Rural", BodyKind.SECTORAL),
    ("Consejo Municipal de Cultura", BodyKind.SECTORAL),
    ("Consejo Municipal de Juventud", BodyKind.POPULATION),
    ("Consejo Municipal de Mujeres", BodyKind.POPULATION),
    ("Consejo Municipal de Discapacidad", BodyKind.POPULATION),
    ("Consejo Municipal de Paz", BodyKind.SECTORAL),
    ("Comité Municipal de Personas Mayores", BodyKind.POPULATION),
    ("Junta Administradora Local de la comuna {n}", BodyKind.TERRITORIAL),
    ("Comisión Ambiental Territorial de la comuna {n}", BodyKind.TERRITORIAL),
    ("Comité de Participación Comunitaria en Salud de la comuna {n}", BodyKind.TERRITORIAL),
]
THEMES = [
    "movilidad y transporte público",
    "seguridad y convivencia",
    "presupuesto participativo",
    "salud pública",
    "cobertura educativa",
    "espacio público",
    "medio ambiente y arbolado urbano",
    "vivienda y mejoramiento de barrios",
    "empleo y emprendimiento",
    "cultura y patrimonio",
    "deporte y recreación",
    "gestión del riesgo",
    "rendición de cuentas",
]
ACTIVITY_FORMS = [
    (Mechanism.WORKING_TABLE, "Mesa de trabajo sobre {theme} en la comuna {n}"),
    (Mechanism.FORUM, "Foro ciudadano de {theme}"),
    (Mechanism.PUBLIC_HEARING, "Audiencia pública de rendición de cuentas: {theme}"),
    (Mechanism.WORKSHOP, "Taller de formulación de proyectos de {theme}"),
    (Mechanism.SURVEY, "Encuesta de percepción sobre {theme}"),
    (Mechanism.MEETING, "Encuentro con líderes comunales sobre {theme}"),
    (Mechanism.OPEN_COUNCIL, "Cabildo abierto sobre {theme}"),
]
SUBJECTS = [
    ("peticion_general", "Solicitud de poda de árboles en el barrio", 12),
    ("peticion_general", "Reparación del alumbrado público", 12),
    ("peticion_general", "Instalación de reductores de velocidad frente a la escuela", 8),
    ("peticion_general", "Recolección de escombros en la vía", 8),
    ("informacion", "Copia del acta de la última sesión del consejo", 5),
    ("informacion", "Información sobre el presupuesto participativo", 5),
    ("informacion", "Certificado de estratificación del predio", 5),
    ("consulta", "Concepto sobre el uso del suelo de un predio", 5),
    ("queja", "Mala atención en la ventanilla de radicación", 6),
    ("queja", "Ruido de un establecimiento nocturno", 4),
    ("reclamo", "Demora en la entrega del subsidio de transporte", 7),
    ("reclamo", "Cobro duplicado del impuesto predial", 8),
    ("sugerencia", "Ampliar el horario de atención los sábados", 4),
    ("denuncia", "Obra abandonada en la vía principal", 5),
    ("felicitacion", "Felicitación al equipo de la jornada de salud", 2),
    ("habeas_consulta", "Qué datos personales míos tiene la entidad", 2),
    ("habeas_reclamo", "Corrección de mi dirección en la base de datos", 2),
]
FIRST_NAMES = [
    "María", "José", "Luz", "Carlos", "Ana", "Jorge", "Sandra", "Luis", "Diana", "Andrés",
    "Paola", "Juan", "Claudia", "Diego", "Marta", "Óscar", "Yolanda", "Fabián", "Nidia", "Hernán",
]  # fmt: skip
LAST_NAMES = [
    "Gómez", "Rodríguez", "Martínez", "López", "Restrepo", "Valencia", "Ocampo", "Caicedo",
    "Mosquera", "Hurtado", "Sánchez", "Díaz", "Castillo", "Rivas", "Quintero", "Angulo",
]  # fmt: skip
SPACES = [
    "Centro de Administración Local de la comuna",
    "Casa de la cultura",
    "Salón comunal del barrio",
    "Plataforma de participación en línea",
]
CONTRIBUTION_TEXTS = [
    "Proponemos que la obra incluya andenes accesibles para personas con discapacidad.",
    "Recomendamos ampliar la convocatoria a las juntas de acción comunal de la zona rural.",
    "¿Cuándo se publicará el informe de ejecución del presupuesto participativo?",
    "Objetamos el cambio de ubicación del centro de salud sin consulta a la comunidad.",
    "Sugerimos jornadas de atención los sábados en las casas de justicia.",
    "Pedimos priorizar el mantenimiento de las vías terciarias del corregimiento.",
]
# Seed 004 (Cali 2018) channels, plus the in-person share of verbal petitions.
CHANNEL_WEIGHTS = {str(k): v for k, v in CALI_CHANNELS_2018.items()}
PETITION_BATCH = 20_000


@dataclass
class Report:
    """What was written: rows and seconds per table, and the total rate."""

    tables: dict[str, tuple[int, float]] = field(default_factory=dict)
    seconds: float = 0.0

    @property
    def rows(self) -> int:
        return sum(rows for rows, _ in self.tables.values())

    @property
    def rows_per_second(self) -> float:
        return self.rows / self.seconds if self.seconds else 0.0


def generate(
    *, entity: Entity, scale: Scale, seed: int = 2018, today: date | None = None,
    progress: Callable[[str], None] | None = None,
) -> Report:  # fmt: skip
    """Write ``scale``'s data for ``entity``; one transaction per part."""
    started = time.perf_counter()
    writer = Writer()
    rng = random.Random(f"{seed}-{entity.slug}-{scale.name}")  # noqa: S311 - synthetic data
    today = today or timezone.localdate()
    say = progress or (lambda message: None)
    years = list(range(today.year - scale.years + 1, today.year + 1))
    with translation.override(settings.LANGUAGE_CODE):
        with transaction.atomic():
            areas = _areas(entity, scale, writer)
            groups = _stakeholder_groups(entity, scale, writer, rng)
            bodies = _bodies(entity, scale, writer, rng, areas)
        say(f"áreas {len(areas)}, grupos de valor {len(groups)}, instancias {len(bodies)}")
        with transaction.atomic():
            activities = _plans(entity, scale, writer, rng, years, today, areas, bodies)
            events = _events(entity, scale, writer, rng, activities, today)
            _registrations(entity, scale, writer, rng, events, groups)
            _contributions(entity, scale, writer, rng, events, groups)
        say(f"actividades {len(activities)}, eventos {len(events)}")
        calendar = calendar_for(entity)
        for year in years:
            with transaction.atomic():
                n = _petitions(entity, scale, writer, rng, year, today, areas, calendar)
            say(f"PQRSD {year}: {n}")
    report = Report(
        tables={label: (w.rows, w.seconds) for label, w in writer.stats.items()},
        seconds=time.perf_counter() - started,
    )
    return report


# --- Organisation -----------------------------------------------------------------------------


def _areas(entity: Entity, scale: Scale, writer: Writer) -> list[int]:
    existing = set(Area.objects.filter(entity=entity).values_list("name", flat=True))
    wanted = [_numbered(AREA_NAMES, i) for i in range(scale.areas)]
    missing = [name for name in wanted if name not in existing]
    table = Table(Area)
    ids = writer.allocate_ids(Area, len(missing))
    kinds = [AreaKind.MISSION, AreaKind.MISSION, AreaKind.SUPPORT, AreaKind.STRATEGIC]
    writer.write(
        table,
        (
            table.row(id=pk, entity_id=entity.pk, name=name, kind=kinds[i % len(kinds)])
            for i, (pk, name) in enumerate(zip(ids, missing, strict=True))
        ),
    )
    return list(
        Area.objects.filter(entity=entity, name__in=wanted)
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def _numbered(names: list[str], i: int) -> str:
    """The i-th name, with a number once the list is used up (names are unique per entity)."""
    name = names[i % len(names)]
    return name if i < len(names) else f"{name} {i // len(names) + 1}"


def _stakeholder_groups(
    entity: Entity, scale: Scale, writer: Writer, rng: random.Random
) -> list[int]:
    types = [
        StakeholderType.objects.get_or_create(entity=entity, name=name, defaults={"order": i})[0]
        for i, name in enumerate(STAKEHOLDER_TYPES)
    ]
    existing = set(StakeholderGroup.objects.filter(entity=entity).values_list("name", flat=True))
    names = []
    for i in range(scale.stakeholder_groups):
        template = GROUP_SUBJECTS[i % len(GROUP_SUBJECTS)]
        name = template.format(n=i // len(GROUP_SUBJECTS) + 1)
        if name not in existing:
            names.append(name)
    table = Table(StakeholderGroup)
    ids = writer.allocate_ids(StakeholderGroup, len(names))
    writer.write(
        table,
        (
            table.row(
                id=pk,
                entity_id=entity.pk,
                name=name,
                type_id=types[i % len(types)].pk,
                zone=rng.choice(["urbana", "rural", "ambas"]),
                notes=f"Participar en las decisiones sobre {rng.choice(THEMES)}.",
                channels=["presencial", "mensajeria"],
                estimated_size=rng.randint(20, 3_000),
            )
            for i, (pk, name) in enumerate(zip(ids, names, strict=True))
        ),
    )
    return list(StakeholderGroup.objects.filter(entity=entity).values_list("pk", flat=True))


def _bodies(
    entity: Entity, scale: Scale, writer: Writer, rng: random.Random, areas: list[int]
) -> list[int]:
    existing = set(ParticipationBody.objects.filter(entity=entity).values_list("name", flat=True))
    wanted = []
    for i in range(scale.bodies):
        template, kind = BODY_NAMES[i % len(BODY_NAMES)]
        name = template.format(n=i // len(BODY_NAMES) + 1)
        if "{n}" not in template and i >= len(BODY_NAMES):
            name = f"{template} ({i // len(BODY_NAMES) + 1})"
        if name not in existing:
            wanted.append((name, kind))
    table = Table(ParticipationBody)
    ids = writer.allocate_ids(ParticipationBody, len(wanted))
    writer.write(
        table,
        (
            table.row(
                id=pk,
                entity_id=entity.pk,
                name=name,
                kind=kind,
                is_formal=True,
                legal_act_type="acuerdo",
                legal_act_number=f"{rng.randint(1, 600):03d}",
                legal_act_date=date(rng.randint(1995, 2022), rng.randint(1, 12), 1),
                legal_act_issuer="Concejo Municipal",
                functions="Asesorar a la administración y hacer seguimiento a las políticas.",
                secretariat_id=rng.choice(areas),
                meeting_frequency=rng.choice(list(MeetingFrequency.values)),
                status=BodyStatus.ACTIVE if rng.random() < 0.85 else BodyStatus.INACTIVE,
                public_contact="participacion@entidad.gov.co",
            )
            for pk, (name, kind) in zip(ids, wanted, strict=True)
        ),
    )
    return list(ParticipationBody.objects.filter(entity=entity).values_list("pk", flat=True))


# --- Plans and events -------------------------------------------------------------------------


@dataclass(frozen=True)
class _Activity:
    pk: int
    name: str
    start: date
    end: date


def _plans(
    entity: Entity,
    scale: Scale,
    writer: Writer,
    rng: random.Random,
    years: list[int],
    today: date,
    areas: list[int],
    bodies: list[int],
) -> list[_Activity]:
    activities: list[_Activity] = []
    table = Table(PlannedActivity)
    for year in years:
        plan, _ = ParticipationPlan.objects.get_or_create(
            entity=entity,
            year=year,
            defaults={"title": f"Plan de participación ciudadana {year}"},
        )
        number = (plan.versions.aggregate(n=Max("number"))["n"] or 0) + 1
        status = PlanStatus.IN_EXECUTION if year == today.year else PlanStatus.CLOSED
        version = PlanVersion.objects.create(
            entity=entity,
            plan=plan,
            number=number,
            status=status,
            approved_on=date(year, 1, 31),
            changelog="Versión generada para pruebas de carga.",
        )
        ids = writer.allocate_ids(PlannedActivity, scale.activities_per_year)
        rows = []
        for i, pk in enumerate(ids):
            mechanism, template = rng.choice(ACTIVITY_FORMS)
            body = rng.choice(bodies) if bodies and rng.random() < 0.3 else None
            name = template.format(theme=rng.choice(THEMES), n=rng.randint(1, 22))
            start = date(year, 1, 15) + timedelta(days=rng.randint(0, 300))
            end = start + timedelta(days=rng.randint(0, 45))
            activities.append(_Activity(pk, name, start, end))
            rows.append(
                table.row(
                    id=pk,
                    entity_id=entity.pk,
                    version_id=version.pk,
                    area_id=rng.choice(areas),
                    name=name,
                    goal="Recoger aportes de la ciudadanía para la toma de decisiones.",
                    unit="Espacios realizados",
                    indicator="Número de espacios de participación realizados",
                    phase=rng.choice(list(CyclePhase.values)),
                    procedure=rng.choice(list(Procedure.values)),
                    incidence_level=rng.choice(list(IncidenceLevel.values)),
                    body_id=body,
                    other_space="" if body else rng.choice(SPACES),
                    channels=[rng.choice(list(ActivityChannel.values))],
                    mechanism=mechanism,
                    budget=Decimal(rng.randint(0, 80) * 1_000_000),
                    start_date=start,
                    end_date=end,
                    responsible="Secretaría de Desarrollo Territorial y Participación Ciudadana",
                    periodicity=rng.choice(["Única", "Trimestral", "Semestral"]),
                    is_accountability=mechanism == Mechanism.PUBLIC_HEARING,
                    order=i + 1,
                )
            )
        writer.write(table, rows)
    return activities


@dataclass(frozen=True)
class _Event:
    pk: int
    starts_at: datetime
    capacity: int


def _events(
    entity: Entity,
    scale: Scale,
    writer: Writer,
    rng: random.Random,
    activities: list[_Activity],
    today: date,
) -> list[_Event]:
    tz = ZoneInfo(settings.TIME_ZONE)
    n = min(len(activities), scale.events_per_year * scale.years)
    chosen = rng.sample(activities, n)
    ids = writer.allocate_ids(Event, n)
    table = Table(Event)
    events, rows = [], []
    for pk, activity in zip(ids, chosen, strict=True):
        day = activity.start + timedelta(days=rng.randint(0, (activity.end - activity.start).days))
        starts_at = datetime(day.year, day.month, day.day, rng.choice([8, 9, 14, 17]), tzinfo=tz)
        capacity = rng.choice([40, 60, 100, 150, 300])
        modality = rng.choice(list(Modality.values))
        events.append(_Event(pk, starts_at, capacity))
        rows.append(
            table.row(
                id=pk,
                entity_id=entity.pk,
                activity_id=activity.pk,
                title=activity.name,
                description="Espacio abierto a la ciudadanía, con inscripción previa.",
                starts_at=starts_at,
                ends_at=starts_at + timedelta(hours=3),
                modality=modality,
                place="" if modality == Modality.VIRTUAL else "Centro de Administración Local",
                address="" if modality == Modality.VIRTUAL else "Calle 10 # 5-20",
                link="https://meet.entidad.gov.co/sala" if modality != Modality.IN_PERSON else "",
                agenda="Instalación\nPresentación\nMesas de trabajo\nConclusiones",
                capacity=capacity,
                is_published=rng.random() < 0.95,
            )
        )
    writer.write(table, rows)
    return events


def _consents(
    entity: Entity, writer: Writer, people: Sequence[tuple[str, str, datetime, str]], purpose: str
) -> list[int]:
    """One consent per (name, email, given_at, channel); returns their ids."""
    ids = writer.allocate_ids(Consent, len(people))
    table = Table(Consent)
    text = str(consent_text(purpose_label(purpose)))
    writer.write(
        table,
        (
            table.row(
                id=pk,
                entity_id=entity.pk,
                purpose=purpose,
                policy_version=POLICY_VERSION,
                text=text,
                channel=channel,
                given_at=given_at,
                subject_name=name,
                subject_email=email,
            )
            for pk, (name, email, given_at, channel) in zip(ids, people, strict=True)
        ),
    )
    return ids


def purpose_label(purpose: str) -> str:
    return {
        "pqrs": "tramitar y responder mi petición (PQRSD)",
        "event_registration": "inscribirme y asistir al evento de participación",
    }[purpose]


def _person(rng: random.Random, i: int) -> tuple[str, str]:
    first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
    ascii_name = (
        f"{first}.{last}".lower()
        .translate(str.maketrans("áéíóúñÓ", "aeiounO"))
        .encode("ascii", "ignore")
        .decode()
    )
    return f"{first} {last} {rng.choice(LAST_NAMES)}", f"{ascii_name}{i}@correo.test"


def _registrations(
    entity: Entity,
    scale: Scale,
    writer: Writer,
    rng: random.Random,
    events: list[_Event],
    groups: list[int],
) -> None:
    if not events:
        return
    now = timezone.now()
    people = []
    plan = []
    for i in range(scale.registrations):
        event = events[i % len(events)]
        name, email = _person(rng, i)
        registered_at = min(now, event.starts_at - timedelta(days=rng.randint(1, 20)))
        people.append((name, email, registered_at, ConsentChannel.WEB))
        plan.append((event, name, email, registered_at))
    consent_ids = _consents(entity, writer, people, "event_registration")
    ids = writer.allocate_ids(Registration, len(plan))
    table = Table(Registration)
    rows = []
    for pk, consent_id, (event, name, email, registered_at) in zip(
        ids, consent_ids, plan, strict=True
    ):
        past = event.starts_at < now
        status = (
            RegistrationStatus.CONFIRMED if rng.random() < 0.9 else RegistrationStatus.CANCELLED
        )
        attended = past and status == RegistrationStatus.CONFIRMED and rng.random() < 0.75
        rows.append(
            table.row(
                id=pk,
                entity_id=entity.pk,
                event_id=event.pk,
                name=name,
                email=email,
                stakeholder_group_id=rng.choice(groups) if groups and rng.random() < 0.4 else None,
                age_range=rng.choice(["18-28", "29-59", "29-59", "60+"]),
                status=status,
                channel=RegistrationChannel.WEB,
                consent_id=consent_id,
                attended=attended,
                checked_in_at=event.starts_at + timedelta(minutes=10) if attended else None,
                created_at=registered_at,
                cancelled_at=registered_at + timedelta(days=1)
                if status == RegistrationStatus.CANCELLED
                else None,
            )
        )
    writer.write(table, rows)


def _contributions(
    entity: Entity,
    scale: Scale,
    writer: Writer,
    rng: random.Random,
    events: list[_Event],
    groups: list[int],
) -> None:
    if not events:
        return
    now = timezone.now()
    ids = writer.allocate_ids(Contribution, scale.contributions)
    table = Table(Contribution)

    def rows() -> Iterator[tuple[Any, ...]]:
        for i, pk in enumerate(ids):
            event = events[i % len(events)]
            created = min(now, event.starts_at + timedelta(hours=1))
            analysed = event.starts_at < now - timedelta(days=15) and rng.random() < 0.7
            yield table.row(
                id=pk,
                entity_id=entity.pk,
                event_id=event.pk,
                kind=rng.choice(list(ContributionKind.values)),
                text=rng.choice(CONTRIBUTION_TEXTS),
                author_name=_person(rng, i)[0] if rng.random() < 0.5 else "",
                stakeholder_group_id=rng.choice(groups) if groups and rng.random() < 0.3 else None,
                viability=rng.choice(list(Viability.values)) if analysed else "",
                justification="Analizada por la dependencia responsable." if analysed else "",
                incidence_level=rng.choice(list(IncidenceLevel.values)) if analysed else "",
                analysed_at=created + timedelta(days=10) if analysed else None,
                created_at=created,
            )

    writer.write(table, rows())


# --- PQRSD ------------------------------------------------------------------------------------


def _weighted(rng: random.Random, weights: dict[str, int], n: int) -> list[str]:
    return rng.choices(list(weights), weights=list(weights.values()), k=n)


def _petitions(
    entity: Entity,
    scale: Scale,
    writer: Writer,
    rng: random.Random,
    year: int,
    today: date,
    areas: list[int],
    calendar: WorkCalendar,
) -> int:
    """One year of petitions, numbered after the entity's counter for that year."""
    tz = ZoneInfo(settings.TIME_ZONE)
    now = timezone.now()
    kinds_ensure_defaults(entity=entity)
    pqrs_settings = settings_for(entity=entity)
    kinds = {k.code: k for k in PetitionKind.objects.filter(entity=entity)}
    counter, _ = FilingCounter.objects.select_for_update().get_or_create(entity=entity, year=year)
    last_day = min(today, date(year, 12, 31))
    all_days = [
        date(year, 1, 1) + timedelta(days=d) for d in range((last_day - date(year, 1, 1)).days + 1)
    ]
    business_days = [d for d in all_days if calendar.is_business_day(d)] or all_days
    n = scale.petitions_per_year
    channels = _weighted(rng, CHANNEL_WEIGHTS, n)
    walk_in = {Channel.IN_PERSON, Channel.PHONE, Channel.VERBAL}
    moments = []
    for channel in channels:
        day = rng.choice(business_days if channel in walk_in else all_days)
        filed_at = datetime(
            day.year, day.month, day.day, rng.randint(7, 17), rng.randint(0, 59),
            rng.randint(0, 59), tzinfo=tz,
        )  # fmt: skip
        if filed_at > now:
            filed_at = now - timedelta(minutes=rng.randint(5, 600))
        moments.append((filed_at, channel))
    moments.sort()
    due_cache: dict[tuple[date, int], date] = {}
    answer_cache: dict[tuple[date, int], date] = {}

    def add_days(start: date, days: int, cache: dict[tuple[date, int], date]) -> date:
        key = (start, days)
        if key not in cache:
            cache[key] = calendar.add_business_days(start, days)
        return cache[key]

    subjects = [(code, subject) for code, subject, _ in SUBJECTS]
    subject_weights = [weight for _, _, weight in SUBJECTS]
    channel_labels = {value: str(label) for value, label in Channel.choices}
    consent_channels = CONSENT_CHANNELS
    written = 0
    for batch_start in range(0, n, PETITION_BATCH):
        batch = moments[batch_start : batch_start + PETITION_BATCH]
        ids = writer.allocate_ids(Petition, len(batch))
        petitions: list[dict[str, Any]] = []
        transfers: list[dict[str, Any]] = []
        people: list[tuple[str, str, datetime, str, int]] = []  # ..., index in petitions
        events: list[tuple[int, str, str, datetime]] = []
        for offset, (pk, (filed_at, channel)) in enumerate(zip(ids, batch, strict=True)):
            sequence = counter.last_number + batch_start + offset + 1
            code, subject = rng.choices(subjects, weights=subject_weights)[0]
            kind = kinds[code]
            filed_on = filed_at.date()
            priority = rng.random() < 0.01
            term = deadlines.effective_term(
                term_days=kind.term_days,
                priority=priority,
                priority_term_days=kind.priority_term_days or pqrs_settings.priority_term_days,
            )
            due = add_days(filed_on, term, due_cache) if term is not None else None
            anonymous = channel in (Channel.WEB, Channel.MAILBOX) and rng.random() < 0.25
            values: dict[str, Any] = {
                "id": pk,
                "entity_id": entity.pk,
                "filing_number": format_filing_number(pqrs_settings.filing_prefix, year, sequence),
                "year": year,
                "sequence": sequence,
                "tracking_code_hash": hashlib.sha256(rng.randbytes(12)).hexdigest(),
                "kind_id": kind.pk,
                "channel": channel,
                "subject": subject,
                "description": f"{subject}. Radicada por el canal {channel_labels[channel]}.",
                "anonymous": anonymous,
                "is_priority": priority,
                "priority_reason": "Derecho fundamental a la salud en riesgo." if priority else "",
                "filed_at": filed_at,
                "term_days": term,
                "term_start": filed_on if term is not None else None,
                "due_date": due,
                "original_due_date": None,
                "created_at": filed_at,
            }
            if not anonymous:
                name, email = _person(rng, pk)
                values.update(
                    requester_name=name,
                    requester_document_type="CC",
                    requester_document_number=str(rng.randint(10_000_000, 1_200_000_000)),
                    requester_email=email if channel != Channel.PHONE else "",
                    requester_phone=f"3{rng.randint(100_000_000, 199_999_999)}",
                )
                people.append(
                    (name, values["requester_email"], filed_at,
                     consent_channels.get(channel, ConsentChannel.WEB), len(petitions))
                )  # fmt: skip
            _advance(values, rng, areas, today, now, due, term, filed_on, calendar, add_days,
                     answer_cache)  # fmt: skip
            if values.get("closing_reason") == ClosingReason.TRANSFERRED:
                transfers.append(values)
            petitions.append(values)
            filing_text = f"Petición radicada por el canal {channel_labels[channel]}. " + (
                f"Término: {term} días hábiles; vence el {due:%d/%m/%Y}."
                if due
                else "Esta clase no tiene término legal."
            )
            events.append((pk, EventKind.FILED, filing_text, filed_at))
            if values.get("answered_at"):
                events.append(
                    (pk, EventKind.ANSWERED, "Respuesta de fondo enviada.", values["answered_at"])
                )
            if values.get("closing_reason") == ClosingReason.TRANSFERRED:
                events.append(
                    (pk, EventKind.TRANSFERRED, "Trasladada por competencia.", values["_moved_at"])
                )
        if people:
            consent_ids = _consents(entity, writer, [p[:4] for p in people], CONSENT_PURPOSE)
            for consent_id, person in zip(consent_ids, people, strict=True):
                petitions[person[4]]["consent_id"] = consent_id
        petition_table = Table(Petition)
        writer.write(
            petition_table,
            (
                petition_table.row(**{k: v for k, v in p.items() if not k.startswith("_")})
                for p in petitions
            ),
        )
        _write_petition_events(entity, writer, events)
        _write_transfers(entity, writer, transfers)
        written += len(batch)
    counter.last_number += written
    counter.save(update_fields=["last_number"])
    return written


def _advance(
    values: dict[str, Any],
    rng: random.Random,
    areas: list[int],
    today: date,
    now: datetime,
    due: date | None,
    term: int | None,
    filed_on: date,
    calendar: WorkCalendar,
    add_days: Callable[..., date],
    answer_cache: dict[tuple[date, int], date],
) -> None:
    """The petition's state for its age, as the services would have left it."""
    age = (today - filed_on).days
    if age < 1:
        return  # filed today: radicada
    values["area_id"] = rng.choice(areas)
    values["status"] = Status.ASSIGNED if age < 3 else Status.IN_PROGRESS
    roll = rng.random()
    if roll < 0.03:
        moved = add_days(filed_on, 1, answer_cache)
        if moved < today:
            values.update(status=Status.CLOSED, closing_reason=ClosingReason.TRANSFERRED)
            values["_moved_at"] = _at(moved, 9, values["filed_at"])
            return
    if due is None:  # no legal term (felicitaciones): acknowledged within two days
        answered_on = add_days(filed_on, 2, answer_cache)
        if answered_on < today:
            _answer(values, answered_on)
        return
    if due >= today and rng.random() < 0.5:
        return  # in time, still being processed
    if due < today and rng.random() < 0.08:
        return  # overdue and still open
    late = rng.random() < 0.12
    answered_on = (
        add_days(due, rng.randint(1, 5), answer_cache)
        if late
        else add_days(filed_on, rng.randint(1, max(1, term or 1)), answer_cache)
    )
    if answered_on < today:
        _answer(values, answered_on)


def _at(day: date, hour: int, not_before: datetime) -> datetime:
    moment = datetime(day.year, day.month, day.day, hour, tzinfo=not_before.tzinfo)
    return max(moment, not_before + timedelta(hours=1))


def _answer(values: dict[str, Any], day: date) -> None:
    channel = values["channel"]
    values.update(
        status=Status.ANSWERED,
        closing_reason=ClosingReason.ANSWERED,
        answered_at=_at(day, 15, values["filed_at"]),
        answer_text="Respuesta de fondo: la dependencia atendió la solicitud en los términos "
        "señalados.",
        answer_channel=channel if channel != Channel.MAILBOX else Channel.EMAIL,
    )


def _write_petition_events(
    entity: Entity, writer: Writer, events: Sequence[tuple[int, str, str, datetime]]
) -> None:
    ids = writer.allocate_ids(PetitionEvent, len(events))
    table = Table(PetitionEvent)
    writer.write(
        table,
        (
            table.row(
                id=pk, entity_id=entity.pk, petition_id=petition_id, kind=kind, text=text, at=at
            )
            for pk, (petition_id, kind, text, at) in zip(ids, events, strict=True)
        ),
    )


def _write_transfers(entity: Entity, writer: Writer, transfers: list[dict[str, Any]]) -> None:
    ids = writer.allocate_ids(Transfer, len(transfers))
    table = Table(Transfer)
    writer.write(
        table,
        (
            table.row(
                id=pk,
                entity_id=entity.pk,
                petition_id=values["id"],
                target_name="Gobernación del Valle del Cauca",
                target_email="contactenos@valledelcauca.gov.co",
                reason="El asunto es de competencia departamental.",
                notified_at=values["_moved_at"],
                created_at=values["_moved_at"],
            )
            for pk, values in zip(ids, transfers, strict=True)
        ),
    )
