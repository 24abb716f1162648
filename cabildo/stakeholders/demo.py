"""A dozen grupos de valor per demo entity. Idempotent."""

from __future__ import annotations

import datetime

from cabildo.core.models import Entity
from cabildo.stakeholders.catalogues import UNKNOWN
from cabildo.stakeholders.models import StakeholderGroup, StakeholderType
from cabildo.stakeholders.services import types_ensure_defaults
from cabildo.territories.models import Territory

# name, type, zone, age profile, interest topics, channels, size, characterized (year or None)
GROUPS = [
    (
        "Ciudadanía en general",
        "Ciudadanía en general",
        "ambas",
        "Todas",
        ["tramites"],
        ["presencial", "web", "redes"],
        50000,
        0,
    ),
    (
        "Juntas de Acción Comunal",
        "JAC/JAL",
        "ambas",
        "Adultos",
        ["obras"],
        ["presencial", "mensajeria"],
        120,
        0,
    ),
    (
        "Organizaciones juveniles",
        "Jóvenes",
        "urbana",
        "14 a 28 años",
        ["cultura_deporte", "empleo"],
        ["redes", "mensajeria"],
        800,
        0,
    ),
    (
        "Organizaciones de mujeres",
        "Mujeres",
        "urbana",
        "Mayores de 18 años",
        ["inclusion"],
        ["presencial", "mensajeria"],
        400,
        0,
    ),
    (
        "Personas con discapacidad y cuidadores",
        "Personas con discapacidad",
        "ambas",
        "Todas",
        ["salud", "empleo", "inclusion"],
        ["presencial", "telefono"],
        1500,
        -1,
    ),
    (
        "Víctimas del conflicto armado",
        "Víctimas",
        "ambas",
        "Todas",
        ["inclusion"],
        ["presencial"],
        2300,
        0,
    ),
    (
        "Personas mayores",
        "Adulto mayor",
        "ambas",
        "Mayores de 60 años",
        ["salud", "cultura_deporte"],
        ["presencial", "radio"],
        9000,
        None,
    ),
    (
        "Gremios y comerciantes",
        "Gremios",
        "urbana",
        "Adultos",
        ["empleo", "tramites"],
        ["correo", "web"],
        300,
        0,
    ),
    (
        "Universidades e instituciones educativas",
        "Academia",
        "urbana",
        "Adultos",
        ["educacion"],
        ["correo"],
        15,
        None,
    ),
    (
        "Veedurías ciudadanas",
        "Veedurías",
        "ambas",
        "Adultos",
        ["obras", "participacion"],
        ["presencial", "correo"],
        25,
        0,
    ),
    (
        "Población LGBTIQ+",
        "LGBTIQ+",
        "urbana",
        "Mayores de 14 años",
        ["inclusion"],
        ["redes"],
        600,
        None,
    ),
    (
        "Campesinos y productores rurales",
        "Campesinos",
        "rural",
        "Adultos",
        ["movilidad", "agro"],
        ["presencial", "radio"],
        700,
        -1,
    ),
]


# Share (per cent) of each age range in each age profile of the demo groups.
AGE_PROFILES = {
    "Todas": {"menor18": 20, "18-28": 20, "29-59": 40, "60+": 20},
    "Adultos": {"18-28": 25, "29-59": 55, "60+": 20},
    "Mayores de 18 años": {"18-28": 25, "29-59": 55, "60+": 20},
    "14 a 28 años": {"menor18": 30, "18-28": 70},
    "Mayores de 60 años": {"60+": 100},
    "Mayores de 14 años": {"menor18": 10, "18-28": 45, "29-59": 40, "60+": 5},
}


def _split(size: int, shares: dict[str, int]) -> dict[str, int]:
    """Whole people per category; what rounding leaves goes to "Sin información", so the
    parts add up to the size."""
    parts = {code: size * share // 100 for code, share in shares.items()}
    rest = size - sum(parts.values())
    if rest:
        parts[UNKNOWN] = rest
    return {code: n for code, n in parts.items() if n}


def composition(ages: str, size: int, *, women_only: bool = False) -> dict[str, dict[str, int]]:
    sex = {"mujer": size} if women_only else _split(size, {"mujer": 52, "hombre": 46})
    return {"age_range": _split(size, AGE_PROFILES[ages]), "sex": sex}


def seed(*, entities: dict[str, Entity]) -> None:
    for entity in entities.values():
        types_ensure_defaults(entity=entity)
        types = {t.name: t for t in StakeholderType.objects.for_entity(entity)}
        rural = (
            Territory.objects.for_entity(entity)
            .filter(kind="corregimiento")
            .order_by("name")
            .first()
        )
        this_year = datetime.date.today().year
        for name, type_name, zone, ages, topics, channels, size, offset in GROUPS:
            characterized = None if offset is None else datetime.date(this_year + offset, 3, 15)
            StakeholderGroup.objects.update_or_create(
                entity=entity,
                name=name,
                defaults={
                    "type": types[type_name],
                    "zone": zone,
                    "territory": rural if zone == "rural" else None,
                    "composition": composition(ages, size, women_only=type_name == "Mujeres"),
                    "interest_topics": topics,
                    "channels": channels,
                    "estimated_size": size,
                    "languages": ["espanol"],
                    "technology_access": "medio",
                    "participation_spaces": ["rendicion", "planeacion"],
                    "participation_frequency": "ocasional",
                    "notes": "",
                    "characterized_on": characterized,
                },
            )
