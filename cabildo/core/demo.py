"""Demo entities of the seeds and their areas. Idempotent (update_or_create by natural keys)."""

from __future__ import annotations

from typing import Any

from cabildo.core.models import Area, AreaKind, Entity, EntityHostname, EntityKind

ENTITIES: list[dict[str, Any]] = [
    {
        "slug": "itagui",
        "name": "Municipio de Itagüí",
        "short_name": "Itagüí",
        "nit": "890.980.093-8",
        "kind": EntityKind.MAYORALTY,
        "divipola_department": "05",
        "divipola_municipality": "05360",
        "department_name": "Antioquia",
        "municipality_name": "Itagüí",
        "address": "Carrera 51 # 51-55, Centro Administrativo Municipal de Itagüí",
        "phone": "(604) 373 7676",
        "email": "participacion@itagui.test",
        "office_hours": (
            "Lunes a jueves de 7:30 a. m. a 5:30 p. m.; viernes de 7:30 a. m. a 4:30 p. m."
        ),
        "hostnames": ["itagui.localhost"],
        "areas": [
            ("Despacho del Alcalde", "estrategica", ""),
            ("Secretaría de Participación e Inclusión Social", "misional", "SPIS"),
            ("Secretaría de Gobierno", "misional", ""),
            ("Departamento Administrativo de Planeación", "estrategica", "DAP"),
            ("Secretaría de Educación y Cultura", "misional", ""),
            ("Secretaría de Salud y Protección Social", "misional", ""),
            ("Secretaría de Medio Ambiente", "misional", ""),
            ("Secretaría de Servicios Administrativos", "apoyo", ""),
            ("Oficina de Control Interno de Gestión", "control", ""),
        ],
    },
    {
        "slug": "fondeser",
        "name": "Fondo de Desarrollo Social de El Retiro",
        "short_name": "FONDESER",
        "nit": "811.019.646-1",
        "kind": EntityKind.PUBLIC_FUND,
        "divipola_department": "05",
        "divipola_municipality": "05607",
        "department_name": "Antioquia",
        "municipality_name": "El Retiro",
        "address": "El Retiro, Antioquia",
        "phone": "(604) 541 0000",
        "email": "contacto@fondeser.test",
        "office_hours": "Lunes a viernes de 8:00 a. m. a 12:00 m. y de 1:00 p. m. a 5:00 p. m.",
        "hostnames": ["fondeser.localhost"],
        "areas": [
            ("Gerencia", "estrategica", ""),
            ("Área de Crédito y Cartera", "misional", ""),
            ("Área Administrativa y Financiera", "apoyo", ""),
            ("Atención al Ciudadano", "misional", ""),
            ("Control Interno", "control", ""),
        ],
    },
    {
        "slug": "cartago",
        "name": "Concejo Municipal de Cartago",
        "short_name": "Concejo de Cartago",
        "nit": "900.215.967-5",
        "kind": EntityKind.COUNCIL,
        "divipola_department": "76",
        "divipola_municipality": "76147",
        "department_name": "Valle del Cauca",
        "municipality_name": "Cartago",
        "address": "Cartago, Valle del Cauca",
        "phone": "(602) 211 0000",
        "email": "contacto@concejocartago.test",
        "office_hours": "Lunes a viernes de 8:00 a. m. a 12:00 m. y de 2:00 p. m. a 6:00 p. m.",
        "hostnames": ["cartago.localhost"],
        "areas": [
            ("Mesa Directiva", "estrategica", ""),
            ("Secretaría General del Concejo", "apoyo", ""),
            ("Comisión Primera o del Plan", "misional", ""),
            ("Comisión Segunda o de Presupuesto", "misional", ""),
            ("Comisión Tercera o Administrativa", "misional", ""),
            ("Control Interno", "control", ""),
        ],
    },
    {
        "slug": "cali",
        "name": "Alcaldía de Santiago de Cali",
        "short_name": "Alcaldía de Cali",
        "nit": "890.399.011-3",
        "kind": EntityKind.MAYORALTY,
        "divipola_department": "76",
        "divipola_municipality": "76001",
        "department_name": "Valle del Cauca",
        "municipality_name": "Santiago de Cali",
        "address": "Centro Administrativo Municipal (CAM), Avenida 2 Norte # 10-70, Cali",
        "phone": "Línea 195",
        "email": "contactenos@cali.test",
        "office_hours": "Lunes a viernes de 8:00 a. m. a 5:00 p. m.",
        "hostnames": ["cali.localhost"],
        "areas": [
            ("Despacho del Alcalde", "estrategica", ""),
            ("Secretaría de Desarrollo Territorial y Participación Ciudadana", "misional", "SDTPC"),
            ("Departamento Administrativo de Gestión del Medio Ambiente", "misional", "DAGMA"),
            ("Departamento Administrativo de Planeación Municipal", "estrategica", "DAPM"),
            (
                "Departamento Administrativo de Desarrollo e Innovación Institucional",
                "apoyo",
                "DADII",
            ),
            ("Secretaría de Educación", "misional", ""),
            ("Secretaría de Salud Pública", "misional", ""),
            ("Secretaría de Bienestar Social", "misional", ""),
            ("Secretaría de Cultura", "misional", ""),
            ("Secretaría de Movilidad", "misional", ""),
            ("Departamento Administrativo de Control Interno", "control", ""),
        ],
    },
]


# Areas renamed since earlier demos (entity slug, old name, new name): a database seeded before
# keeps one area, under its new name, instead of two.
RENAMED_AREAS = [("cartago", "Secretaría General", "Secretaría General del Concejo")]


def _rename_areas(entity: Entity) -> None:
    for slug, old, new in RENAMED_AREAS:
        if slug == entity.slug and not Area.objects.filter(entity=entity, name=new).exists():
            Area.objects.filter(entity=entity, name=old).update(name=new)


def seed(*, entities: dict[str, Entity]) -> None:
    for spec in ENTITIES:
        data = {k: v for k, v in spec.items() if k not in {"slug", "hostnames", "areas"}}
        entity, _ = Entity.objects.update_or_create(slug=spec["slug"], defaults=data)
        for host in spec["hostnames"]:
            EntityHostname.objects.update_or_create(hostname=host, defaults={"entity": entity})
        _rename_areas(entity)
        for name, kind, acronym in spec["areas"]:
            Area.objects.update_or_create(
                entity=entity, name=name, defaults={"kind": AreaKind(kind), "acronym": acronym}
            )
        entities[entity.slug] = entity
