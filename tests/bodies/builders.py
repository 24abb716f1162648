"""Demo-like data built inside tests: Itagüí's 27 bodies characterized in 2019."""

from cabildo.bodies.models import BodyKind
from tests.bodies.factories import BodyCharacterizationFactory, ParticipationBodyFactory


def build_itagui_2019(entity):
    counts = {BodyKind.TERRITORIAL: 5, BodyKind.POPULATION: 9, BodyKind.SECTORAL: 13}
    bodies = []
    for kind, n in counts.items():
        for i in range(n):
            body = ParticipationBodyFactory(
                entity=entity, kind=kind, name=f"Instancia {kind} {i + 1}"
            )
            BodyCharacterizationFactory(
                entity=entity,
                body=body,
                year=2019,
                difficulties="Cambios permanentes de los funcionarios\nNo disponer de recursos",
                results="Visibilización de los sectores",
            )
            bodies.append(body)
    return bodies
