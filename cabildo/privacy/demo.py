"""Demo data: each entity's data-treatment policy (two versions: the one in force and the
previous one), idempotent."""

from __future__ import annotations

from datetime import date

from cabildo.core.models import Entity
from cabildo.privacy.models import PrivacyPolicy
from cabildo.privacy.services import POLICY_VERSION

POLICY_TEXT = (
    "{name}, con domicilio en {city}, es responsable del tratamiento de los datos "
    "personales que recoge en sus canales de participación ciudadana y de atención (Ley "
    "1581 de 2012 y Decreto 1377 de 2013).\n\n"
    "Finalidades: tramitar y responder peticiones, quejas, reclamos, sugerencias y "
    "denuncias; inscribir y convocar a los espacios de participación; registrar "
    "observaciones y aportes ciudadanos; elaborar estadísticas anónimas de la "
    "participación.\n\n"
    "Datos sensibles: la pertenencia étnica, la discapacidad y otros datos sensibles son "
    "opcionales y solo se tratan con autorización explícita y separada. Los datos de niñas, "
    "niños y adolescentes se tratan con la autorización de su representante legal, "
    "respetando su interés superior.\n\n"
    "Derechos del titular: conocer, actualizar, rectificar y suprimir sus datos; solicitar "
    "prueba de la autorización; ser informado del uso de sus datos; revocar la "
    "autorización; presentar quejas ante la Superintendencia de Industria y Comercio.\n\n"
    "Procedimiento: las consultas se atienden en diez (10) días hábiles, prorrogables cinco "
    "(5); los reclamos en quince (15) días hábiles, prorrogables ocho (8). Radique su "
    "solicitud como PQRSD de habeas data en el formulario web o en la ventanilla de "
    "atención."
)

PREVIOUS_VERSION = "2025.1"


def seed(*, entities: dict[str, Entity]) -> None:
    for entity in entities.values():
        city = entity.municipality_name or entity.department_name or "Colombia"
        text = POLICY_TEXT.format(name=entity.name, city=city)
        for version, effective, body in (
            (PREVIOUS_VERSION, date(2025, 1, 15), text.split("\n\nDatos sensibles")[0]),
            (POLICY_VERSION, date(2026, 1, 15), text),
        ):
            PrivacyPolicy.objects.update_or_create(
                entity=entity,
                version=version,
                defaults={"text": body, "effective_date": effective},
            )
