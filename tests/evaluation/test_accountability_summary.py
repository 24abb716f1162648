"""The accountability summary line agrees in number: "1 espacio de diálogo realizado", not
"1 espacios" (ngettext in both languages)."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.template.loader import render_to_string
from django.utils import translation


def _summary(activities: int, spaces: int, language: str) -> str:
    data = SimpleNamespace(
        activities_count=activities,
        dialogues_total=spaces,
        strategy_spaces=0,
        plan_dialogues=0,
        by_action=[],
        stages=[],
    )
    with translation.override(language):
        html = render_to_string("evaluation/_accountability_body.html", {"data": data})
    return html.split('<p id="resumen-rendicion">')[1].split("</p>")[0]


@pytest.mark.parametrize(
    ("activities", "spaces", "language", "expected"),
    [
        (
            1,
            1,
            "es",
            "1 actividad de rendición de cuentas en el plan; 1 espacio de diálogo realizado.",
        ),
        (
            2,
            0,
            "es",
            "2 actividades de rendición de cuentas en el plan; 0 espacios de diálogo realizados.",
        ),
        (1, 3, "en", "1 accountability activity in the plan; 3 dialogue spaces held."),
        (4, 1, "en", "4 accountability activities in the plan; 1 dialogue space held."),
    ],
)
def test_summary_agrees_in_number(activities, spaces, language, expected):
    assert _summary(activities, spaces, language) == expected
