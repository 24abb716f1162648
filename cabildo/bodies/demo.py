"""Demo bodies: Itagüí's sistema municipal (27 characterized in 2019, 42 in 2022, seed 000)
and Cali's DAGMA bodies (seed 004). Idempotent (update_or_create on natural keys)."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from cabildo.bodies import services
from cabildo.bodies.models import (
    BodyCharacterization,
    BodyKind,
    BodyMember,
    BodySession,
    BodyStatus,
    LegalActType,
    MeetingFrequency,
    ParticipationBody,
    Publication,
    SeatSelection,
)
from cabildo.core.models import Area, Entity
from cabildo.territories.models import Territory

T, P, S = BodyKind.TERRITORIAL, BodyKind.POPULATION, BodyKind.SECTORAL

# Seed 000: "Principales dificultades" and "Resultados destacados".
DIFFICULTIES = [
    "Cambios permanentes de los funcionarios que acompañan la instancia",
    "Complejidad de las convocatorias",
    "No disponer de recursos para su funcionamiento",
]
RESULTS = [
    "Visibilización de los diferentes sectores y grupos poblacionales",
    "Asumir posturas y plantear sus opiniones e iniciativas",
    "Capacitación y acompañamiento frecuente",
]

PARTICIPATION = "Secretaría de Participación e Inclusión Social"
GOVERNMENT = "Secretaría de Gobierno"
PLANNING = "Departamento Administrativo de Planeación"
EDUCATION = "Secretaría de Educación y Cultura"
HEALTH = "Secretaría de Salud y Protección Social"
ENVIRONMENT = "Secretaría de Medio Ambiente"

# name, acronym, kind, secretariat, territory, represented, formal
ITAGUI_2019: list[tuple[str, str, str, str, str, str, bool]] = [
    (
        "Consejo Territorial de Planeación",
        "CTP",
        T,
        PLANNING,
        "",
        "Sectores y territorios del municipio",
        True,
    ),
    (
        "Asociación Municipal de Juntas de Acción Comunal",
        "ASOCOMUNAL",
        T,
        PARTICIPATION,
        "",
        "Juntas de Acción Comunal",
        True,
    ),
    (
        "Junta Administradora Local Comuna 1",
        "JAL 1",
        T,
        GOVERNMENT,
        "Comuna 1",
        "Habitantes de la comuna 1",
        True,
    ),
    (
        "Junta Administradora Local Comuna 2",
        "JAL 2",
        T,
        GOVERNMENT,
        "Comuna 2",
        "Habitantes de la comuna 2",
        True,
    ),
    (
        "Junta Administradora Local Corregimiento El Manzanillo",
        "JAL El Manzanillo",
        T,
        GOVERNMENT,
        "El Manzanillo",
        "Habitantes del corregimiento",
        True,
    ),
    ("Consejo Municipal de Juventud", "CMJ", P, PARTICIPATION, "", "Jóvenes de 14 a 28 años", True),
    (
        "Mesa Municipal de Participación Efectiva de Víctimas",
        "",
        P,
        PARTICIPATION,
        "",
        "Víctimas del conflicto armado",
        True,
    ),
    (
        "Consejo Municipal de Discapacidad",
        "",
        P,
        HEALTH,
        "",
        "Personas con discapacidad y cuidadores",
        True,
    ),
    ("Consejo Municipal de Personas Mayores", "", P, PARTICIPATION, "", "Personas mayores", True),
    ("Consejo Consultivo de Mujeres", "", P, PARTICIPATION, "", "Mujeres", True),
    (
        "Mesa Municipal de Diversidad Sexual y de Género",
        "",
        P,
        PARTICIPATION,
        "",
        "Población LGBTIQ+",
        True,
    ),
    (
        "Mesa de Infancia, Adolescencia y Fortalecimiento Familiar",
        "",
        P,
        PARTICIPATION,
        "",
        "Niñas, niños, adolescentes y familias",
        True,
    ),
    (
        "Mesa Municipal de Población Afrodescendiente",
        "",
        P,
        PARTICIPATION,
        "",
        "Población negra y afrodescendiente",
        True,
    ),
    ("Mesa Municipal de Habitante de Calle", "", P, HEALTH, "", "Habitantes de calle", True),
    (
        "Consejo Municipal de Participación Ciudadana",
        "CMPC",
        S,
        PARTICIPATION,
        "",
        "Sectores sociales y comunitarios",
        True,
    ),
    ("Consejo Municipal de Cultura", "", S, EDUCATION, "", "Sector cultural y artístico", True),
    (
        "Comité Municipal de Libertad Religiosa",
        "",
        S,
        GOVERNMENT,
        "",
        "Entidades religiosas y de culto",
        True,
    ),
    (
        "Consejo Municipal de Desarrollo Rural",
        "CMDR",
        S,
        ENVIRONMENT,
        "El Manzanillo",
        "Productores y habitantes rurales",
        True,
    ),
    (
        "Comité de Participación Comunitaria en Salud",
        "COPACO",
        S,
        HEALTH,
        "",
        "Usuarios de los servicios de salud",
        True,
    ),
    (
        "Consejo Municipal de Paz, Reconciliación, Convivencia y Derechos Humanos",
        "",
        S,
        GOVERNMENT,
        "",
        "Organizaciones de paz y derechos humanos",
        True,
    ),
    ("Junta Municipal de Educación", "JUME", S, EDUCATION, "", "Comunidad educativa", True),
    (
        "Consejo Municipal de Política Social",
        "COMPOS",
        S,
        PARTICIPATION,
        "",
        "Sectores sociales",
        True,
    ),
    (
        "Consejo Municipal de Deporte y Recreación",
        "",
        S,
        EDUCATION,
        "",
        "Clubes y ligas deportivas",
        True,
    ),
    (
        "Comité Municipal de Seguridad Alimentaria y Nutricional",
        "",
        S,
        HEALTH,
        "",
        "Sector alimentario",
        True,
    ),
    ("Consejo Ambiental Municipal", "", S, ENVIRONMENT, "", "Organizaciones ambientales", True),
    (
        "Comité de Desarrollo y Control Social de los Servicios Públicos",
        "",
        S,
        GOVERNMENT,
        "",
        "Usuarios de servicios públicos domiciliarios",
        True,
    ),
    (
        "Consejo Municipal de Gestión del Riesgo de Desastres",
        "CMGRD",
        S,
        GOVERNMENT,
        "",
        "Organismos de socorro y comunidad",
        True,
    ),
]
ITAGUI_2022_NEW: list[tuple[str, str, str, str, str, str, bool]] = [
    (
        "Junta Administradora Local Comuna 3",
        "JAL 3",
        T,
        GOVERNMENT,
        "Comuna 3",
        "Habitantes de la comuna 3",
        True,
    ),
    (
        "Junta Administradora Local Comuna 4",
        "JAL 4",
        T,
        GOVERNMENT,
        "Comuna 4",
        "Habitantes de la comuna 4",
        True,
    ),
    (
        "Plataforma Municipal de Juventudes",
        "",
        P,
        PARTICIPATION,
        "",
        "Organizaciones juveniles",
        True,
    ),
    ("Mesa Municipal de Población Indígena", "", P, PARTICIPATION, "", "Población indígena", False),
    (
        "Comité Municipal de Equidad de Género",
        "",
        P,
        PARTICIPATION,
        "",
        "Mujeres y organizaciones de mujeres",
        False,
    ),
    ("Mesa Municipal de Familia", "", P, PARTICIPATION, "", "Familias", False),
    (
        "Consejo Consultivo de Población Migrante",
        "",
        P,
        PARTICIPATION,
        "",
        "Población migrante",
        False,
    ),
    ("Consejo Municipal de Turismo", "", S, EDUCATION, "", "Sector turístico", True),
    (
        "Red Municipal de Veedurías Ciudadanas",
        "",
        S,
        PARTICIPATION,
        "",
        "Veedurías ciudadanas",
        False,
    ),
    (
        "Consejo Municipal de Economía Social y Solidaria",
        "",
        S,
        PARTICIPATION,
        "",
        "Organizaciones solidarias",
        True,
    ),
    (
        "Mesa Municipal de Movilidad",
        "",
        S,
        GOVERNMENT,
        "",
        "Usuarios y actores de la movilidad",
        False,
    ),
    ("Junta Defensora de Animales", "", S, ENVIRONMENT, "", "Protectores de animales", True),
    ("Consejo Municipal de Emprendimiento", "", S, PARTICIPATION, "", "Emprendedores", True),
    (
        "Consejo Municipal de Ciencia, Tecnología e Innovación",
        "",
        S,
        EDUCATION,
        "",
        "Academia y empresas",
        True,
    ),
    (
        "Consejo Municipal de Medios Comunitarios",
        "",
        S,
        PARTICIPATION,
        "",
        "Medios de comunicación comunitarios",
        False,
    ),
]

CHALLENGE = "Fortalecer la articulación con el sistema municipal de participación."
DAGMA = "Departamento Administrativo de Gestión del Medio Ambiente"


def _act(index: int, year: int) -> dict[str, Any]:
    kind = LegalActType.AGREEMENT if index % 3 else LegalActType.DECREE
    return {
        "legal_act_type": kind,
        "legal_act_number": f"{(index * 7) % 90 + 1:03d}",
        "legal_act_date": datetime.date(year, (index % 12) + 1, 10),
        "legal_act_issuer": "Concejo Municipal" if kind == LegalActType.AGREEMENT else "Alcaldía",
    }


def _upsert_body(
    entity: Entity,
    spec: tuple[str, str, str, str, str, str, bool],
    index: int,
    act_year: int,
    status: str,
    areas: dict[str, Area],
    territories: dict[str, Territory],
) -> ParticipationBody:
    name, acronym, kind, area, territory, represented, formal = spec
    defaults: dict[str, Any] = {
        "acronym": acronym,
        "kind": kind,
        "is_formal": formal,
        "secretariat": areas.get(area),
        "territory": territories.get(territory),
        "represented": represented,
        "status": status,
        "meeting_frequency": [
            MeetingFrequency.MONTHLY,
            MeetingFrequency.QUARTERLY,
            MeetingFrequency.BIMONTHLY,
        ][index % 3],
        "public_contact": f"participacion@{entity.slug}.test",
        "functions": "Deliberar, hacer seguimiento y presentar recomendaciones a la administración "
        "sobre los asuntos de su competencia.",
        "scope": "Municipal" if not territory else f"Territorial: {territory}",
        # Conformation on or before the act (the act is dated the 10th of the month).
        "created_on": datetime.date(act_year, (index % 12) + 1, 1),
    }
    if formal:
        defaults.update(_act(index, act_year))
        defaults["regulating_norms"] = "Ley 1757 de 2015"
    else:
        defaults.update(
            {
                "legal_act_type": "",
                "legal_act_number": "",
                "legal_act_date": None,
                "legal_act_issuer": "",
            }
        )
    body, _ = ParticipationBody.objects.update_or_create(
        entity=entity, name=name, defaults=defaults
    )
    return body


SURVEY_REASON = (
    "Cifra reportada por la secretaría técnica en la encuesta de caracterización %(year)s; "
    "las actas de las sesiones y el listado de integrantes aún no están cargados en Cabildo."
)


def _characterize(
    body: ParticipationBody, year: int, index: int, status: str, *, surveyed: bool = True
) -> None:
    """The year's characterization. ``surveyed``: the figures come from the characterization
    survey (seed 000), so where the registry differs they are corrections with that reason;
    otherwise the registry's recount is published."""
    difficulties = [DIFFICULTIES[i % 3] for i in range(index % 3 + 1)]
    results = [RESULTS[(index + i) % 3] for i in range(index % 2 + 1)]
    characterization = BodyCharacterization(body=body, year=year)
    typed: dict[str, int | None] = {"sessions_held": None, "active_members": None}
    if surveyed:
        typed = {"sessions_held": 2 + index % 10, "active_members": 5 + index % 12}
    characterization.set_typed_figures(typed)
    figures: dict[str, Any] = {}
    for name in typed:
        correction = getattr(characterization, f"{name}_correction")
        figures[f"{name}_correction"] = correction
        figures[f"{name}_reason"] = SURVEY_REASON % {"year": year} if correction is not None else ""
    BodyCharacterization.objects.update_or_create(
        body=body,
        year=year,
        defaults={
            "entity": body.entity,
            "status": status,
            **figures,
            "difficulties": "\n".join(difficulties),
            "results": "\n".join(results),
            "challenges": CHALLENGE,
            "needs": "Formación en participación y recursos para la logística de las sesiones.",
            "survey_answers": (
                f"Encuesta de caracterización {year}: respuesta de la secretaría técnica."
            ),
        },
    )


