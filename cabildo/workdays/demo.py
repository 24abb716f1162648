"""Demo closure days: one or two plausible extra non-working days per demo entity.

Idempotent: ``update_or_create`` on the natural key (entity, date). Every date is a weekday
that is not a Colombian holiday (checked by ``tests/workdays/test_demo.py``).
"""

from __future__ import annotations

from datetime import date

from cabildo.core.models import Entity
from cabildo.workdays.models import ClosureDay

CLOSURE_DAYS: dict[str, list[tuple[date, str]]] = {
    "itagui": [
        (
            date(2026, 12, 30),
            "Cierre de vigencia: jornada de inventario físico de bienes (decreto municipal)",
        ),
        (date(2027, 3, 24), "Jornada de bienestar institucional de Semana Santa"),
    ],
    "fondeser": [
        (date(2026, 12, 31), "Cierre contable y de cartera de fin de año"),
    ],
    "cartago": [
        (date(2026, 12, 29), "Traslado del archivo y adecuación de la sede del Concejo"),
    ],
    "cali": [
        (date(2026, 12, 24), "Jornada compensada de Navidad (decreto municipal)"),
        (date(2026, 12, 31), "Jornada compensada de fin de año (decreto municipal)"),
    ],
}


def seed(*, entities: dict[str, Entity]) -> None:
    for slug, days in CLOSURE_DAYS.items():
        entity = entities.get(slug) or Entity.objects.filter(slug=slug).first()
        if entity is None:
            continue
        for day, reason in days:
            ClosureDay.objects.update_or_create(
                entity=entity, date=day, defaults={"reason": reason}
            )
