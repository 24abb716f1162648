"""Reads of attendance: who attended, by grupo de valor, by territory and (with the opt-in)
by demographics; the scanned sheets."""

from __future__ import annotations

from collections import Counter
from typing import Any

from django.db.models import Count, QuerySet
from django.utils.translation import gettext as _

from cabildo.execution.models import (
    AgeRange,
    AttendanceSheet,
    Ethnicity,
    Event,
    Sex,
)


def attendance_counts(*, event: Event) -> dict[str, list[dict[str, Any]]]:
    """People who attended, by grupo de valor and by territory (two queries)."""
    attended = event.registrations.filter(attended=True)
    by_group = list(
        attended.values("stakeholder_group__name")
        .annotate(total=Count("pk"))
        .order_by("stakeholder_group__name")
    )
    by_territory = list(
        attended.values("territory__name").annotate(total=Count("pk")).order_by("territory__name")
    )
    return {
        "by_group": [
            {"label": row["stakeholder_group__name"], "total": row["total"]} for row in by_group
        ],
        "by_territory": [
            {"label": row["territory__name"], "total": row["total"]} for row in by_territory
        ],
    }


def attendance_sheets(*, event: Event) -> QuerySet[AttendanceSheet]:
    return event.attendance_sheets.select_related("uploaded_by").order_by("uploaded_at", "pk")


def demographic_counts(*, event: Event) -> dict[str, Any]:
    """Attendees by age range, sex, ethnicity and disability, counting only those who gave the
    explicit opt-in for sensitive data (one query)."""
    rows = list(
        event.registrations.filter(attended=True, sensitive_consent__isnull=False).values_list(
            "age_range", "sex", "ethnicity", "disability"
        )
    )
    dimensions = (
        ("age_range", _("Rango de edad"), AgeRange.choices, 0),
        ("sex", _("Sexo"), Sex.choices, 1),
        ("ethnicity", _("Pertenencia étnica"), Ethnicity.choices, 2),
        (
            "disability",
            _("Discapacidad"),
            [(True, _("Con discapacidad")), (False, _("Sin discapacidad"))],
            3,
        ),
    )
    tables = []
    for key, title, choices, index in dimensions:
        counts = Counter(row[index] for row in rows)
        table_rows = [{"label": label, "total": counts.get(value, 0)} for value, label in choices]
        unanswered = counts.get("", 0) + counts.get(None, 0)
        table_rows.append({"label": _("No respondió"), "total": unanswered})
        tables.append({"key": key, "title": title, "rows": table_rows})
    return {"consenting": len(rows), "tables": tables}