def _itagui(entity: Entity) -> None:
    areas = {a.name: a for a in Area.objects.for_entity(entity)}
    territories = {t.name: t for t in Territory.objects.for_entity(entity)}
    for index, spec in enumerate(ITAGUI_2019):
        status_2019 = BodyStatus.INACTIVE if index in (8, 22) else BodyStatus.ACTIVE
        body = _upsert_body(
            entity, spec, index, 2010 + index % 9, BodyStatus.ACTIVE, areas, territories
        )
        _characterize(body, 2019, index, status_2019)
        _characterize(body, 2022, index + 1, BodyStatus.ACTIVE)
    for offset, spec in enumerate(ITAGUI_2022_NEW):
        index = len(ITAGUI_2019) + offset
        status = BodyStatus.FORMING if offset % 4 == 0 else BodyStatus.ACTIVE
        body = _upsert_body(entity, spec, index, 2020 + offset % 3, status, areas, territories)
        _characterize(body, 2022, index, status)
    cmpc = ParticipationBody.objects.get(
        entity=entity, name="Consejo Municipal de Participación Ciudadana"
    )
    seats = [
        ("Representante de las Juntas de Acción Comunal", "Comunal", "Luz Marina Restrepo"),
        ("Representante de las organizaciones de mujeres", "Mujeres", "Claudia Patricia Gómez"),
        ("Representante de los jóvenes", "Juventud", "Andrés Felipe Zapata"),
        ("Representante de las víctimas", "Víctimas", ""),
        (
            "Secretario de Participación e Inclusión Social",
            "Administración municipal",
            "Titular del cargo",
        ),
    ]
    for seat, sector, name in seats:
        BodyMember.objects.update_or_create(
            body=cmpc,
            seat=seat,
            defaults={
                "entity": entity,
                "sector": sector,
                "name": name,
                "is_vacant": not name,
                "selection": SeatSelection.EX_OFFICIO
                if "Secretario" in seat
                else SeatSelection.ELECTED,
                "term_start": datetime.date(2021, 12, 1),
                "term_end": datetime.date(2025, 11, 30),
                "contact": "",
                "is_public": True,
            },
        )
    BodySession.objects.update_or_create(
        body=cmpc,
        date=datetime.date(2022, 11, 28),
        defaults={
            "entity": entity,
            "place": "Institución Educativa Diego Echavarría Misas",
            "attendance_count": 64,
            "agenda": "Primer Encuentro de Instancias de Participación de Itagüí: diseño del "
            "sistema municipal de participación ciudadana.",
            "decisions": (
                "Elaborar el documento de reflexiones y el borrador del sistema municipal."
            ),
            "is_public": True,
        },
    )
    # The CMPC's 2022 figures are the recount of the seats and the session above.
    cmpc_index = next(i for i, spec in enumerate(ITAGUI_2019) if spec[0] == cmpc.name)
    _characterize(cmpc, 2022, cmpc_index + 1, BodyStatus.ACTIVE, surveyed=False)
    _archived_and_draft(entity, areas, territories)


