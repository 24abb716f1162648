"""Scanned attendance sheets (evidence of an event) and demographic counts of attendees."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse

from cabildo.accounts.models import Role
from cabildo.audit.models import AccessAction, AccessLog
from cabildo.execution.models import AttendanceSheet
from cabildo.execution.selectors.attendance import demographic_counts
from tests.execution.factories import (
    PDF_BYTES,
    AttendanceSheetFactory,
    EventFactory,
    RegistrationFactory,
)
from tests.plans.factories import ActivityFactory

pytestmark = pytest.mark.django_db

PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture
def event(entity, area):
    return EventFactory(entity=entity, activity=ActivityFactory(entity=entity, area=area))


def upload(client, event, name, data, content_type="application/pdf"):
    return client.post(
        reverse("execution:attendance_sheet_upload", args=[event.pk]),
        {
            "file": SimpleUploadedFile(name, data, content_type=content_type),
            "description": "Mesa 1",
        },
    )


def test_upload_pdf_listed_on_the_event_and_downloaded_inline(staff_client, event):
    client = staff_client(Role.PARTICIPATION_LEAD)
    response = upload(client, event, "planilla.pdf", PDF_BYTES)
    assert response.status_code == 302
    sheet = AttendanceSheet.objects.get()
    assert sheet.content_type == "application/pdf" and sheet.size == len(PDF_BYTES)
    page = client.get(reverse("execution:event_detail", args=[event.pk])).content.decode()
    assert reverse("execution:attendance_sheet_download", args=[sheet.pk]) in page
    download = client.get(reverse("execution:attendance_sheet_download", args=[sheet.pk]))
    assert download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"].startswith("inline")
    assert b"".join(download.streaming_content) == PDF_BYTES
    log = AccessLog.objects.get(action=AccessAction.ATTACHMENT_DOWNLOAD)
    assert log.entity_id == event.entity_id
    assert log.target_id == str(sheet.pk)


def test_png_is_accepted(staff_client, event):
    client = staff_client(Role.PARTICIPATION_LEAD)
    upload(client, event, "foto.png", PNG_BYTES, "image/png")
    assert AttendanceSheet.objects.get().content_type == "image/png"


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("planilla.pdf", b"MZ\x90\x00 programa disfrazado de PDF"),
        ("planilla.pdf", b"nombre,correo\nAna,ana@correo.test\n"),
        ("vacia.pdf", b""),
    ],
)
def test_bad_file_saves_nothing(staff_client, event, name, data):
    client = staff_client(Role.PARTICIPATION_LEAD)
    response = upload(client, event, name, data)
    assert response.status_code == 200
    assert "Revise los siguientes campos" in response.content.decode()
    assert not AttendanceSheet.objects.exists()


@override_settings(ATTENDANCE_SHEET_MAX_BYTES=1024)
def test_file_over_the_size_limit_saves_nothing(staff_client, event):
    client = staff_client(Role.PARTICIPATION_LEAD)
    response = upload(client, event, "grande.pdf", PDF_BYTES + b"0" * 2048)
    assert "supera el tamaño máximo" in response.content.decode()
    assert not AttendanceSheet.objects.exists()


def test_sheets_are_not_for_planning_nor_other_areas(staff_client, entity, event):
    sheet = AttendanceSheetFactory(entity=entity, event=event)
    url = reverse("execution:attendance_sheet_download", args=[sheet.pk])
    assert staff_client(Role.PLANNING_OFFICE).get(url).status_code == 403
    assert staff_client(Role.AREA_LIAISON).get(url).status_code == 403
    assert staff_client(Role.AREA_LIAISON, area=event.activity.area).get(url).status_code == 200


def test_demographics_count_only_consenting_attendees(entity, event):
    from cabildo.privacy.models import Consent

    consent = Consent.objects.create(
        entity=entity,
        purpose="event_registration_sensitive",
        policy_version="1",
        text="Autorizo",
        sensitive=True,
        channel="web",
    )
    for age in ("18-28", "18-28", "60+"):
        RegistrationFactory(
            entity=entity,
            event=event,
            attended=True,
            age_range=age,
            sex="mujer",
            sensitive_consent=consent,
        )
    # Answers without the opt-in (or of people who did not come) are not counted.
    RegistrationFactory(entity=entity, event=event, attended=True, age_range="18-28")
    RegistrationFactory(
        entity=entity, event=event, attended=False, age_range="60+", sensitive_consent=consent
    )
    counts = demographic_counts(event=event)
    assert counts["consenting"] == 3
    ages = {str(r["label"]): r["total"] for r in counts["tables"][0]["rows"]}
    assert ages["18 a 28 años"] == 2 and ages["60 años o más"] == 1
    disability = {str(r["label"]): r["total"] for r in counts["tables"][3]["rows"]}
    assert disability["No respondió"] == 3


def test_event_page_labels_demographics_as_consenting_only(staff_client, event):
    client = staff_client(Role.PARTICIPATION_LEAD)
    page = client.get(reverse("execution:event_detail", args=[event.pk])).content.decode()
    assert "solo a los asistentes que autorizaron" in page
    assert "Rango de edad" in page
