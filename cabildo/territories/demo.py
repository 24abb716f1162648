"""Demo territories: Itagüí's comunas and corregimiento, Cali's comunas and a few barrios."""

from __future__ import annotations

from cabildo.core.models import Entity
from cabildo.territories.models import Territory, TerritoryKind

ITAGUI_BARRIOS = {
    "1": ["Santa María", "Yarumito"],
    "2": ["San Pío X", "Ditaires"],
    "3": ["San Fernando"],
}
CALI_BARRIOS = {
    "3": ["San Antonio", "El Peñón"],
    "19": ["San Fernando Viejo"],
    "22": ["Ciudad Jardín"],
}


def _tree(entity: Entity, communes: int, barrios: dict[str, list[str]]) -> None:
    for number in range(1, communes + 1):
        commune, _ = Territory.objects.update_or_create(
            entity=entity,
            kind=TerritoryKind.COMMUNE,
            name=f"Comuna {number}",
            defaults={"parent": None},
        )
        for barrio in barrios.get(str(number), []):
            Territory.objects.update_or_create(
                entity=entity,
                kind=TerritoryKind.NEIGHBOURHOOD,
                name=barrio,
                defaults={"parent": commune},
            )


def seed(*, entities: dict[str, Entity]) -> None:
    itagui = entities.get("itagui")
    if itagui is not None:
        _tree(itagui, 6, ITAGUI_BARRIOS)
        manzanillo, _ = Territory.objects.update_or_create(
            entity=itagui, kind=TerritoryKind.CORREGIMIENTO, name="El Manzanillo"
        )
        for vereda in ("El Porvenir", "Los Gómez", "La María"):
            Territory.objects.update_or_create(
                entity=itagui,
                kind=TerritoryKind.VEREDA,
                name=vereda,
                defaults={"parent": manzanillo},
            )
    cali = entities.get("cali")
    if cali is not None:
        _tree(cali, 22, CALI_BARRIOS)
        for name in ("Los Andes", "Pance", "La Buitrera"):
            Territory.objects.update_or_create(
                entity=cali, kind=TerritoryKind.CORREGIMIENTO, name=name
            )