ARCHIVED_BODY = "Comité de Seguimiento al Plan de Desarrollo 2016-2019"
ARCHIVED_REASON = (
    "El comité se creó solo para el seguimiento del Plan de Desarrollo 2016-2019 y terminó "
    "sus funciones con la evaluación final del plan. Se archiva con sus integrantes y sesiones."
)
DRAFT_BODY = "Mesa Comunal de Cultura Comuna 5"


def _archived_and_draft(entity: Entity, areas: dict[str, Area], territories: dict) -> None:
    """One instancia archived with its history (the lead can restore it) and one an area
    liaison registered that waits, as a draft, for the lead to publish it."""
    body, _ = ParticipationBody.objects.update_or_create(
        entity=entity,
        name=ARCHIVED_BODY,
        defaults={
            "kind": S,
            "is_formal": True,
            "secretariat": areas.get(PLANNING),
            "represented": "Gremios, juntas de acción comunal y universidades",
            "status": BodyStatus.INACTIVE,
            "meeting_frequency": MeetingFrequency.QUARTERLY,
            "functions": "Hacer seguimiento trimestral a las metas del Plan de Desarrollo "
            "2016-2019 y presentar recomendaciones al Consejo Territorial de Planeación.",
            "scope": "Municipal",
            "created_on": datetime.date(2016, 8, 1),
            "legal_act_type": LegalActType.DECREE,
            "legal_act_number": "512",
            "legal_act_date": datetime.date(2016, 8, 10),
            "legal_act_issuer": "Alcaldía",
        },
    )
    BodyMember.objects.update_or_create(
        body=body,
        seat="Representante de los gremios",
        defaults={
            "entity": entity,
            "sector": "Gremios",
            "name": "Gloria Inés Arango",
            "selection": SeatSelection.ELECTED,
            "term_start": datetime.date(2016, 8, 10),
            "term_end": datetime.date(2019, 12, 31),
            "is_public": True,
        },
    )
    BodySession.objects.update_or_create(
        body=body,
        date=datetime.date(2019, 11, 20),
        defaults={
            "entity": entity,
            "place": "Centro Administrativo Municipal de Itagüí",
            "attendance_count": 14,
            "agenda": "Evaluación final de las metas del Plan de Desarrollo 2016-2019.",
            "decisions": "Entregar el informe final al Consejo Territorial de Planeación.",
            "is_public": True,
        },
    )
    if not body.is_archived:
        services.body_archive(body=body, reason=ARCHIVED_REASON)
    ParticipationBody.objects.update_or_create(
        entity=entity,
        name=DRAFT_BODY,
        defaults={
            "kind": T,
            "is_formal": False,
            "secretariat": areas.get(EDUCATION),
            "territory": territories.get("Comuna 5"),
            "represented": "Grupos culturales y artistas de la comuna 5",
            "status": BodyStatus.FORMING,
            "meeting_frequency": MeetingFrequency.MONTHLY,
            "scope": "Territorial: Comuna 5",
            "publication": Publication.DRAFT,
        },
    )


