"""The grupos de valor matrix reports cell errors and row-level errors in one pass."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from cabildo.matrices.services import matrix_import_run
from cabildo.stakeholders.matrix import columns
from cabildo.stakeholders.models import StakeholderGroup

pytestmark = pytest.mark.django_db


def import_matrix(*, entity, file):
    return matrix_import_run(entity=entity, kind="grupos-de-valor", file=file)


def test_cell_errors_and_repeated_rows_together(entity):
    book = Workbook()
    sheet = book.active
    headers = [c.header for c in columns(entity)]
    sheet.append(headers)
    zone = headers.index("Zona")
    rows = [["Mujeres rurales", "Mujeres"], ["Veedores", "Mujeres"], ["Veedores", "Mujeres"]]
    rows[0] += [None] * (zone - 2) + ["Lunar"]
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    result = import_matrix(entity=entity, file=SimpleUploadedFile("g.xlsx", buffer.getvalue()))
    assert {e.row for e in result.errors} == {2, 4}, result.errors
    assert StakeholderGroup.objects.count() == 0
