"""The concejo mode: the art. 59 report's minimum content gates its publication; the counts
are recounts of the recorded matters; published, it stays public; the alcalde's report is
answered within one month (art. 57)."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from cabildo.accountability.models import CouncilMatter, CouncilReport, MayorReportReview
from cabildo.accounts.models import Role
from cabildo.core.models import EntityKind

pytestmark = pytest.mark.django_db

SECTIONS = {
    "administrative": "Se adoptó el reglamento interno.",
    "financial": "Ejecución presupuestal del 94 %.",
    "labour": "Sin cambios en la planta.",
    "contractual": "Siete contratos de prestación de servicios.",
    "pending": "La política de juventud pasa al siguiente periodo.",
}


@pytest.fixture
def council(entity):
    entity.kind = EntityKind.COUNCIL
    entity.save()
    return entity


def test_only_councils_have_the_mode(staff_client, entity):
    client = staff_client(Role.PARTICIPATION_LEAD, entity)
    assert client.get(reverse("accountability:council_manage")).status_code == 403


def test_report_needs_the_minimum_content(staff_client, public_client, council):
    client = staff_client(Role.PARTICIPATION_LEAD, council)
    response = client.post(
        reverse("accountability:council_report_create"),
        {"year": "2025", "president": "Presidencia del Concejo", "financial": "Ejecución."},
    )
    report = CouncilReport.objects.get()
    assert response.status_code == 302
    page = client.get(reverse("accountability:council_report", args=[report.pk])).content.decode()
    assert "contenido-minimo" in page
    assert "Asuntos laborales" in page
    client.post(reverse("accountability:council_report_publish", args=[report.pk]))
    report.refresh_from_db()
    assert report.published_at is None
    public = public_client(council).get(reverse("accountability:council_public", args=[report.pk]))
    assert public.status_code == 404

    # The counts come from the records of the year.
    for number, kind, status, decided in [
        ("1", "proposicion", "aprobado", date(2025, 3, 1)),
        ("2", "proposicion", "pendiente", None),
        ("3", "proyecto_acuerdo", "negado", date(2025, 6, 1)),
    ]:
        client.post(
            reverse("accountability:council_matter_create"),
            {
                "kind": kind,
                "number": number,
                "title": "Asunto",
                "presented_on": "2025-02-10",
                "status": status,
                "decided_on": decided.isoformat() if decided else "",
            },
        )
    # Bad input: decided before presented; approved without a date.
    client.post(
        reverse("accountability:council_matter_create"),
        {
            "kind": "proposicion",
            "number": "9",
            "title": "x",
            "presented_on": "2025-02-10",
            "status": "aprobado",
            "decided_on": "",
        },
    )
    assert CouncilMatter.objects.count() == 3
    client.post(
        reverse("accountability:council_debate_create"),
        {"held_on": "2025-08-15", "subject": "Movilidad", "summoned": "Secretaría"},
    )
    client.post(
        reverse("accountability:council_report", args=[report.pk]),
        {"year": "2025", "president": "Presidencia del Concejo", **SECTIONS},
    )
    client.post(reverse("accountability:council_report_publish", args=[report.pk]))
    report.refresh_from_db()
    assert report.published_at is not None
    public = public_client(council).get(reverse("accountability:council_public", args=[report.pk]))
    text = public.content.decode()
    assert public.status_code == 200
    assert "Movilidad" in text and "Sin cambios en la planta" in text
    # Published, it stays as published: no more edits.
    client.post(
        reverse("accountability:council_report", args=[report.pk]),
        {"year": "2025", "president": "Otro", **SECTIONS},
    )
    report.refresh_from_db()
    assert report.president == "Presidencia del Concejo"


def test_mayor_report_answered_within_one_month(staff_client, council):
    client = staff_client(Role.PARTICIPATION_LEAD, council)
    url = reverse("accountability:mayor_review_create")
    client.post(url, {"year": "2025", "received_on": "2099-01-01"})
    assert MayorReportReview.objects.count() == 0
    client.post(url, {"year": "2025", "received_on": "2026-07-07"})
    review = MayorReportReview.objects.get()
    assert review.due_date == date(2026, 8, 10)  # 7 August is a holiday
