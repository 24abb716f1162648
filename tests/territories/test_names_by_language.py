"""A territory's name is not prefixed by its kind when it already says it, in any language."""

from __future__ import annotations

from django.utils import translation

from cabildo.territories.models import Territory, TerritoryKind


def test_name_that_says_its_kind_is_printed_as_is_in_spanish_and_english():
    comuna = Territory(name="Comuna 1", kind=TerritoryKind.COMMUNE)
    poblado = Territory(name="El Poblado", kind=TerritoryKind.COMMUNE)
    with translation.override("es"):
        assert (str(comuna), str(poblado)) == ("Comuna 1", "Comuna El Poblado")
    with translation.override("en"):
        assert (str(comuna), str(poblado)) == ("Comuna 1", "Commune El Poblado")
