import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from cabildo.accounts.models import Role
from cabildo.matrices.services import matrix_import_run
from cabildo.stakeholders.matrix import columns, export_matrix
from cabildo.stakeholders.models import StakeholderGroup
from tests.stakeholders.factories import StakeholderGroupFactory
from tests.territories.factories import TerritoryFactory

pytestmark = pytest.mark.django_db


def import_matrix(*, entity, file):
    return matrix_import_run(entity=entity, kind="grupos-de-valor", file=file)


def _xlsx(entity, rows, headers=None):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(headers or [c.header for c in columns(entity)])
    for row in rows:
        values = {c.header: "" for c in columns(entity)}
        values.update(row)
        sheet.append(list(values.values()))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile("grupos.xlsx", buffer.getvalue())


def test_import_clean_file(entity):
    TerritoryFactory(entity=entity, name="El Manzanillo", kind="corregimiento")
    file = _xlsx(
        entity,
        [
            {
                "Nombre": "Asociación campesina",
                "Tipo": "campesinos",
                "Territorio": "El Manzanillo",
                "Zona": "Rural",
                "Tamaño estimado": 120,
                "Fecha de caracterización": "15/03/2025",
            }
        ],
    )
    result = import_matrix(entity=entity, file=file)
    assert result.errors == []
    group = StakeholderGroup.objects.get()
    assert group.type.name == "Campesinos"
    assert group.zone == "rural"
    assert group.characterized_on.isoformat() == "2025-03-15"


@pytest.mark.parametrize(
    ("row", "column"),
    [
        ({"Nombre": "G", "Tipo": "Astronautas"}, "Tipo"),
        ({"Nombre": "G", "Tipo": "Jóvenes", "Zona": "Lunar"}, "Zona"),
        (
            {"Nombre": "G", "Tipo": "Jóvenes", "Fecha de caracterización": "ayer"},
            "Fecha de caracterización",
        ),
        ({"Nombre": "G", "Tipo": "Jóvenes", "Territorio": "Comuna 42"}, "Territorio"),
        # One rule for plausible dates: a characterization already happened, and not in 1800.
        (
            {"Nombre": "G", "Tipo": "Jóvenes", "Fecha de caracterización": "15/03/2999"},
            "Fecha de caracterización",
        ),
        (
            {"Nombre": "G", "Tipo": "Jóvenes", "Fecha de caracterización": "15/03/1800"},
            "Fecha de caracterización",
        ),
    ],
)
def test_bad_rows_save_nothing(entity, row, column):
    file = _xlsx(entity, [{"Nombre": "Válido", "Tipo": "Mujeres"}, row])
    result = import_matrix(entity=entity, file=file)
    assert [(e.row, e.column.split(" (", 1)[1]) for e in result.errors] == [(3, f"{column})")]
    assert not StakeholderGroup.objects.exists()


def test_wrong_header(entity):
    headers = [c.header for c in columns(entity)]
    headers[0] = "Grupo"
    result = import_matrix(entity=entity, file=_xlsx(entity, [], headers=headers))
    assert any("Nombre" in e.message for e in result.errors)


def test_export_and_views(staff_client, entity):
    StakeholderGroupFactory(entity=entity, name="Veeduría de salud")
    content = export_matrix(entity=entity)
    rows = list(load_workbook(io.BytesIO(content)).active.iter_rows(values_only=True))
    assert rows[0][:2] == ("CLAVE", "Nombre")
    assert rows[1][1] == "Veeduría de salud"
    client = staff_client(Role.PARTICIPATION_LEAD)
    assert client.get(reverse("stakeholders:matrix_export")).status_code == 200
    bad = _xlsx(entity, [{"Nombre": "X", "Tipo": "Marcianos"}])
    response = client.post(reverse("stakeholders:matrix_import"), {"file": bad})
    assert response.status_code == 400
    assert "no se guardó nada" in response.content.decode()
    assert StakeholderGroup.objects.count() == 1
    good = _xlsx(entity, [{"Nombre": "Nuevo grupo", "Tipo": "Academia"}])
    response = client.post(reverse("stakeholders:matrix_import"), {"file": good})
    assert response.status_code == 302
    assert StakeholderGroup.objects.count() == 1  # nothing saved before the preview
    preview = client.get(response["Location"])
    assert "Nuevo grupo" in preview.content.decode()
    response = client.post(response["Location"], {"confirm": "1"})
    assert response.status_code == 302
    assert StakeholderGroup.objects.count() == 2
