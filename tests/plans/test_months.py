"""The cronograma's month headers: one format per language ("mayo" never beside "Ene")."""

from __future__ import annotations

from django.utils import translation

from cabildo.plans.selectors import MONTHS
from tests.browser.catalogues import ensure_compiled


def test_month_headers_are_one_format_per_language():
    ensure_compiled()
    with translation.override("es"):
        assert [str(m) for m in MONTHS] == [
            "Ene", "Feb", "Mar", "Abr", "May", "Jun", "Jul", "Ago", "Sep", "Oct", "Nov", "Dic",
        ]  # fmt: skip
    with translation.override("en"):
        assert [str(m) for m in MONTHS] == [
            "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
        ]  # fmt: skip
