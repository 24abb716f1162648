"""The PQRSD XLSX export: the same rows as the CSV export, in a streamed workbook."""

from __future__ import annotations

import csv
import io
import zipfile
from datetime import UTC, date, datetime

from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from cabildo.accounts.models import Role
from cabildo.pqrs import views
from cabildo.pqrs.models import Status
from cabildo.pqrs.services.filing import Requester
from tests.pqrs.factories import PetitionFactory, file_petition


def test_xlsx_export_has_the_csv_rows(staff_client, entity, area):
    file_petition(entity)
    file_petition(
        entity,
        anonymous=False,
        requester=Requester(name="Ana & <Ñuñez>", email="ana@example.com"),
        consent_given=True,
    )
    PetitionFactory(entity=entity, area=area, status=Status.ANSWERED)
    client = staff_client(Role.VIEWER)
    year = timezone.localdate().year

    response = client.get(reverse("pqrs:stats_xlsx"))
    assert response.status_code == 200
    assert response.streaming
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert response["Content-Disposition"] == f'attachment; filename="pqrsd-{year}.xlsx"'
    body = b"".join(response.streaming_content)
    with zipfile.ZipFile(io.BytesIO(body)) as archive:
        assert archive.testzip() is None
    workbook = load_workbook(io.BytesIO(body))
    assert workbook.sheetnames == [f"PQRSD {year}"]
    sheet = workbook.active
    assert all(cell.font.b for cell in sheet[1])
    xlsx_rows = [
        ["" if value is None else value for value in row]
        for row in sheet.iter_rows(values_only=True)
    ]

    csv_body = b"".join(client.get(reverse("pqrs:stats_csv")).streaming_content)
    csv_rows = list(csv.reader(io.StringIO(csv_body.decode("utf-8-sig"))))
    assert xlsx_rows[0] == views.EXPORT_HEADER
    assert len(xlsx_rows) == 4
    assert xlsx_rows == csv_rows


def test_export_values_keep_bogota_local_time():
    labels = views._ExportLabels.current()
    filed = datetime(2025, 1, 1, 4, 59, 30, tzinfo=UTC)  # 2024-12-31 23:59 in Bogotá
    answered = datetime(2025, 3, 10, 15, 0, tzinfo=UTC)
    row = (
        "ALC-1",
        filed,
        "Petición",
        "web",
        None,
        "answered",
        "",
        date(2025, 1, 20),
        answered,
        True,
        False,
    )
    values = views._export_values(row, labels)
    tz = timezone.get_current_timezone()
    assert values[1] == filed.astimezone(tz).strftime("%Y-%m-%d %H:%M") == "2024-12-31 23:59"
    assert values[8] == answered.astimezone(tz).strftime("%Y-%m-%d %H:%M") == "2025-03-10 10:00"
    assert values[4] == "" and values[6] == "" and values[7] == "2025-01-20"
    assert values[9] == labels.yes and values[10] == labels.no


def test_xlsx_export_needs_permission(client, entity):
    response = client.get(reverse("pqrs:stats_xlsx"))
    assert response.status_code == 302
