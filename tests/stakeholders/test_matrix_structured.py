"""The grupos de valor matrix carries the structured characterization: one column per
demographic category (each variable adds up to the size), catalogue values separated by ";"."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook

from cabildo.stakeholders.matrix import columns, export_matrix
from cabildo.stakeholders.models import StakeholderGroup
from tests.stakeholders.factories import StakeholderGroupFactory

pytestmark = pytest.mark.django_db


def _import(entity, rows):
    book = Workbook()
    sheet = book.active
    headers = [c.header for c in columns(entity)]
    sheet.append(headers)
    for row in rows:
        sheet.append([row.get(h, "") for h in headers])
    buffer = io.BytesIO()
    book.save(buffer)
    file = SimpleUploadedFile("grupos.xlsx", buffer.getvalue())
    try:  # the shared import engine (cabildo.matrices), or the app's own import before it
        from cabildo.matrices.services import matrix_import_run
    except ImportError:
        from cabildo.stakeholders.matrix import import_matrix

        return import_matrix(entity=entity, file=file)
    return matrix_import_run(entity=entity, kind="grupos-de-valor", file=file)


ROW = {
    "Nombre": "Plataforma de juventudes",
    "Tipo": "Jóvenes",
    "Tamaño estimado": 100,
    "Rango de edad: Menor de 18 años": 30,
    "Rango de edad: 18 a 28 años": 70,
    "Temas de interés": "Empleo y desarrollo económico; cultura, recreación y deporte",
    "Canales que usa": "Redes sociales; mensajeria",
    "Observaciones": "Se reúnen los sábados.",
}


def test_import_structured_characterization(entity):
    result = _import(entity, [ROW])
    assert result.errors == []
    group = StakeholderGroup.objects.get()
    assert group.counts("age_range") == {"menor18": 30, "18-28": 70}
    assert group.interest_topics == ["empleo", "cultura_deporte"]
    assert group.channels == ["redes", "mensajeria"]
    assert group.notes == "Se reúnen los sábados."


def test_parts_that_do_not_add_up_are_reported_on_the_variable(entity):
    result = _import(entity, [{**ROW, "Rango de edad: 18 a 28 años": 60}])
    assert len(result.errors) == 1, result.errors
    error = result.errors[0]
    assert error.column.endswith("(Rango de edad: Menor de 18 años)")
    assert "las partes suman 90 y el tamaño estimado es 100" in error.message
    assert not StakeholderGroup.objects.exists()


def test_unknown_catalogue_value_is_refused(entity):
    result = _import(entity, [{**ROW, "Canales que usa": "Paloma mensajera"}])
    assert [e.column.split(" (", 1)[1] for e in result.errors] == ["Canales que usa)"]
    assert not StakeholderGroup.objects.exists()


def test_export_writes_counts_and_labels(entity):
    StakeholderGroupFactory(
        entity=entity,
        name="Personas mayores",
        estimated_size=40,
        composition={"age_range": {"60+": 40}},
        channels=["radio", "presencial"],
    )
    rows = list(
        load_workbook(io.BytesIO(export_matrix(entity=entity))).active.iter_rows(values_only=True)
    )
    values = dict(zip(rows[0], rows[1], strict=True))
    assert values["Rango de edad: 60 años o más"] == 40
    assert values["Rango de edad: 18 a 28 años"] is None
    assert values["Canales que usa"] == "Radio comunitaria; Presencial"
