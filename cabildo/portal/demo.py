"""Demo channels of attention. Cali's come from its participation plan (seed 004, «5.1.1
Canales de atención al ciudadano»); the others are plausible for each entity.

Idempotent: ``update_or_create`` on the natural key (entity, kind, name). Emails use the
``.test`` domain, as the rest of the demo.
"""

from __future__ import annotations

from cabildo.core.models import Entity
from cabildo.portal.models import AttentionChannel, ChannelKind

P, T, V = ChannelKind.IN_PERSON, ChannelKind.PHONE, ChannelKind.VIRTUAL
WEEKDAYS_8_5 = "Lunes a viernes de 8:00 a. m. a 5:00 p. m., jornada continua"

# (kind, name, contact, hours, notes)
CHANNELS: dict[str, list[tuple[str, str, str, str, str]]] = {
    "cali": [
        (
            P,
            "Ventanilla única CAM",
            "Centro Administrativo Municipal (CAM), sótano 1, Avenida 2 Norte # 10-70",
            WEEKDAYS_8_5,
            "30 módulos: radicación de comunicaciones oficiales (peticiones, quejas, reclamos, "
            "sugerencias, tutelas), solicitudes de trámites y servicios, atención de la "
            "Secretaría de Educación y de la Secretaría de Infraestructura y Valorización.",
        ),
        (
            P,
            "Centros de Atención Local Integrada (C.A.L.I.)",
            "Quince C.A.L.I. en las comunas: La Flora, Manzanares, La Rivera, Los Guaduales, "
            "Alfonso López, Las Américas, Aranjuez, Guabal, El Vallado, Unión de Vivienda, "
            "El Limonar, Meléndez, El Cedro, Siloé y Decepaz",
            WEEKDAYS_8_5,
            "Ventanilla única de radicación en cada C.A.L.I.",
        ),
        (
            P,
            "Ventanilla de organismos externos",
            "Sedes de los organismos de la Administración Central fuera del CAM",
            WEEKDAYS_8_5,
            "",
        ),
        (T, "Línea 195", "195", "Todos los días, 24 horas", "Desde teléfonos fijos y celulares."),
        (T, "Línea gratuita nacional", "01 8000 222 195", WEEKDAYS_8_5, ""),
        (
            V,
            "Atención al ciudadano en la página web",
            "https://www.cali.gov.co/",
            "Disponible todo el tiempo",
            "Información de trámites y servicios, encuestas, foros y formularios.",
        ),
        (
            V,
            "Radicación en página web",
            "/pqrs/radicar/",
            "Disponible todo el tiempo",
            "Las PQRSD radicadas en fin de semana o festivo se entienden recibidas el "
            "siguiente día hábil.",
        ),
        (V, "Chat asistido", "https://www.cali.gov.co/", WEEKDAYS_8_5, ""),
        (
            V,
            "Correo institucional",
            "mailto:contactenos@cali.test",
            "Disponible todo el tiempo",
            "",
        ),
        (
            V,
            "Redes sociales",
            "Facebook «Alcaldía de Cali» y «Secretaría de Participación Ciudadana»; "
            "X (Twitter) @AlcaldiadeCali y @CaliParticipa; YouTube «Alcaldía de Cali»",
            "Según la Guía para el manejo de redes sociales",
            "Para información y diálogo; las PQRSD se radican por los canales anteriores.",
        ),
    ],
    "itagui": [
        (
            P,
            "Oficina de Atención al Ciudadano",
            "Carrera 51 # 51-55, Centro Administrativo Municipal de Itagüí, primer piso",
            "Lunes a jueves de 7:30 a. m. a 5:30 p. m.; viernes de 7:30 a. m. a 4:30 p. m.",
            "",
        ),
        (T, "Conmutador", "(604) 373 7676", "Lunes a viernes de 7:30 a. m. a 5:30 p. m.", ""),
        (V, "Radicación de PQRSD en línea", "/pqrs/radicar/", "Disponible todo el tiempo", ""),
        (
            V,
            "Correo de participación ciudadana",
            "mailto:participacion@itagui.test",
            "Disponible todo el tiempo",
            "",
        ),
    ],
    "fondeser": [
        (
            P,
            "Sede de FONDESER",
            "El Retiro, Antioquia",
            "Lunes a viernes de 8:00 a. m. a 12:00 m. y de 1:00 p. m. a 5:00 p. m.",
            "Atención de asociados y solicitudes de crédito.",
        ),
        (T, "Línea de atención", "(604) 541 0000", "Lunes a viernes en horario de oficina", ""),
        (V, "Correo de contacto", "mailto:contacto@fondeser.test", "Disponible todo el tiempo", ""),
        (V, "Radicación de PQRSD en línea", "/pqrs/radicar/", "Disponible todo el tiempo", ""),
    ],
    "cartago": [
        (
            P,
            "Secretaría General del Concejo",
            "Cartago, Valle del Cauca",
            "Lunes a viernes de 8:00 a. m. a 12:00 m. y de 2:00 p. m. a 6:00 p. m.",
            "Radicación de peticiones y solicitudes de intervención en sesiones.",
        ),
        (T, "Teléfono del Concejo", "(602) 211 0000", "Lunes a viernes en horario de oficina", ""),
        (
            V,
            "Transmisión de sesiones y redes sociales",
            "Facebook «Concejo Municipal de Cartago»",
            "Durante las sesiones plenarias",
            "",
        ),
        (V, "Radicación de PQRSD en línea", "/pqrs/radicar/", "Disponible todo el tiempo", ""),
    ],
}


def seed(*, entities: dict[str, Entity]) -> None:
    for slug, channels in CHANNELS.items():
        entity = entities.get(slug) or Entity.objects.filter(slug=slug).first()
        if entity is None:
            continue
        for order, (kind, name, contact, hours, notes) in enumerate(channels, start=1):
            AttentionChannel.objects.update_or_create(
                entity=entity,
                kind=kind,
                name=name,
                defaults={
                    "contact": contact,
                    "hours": hours,
                    "notes": notes,
                    "order": order * 10,
                    "is_active": True,
                },
            )