def _cali(entity: Entity) -> None:
    areas = {a.acronym or a.name: a for a in Area.objects.for_entity(entity)}
    dagma = areas.get("DAGMA")
    territories = {t.name: t for t in Territory.objects.for_entity(entity)}
    common = {
        "secretariat": dagma,
        "is_formal": True,
        "legal_act_type": LegalActType.DECREE,
        "legal_act_issuer": "Alcaldía de Santiago de Cali",
        "public_contact": "participacion.dagma@cali.test",
        "status": BodyStatus.ACTIVE,
    }
    specs: list[tuple[str, str, str, Territory | None, str]] = [
        (
            "Consejo Ambiental Comunitario Municipal",
            "CACM",
            S,
            None,
            "Comités ambientales de las comunas",
        ),
        (
            "Consejo Municipal de Desarrollo Rural",
            "CMDR",
            S,
            None,
            "Productores y habitantes de los corregimientos",
        ),
    ]
    for number in range(1, 23):
        specs.append(
            (
                f"Comité Ambiental Comunitario Comuna {number}",
                f"CAC {number}",
                T,
                territories.get(f"Comuna {number}"),
                "Organizaciones ambientales de la comuna",
            )
        )
    for barrio in ("San Antonio", "El Peñón", "Ciudad Jardín"):
        specs.append(
            (
                f"Comisión Ambiental Territorial {barrio}",
                f"CAT {barrio}",
                T,
                territories.get(barrio),
                "Vecinos del barrio",
            )
        )
    for index, (name, acronym, kind, territory, represented) in enumerate(specs):
        body, _ = ParticipationBody.objects.update_or_create(
            entity=entity,
            name=name,
            defaults={
                **common,
                "acronym": acronym,
                "kind": kind,
                "territory": territory,
                "represented": represented,
                "legal_act_number": f"{4112 + index}",
                "legal_act_date": datetime.date(2016, 3, 1),
                "meeting_frequency": MeetingFrequency.MONTHLY,
            },
        )
        _characterize(body, 2023, index, BodyStatus.ACTIVE)
        # The vigencia in force is characterized too: the public sistema municipal opens on
        # this year the day the demo is loaded (two comités stopped meeting since 2023).
        status = BodyStatus.INACTIVE if index in (7, 15) else BodyStatus.ACTIVE
        _characterize(body, timezone.localdate().year, index + 1, status)


def seed(*, entities: dict[str, Entity]) -> None:
    if "itagui" in entities:
        _itagui(entities["itagui"])
    if "cali" in entities:
        _cali(entities["cali"])
