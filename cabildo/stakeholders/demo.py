"""A dozen grupos de valor per demo entity. Idempotent."""

from __future__ import annotations

import datetime

from cabildo.core.models import Entity
from cabildo.stakeholders.models import StakeholderGroup, StakeholderType
from cabildo.stakeholders.services import ensure_default_types
from cabildo.territories.models import Territory

# name, type, zone, age range, interests, preferred channels, size, characterized (year or None)
GROUPS = [
    (
        "Ciudadanía en general",
        "Ciudadanía en general",
        "ambas",
        "Todas",
        "Servicios y trámites de la entidad",
        "Presencial, página web, redes sociales",
        50000,
        0,
    ),
    (
        "Juntas de Acción Comunal",
        "JAC/JAL",
        "ambas",
        "Adultos",
        "Obras y proyectos de los barrios",
        "Reuniones presenciales, WhatsApp",
        120,
        0,
    ),
    (
        "Organizaciones juveniles",
        "Jóvenes",
        "urbana",
        "14 a 28 años",
        "Empleo, cultura y deporte",
        "Redes sociales, WhatsApp",
        800,
        0,
    ),
    (
        "Organizaciones de mujeres",
        "Mujeres",
        "urbana",
        "Mayores de 18 años",
        "Equidad de género y prevención de violencias",
        "Presencial, WhatsApp",
        400,
        0,
    ),
    (
        "Personas con discapacidad y cuidadores",
        "Personas con discapacidad",
        "ambas",
        "Todas",
        "Accesibilidad, salud y empleo",
        "Presencial, teléfono",
        1500,
        -1,
    ),
    (
        "Víctimas del conflicto armado",
        "Víctimas",
        "ambas",
        "Todas",
        "Reparación y garantías de no repetición",
        "Presencial",
        2300,
        0,
    ),
    (
        "Personas mayores",
        "Adulto mayor",
        "ambas",
        "Mayores de 60 años",
        "Salud y recreación",
        "Presencial, radio comunitaria",
        9000,
        None,
    ),
    (
        "Gremios y comerciantes",
        "Gremios",
        "urbana",
        "Adultos",
        "Desarrollo económico y trámites",
        "Correo electrónico, página web",
        300,
        0,
    ),
    (
        "Universidades e instituciones educativas",
        "Academia",
        "urbana",
        "Adultos",
        "Investigación y pasantías",
        "Correo electrónico",
        15,
        None,
    ),
    (
        "Veedurías ciudadanas",
        "Veedurías",
        "ambas",
        "Adultos",
        "Control social a contratos y obras",
        "Correo electrónico, presencial",
        25,
        0,
    ),
    (
        "Población LGBTIQ+",
        "LGBTIQ+",
        "urbana",
        "Mayores de 14 años",
        "Derechos y no discriminación",
        "Redes sociales",
        600,
        None,
    ),
    (
        "Campesinos y productores rurales",
        "Campesinos",
        "rural",
        "Adultos",
        "Producción agropecuaria y vías terciarias",
        "Presencial, radio comunitaria",
        700,
        -1,
    ),
]


def seed(*, entities: dict[str, Entity]) -> None:
    for entity in entities.values():
        ensure_default_types(entity=entity)
        types = {t.name: t for t in StakeholderType.objects.for_entity(entity)}
        rural = (
            Territory.objects.for_entity(entity)
            .filter(kind="corregimiento")
            .order_by("name")
            .first()
        )
        this_year = datetime.date.today().year
        for name, type_name, zone, ages, interests, channels, size, offset in GROUPS:
            characterized = None if offset is None else datetime.date(this_year + offset, 3, 15)
            StakeholderGroup.objects.update_or_create(
                entity=entity,
                name=name,
                defaults={
                    "type": types[type_name],
                    "zone": zone,
                    "territory": rural if zone == "rural" else None,
                    "age_range": ages,
                    "interests": interests,
                    "preferred_channels": channels,
                    "estimated_size": size,
                    "language": "Español",
                    "technology_access": "medio",
                    "participation_history": "Ha participado en la rendición de cuentas y en "
                    "la formulación del plan de participación.",
                    "characterized_on": characterized,
                },
            )
