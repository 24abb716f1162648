"""Survey result summaries print percentages in the active language's format."""

from __future__ import annotations

from django.utils import translation

from cabildo.exercises.selectors import QuestionResult, ResultRow


def test_summary_percent_follows_the_language():
    result = QuestionResult(
        question=None,  # type: ignore[arg-type]  # the summary does not read it
        respondents=8,
        rows=[ResultRow("Sí", 6, 75.0), ResultRow("No", 2, 25.0)],
    )
    with translation.override("es"):
        assert "«Sí» (75,0 %)" in result.summary
    with translation.override("en"):
        assert "(75.0 %)" in result.summary
