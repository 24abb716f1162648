"""A petition's timeline reads in the reader's language; the stored record stays Spanish."""

from __future__ import annotations

from django.utils import translation

from cabildo.pqrs.timeline import translated
from tests.browser.catalogues import ensure_compiled

FILED = "Petición radicada por el canal Presencial. Término: 15 días hábiles; vence el 24/04/2026."


def test_product_sentences_follow_the_language():
    ensure_compiled()
    with translation.override("en"):
        english = translated(FILED)
        assert "Presencial" not in english and "días hábiles" not in english
        assert "15" in english and "24/04/2026" in english
        assert translated("Asignada a Secretaría de Gobierno.").endswith("Secretaría de Gobierno.")
        assert not translated("Asignada a Secretaría de Gobierno.").startswith("Asignada")
        # Two sentences written together, the second with the receiving entity's number.
        both = translated(
            "La entidad no es competente. La petición se trasladó a Gobernación. "
            "Motivo: es de su competencia. Nuevo radicado en esa entidad: 2026-7."
        )
        assert "Nuevo radicado" not in both and "2026-7" in both
        # What an official typed is shown as typed.
        assert translated("Se llamó al ciudadano.") == "Se llamó al ciudadano."
    with translation.override("es"):
        assert translated(FILED) == FILED
