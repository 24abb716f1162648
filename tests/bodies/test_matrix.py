import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from cabildo.accounts.models import Role
from cabildo.bodies.matrix import columns, export_matrix
from cabildo.bodies.models import BodyCharacterization, ParticipationBody
from cabildo.matrices.services import matrix_import_run
from tests.bodies.factories import (
    BodyCharacterizationFactory,
    BodySessionFactory,
    ParticipationBodyFactory,
)
from tests.factories import AreaFactory
from tests.territories.factories import TerritoryFactory

pytestmark = pytest.mark.django_db


def import_matrix(*, entity, year, file):
    return matrix_import_run(entity=entity, kind="instancias", target=year, file=file)


def _xlsx(entity, rows, headers=None):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(headers or [c.header for c in columns(entity)])
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile("matriz.xlsx", buffer.getvalue())


def _row(**over):
    base = {
        "Nombre": "Consejo Municipal de Juventud",
        "Sigla": "CMJ",
        "Tipo de instancia": "Poblacional",
        "Formal": "Sí",
        "Tipo de acto": "Acuerdo",
        "Número del acto": "012",
        "Fecha del acto": datetime.date(2019, 5, 2),
        "Expedido por": "Concejo Municipal",
        "Territorio": "",
        "Población o sector que representa": "Jóvenes",
        "Secretaría técnica": "",
        "Estado": "Activa",
        "Sesiones realizadas": 6,
        "Motivo de la corrección de sesiones": "Actas aún no cargadas",
        "Integrantes activos": 11,
        "Motivo de la corrección de integrantes": "Listado aún no cargado",
        "Resultados": "Visibilización de los jóvenes",
        "Dificultades": "No disponer de recursos",
        "Retos": "",
        "Necesidades": "",
        "Respuestas de la encuesta": "",
    }
    base.update(over)
    return list(base.values())


def test_import_clean_file_creates_bodies_and_characterizations(entity):
    TerritoryFactory(entity=entity, name="Comuna 1")
    AreaFactory(entity=entity, name="Secretaría de Participación", acronym="SP")
    file = _xlsx(
        entity,
        [
            _row(Territorio="comuna 1", **{"Secretaría técnica": "SP"}),
            _row(
                Nombre="Mesa de víctimas",
                Formal="No",
                **{"Tipo de acto": "", "Número del acto": "", "Fecha del acto": ""},
            ),
        ],
    )
    result = import_matrix(entity=entity, year=2019, file=file)
    assert result.errors == []
    assert (result.created, result.updated) == (2, 0)
    body = ParticipationBody.objects.get(name="Consejo Municipal de Juventud")
    assert body.territory.name == "Comuna 1"
    assert body.secretariat.acronym == "SP"
    characterization = BodyCharacterization.objects.get(body=body)
    assert characterization.active_members_correction == 11
    assert characterization.figures["active_members"].recount == 0


def test_import_updates_existing(entity):
    body = ParticipationBodyFactory(entity=entity, name="Consejo Municipal de Juventud")
    BodyCharacterizationFactory(
        entity=entity,
        body=body,
        year=2019,
        sessions_held_correction=1,
        sessions_held_reason="Acta sin cargar",
    )
    result = import_matrix(entity=entity, year=2019, file=_xlsx(entity, [_row()]))
    assert result.errors == [] and result.updated == 1
    assert BodyCharacterization.objects.get(body=body, year=2019).sessions_held_correction == 6


def test_import_figure_that_differs_from_the_registry_needs_a_reason(entity):
    row = _row(**{"Motivo de la corrección de sesiones": ""})
    result = import_matrix(entity=entity, year=2019, file=_xlsx(entity, [row]))
    assert [e.row for e in result.errors] == [2]
    assert result.errors[0].column.endswith("(Motivo de la corrección de sesiones)")
    assert "difiere del registro" in result.errors[0].message
    assert BodyCharacterization.objects.count() == 0


def test_import_figure_equal_to_the_registry_or_blank_is_the_recount(entity):
    body = ParticipationBodyFactory(entity=entity, name="Consejo Municipal de Juventud")
    BodySessionFactory(entity=entity, body=body, date=datetime.date(2019, 3, 1))
    row = _row(
        **{
            "Sesiones realizadas": 1,
            "Motivo de la corrección de sesiones": "",
            "Integrantes activos": None,
            "Motivo de la corrección de integrantes": "",
        }
    )
    result = import_matrix(entity=entity, year=2019, file=_xlsx(entity, [row]))
    assert result.errors == []
    characterization = BodyCharacterization.objects.get(body=body)
    assert characterization.sessions_held_correction is None
    assert characterization.active_members_correction is None
    assert characterization.figures["sessions_held"].value == 1


@pytest.mark.parametrize(
    ("row", "column", "fragment"),
    [
        (_row(**{"Tipo de instancia": "Deportiva"}), "Tipo de instancia", "Valor no válido"),
        (_row(**{"Fecha del acto": "31/02/2019"}), "Fecha del acto", "Fecha no válida"),
        (_row(Territorio="Comuna 99"), "Territorio", "no existe"),
        (_row(**{"Número del acto": ""}), "Número del acto", "número del acto"),
        (_row(Nombre=""), "Nombre", "obligatorio"),
        (_row(**{"Sesiones realizadas": "muchas"}), "Sesiones realizadas", "número entero"),
        # One rule for plausible dates: legal acts from 1991 and never in the future.
        (_row(**{"Fecha del acto": datetime.date(2999, 5, 2)}), "Fecha del acto", "posterior"),
        (_row(**{"Fecha del acto": datetime.date(1800, 5, 2)}), "Fecha del acto", "1800"),
    ],
)
def test_bad_rows_save_nothing(entity, row, column, fragment):
    file = _xlsx(entity, [_row(Nombre="Otra instancia válida"), row])
    result = import_matrix(entity=entity, year=2019, file=file)
    assert any(
        e.row == 3 and column in e.column and fragment in e.message for e in result.errors
    ), result.errors
    assert not ParticipationBody.objects.exists()
    assert not BodyCharacterization.objects.exists()


def test_wrong_header(entity):
    headers = [c.header for c in columns(entity)]
    headers[2] = "Clase"
    result = import_matrix(entity=entity, year=2019, file=_xlsx(entity, [_row()], headers=headers))
    messages = " ".join(e.message for e in result.errors)
    assert "Falta la columna obligatoria «Tipo de instancia»" in messages
    assert "Encabezado desconocido «Clase»" in messages
    assert not ParticipationBody.objects.exists()


def test_not_an_xlsx(entity):
    result = import_matrix(entity=entity, year=2019, file=SimpleUploadedFile("m.xlsx", b"hola"))
    assert "no es un libro de Excel" in result.errors[0].message


def test_repeated_name_in_file(entity):
    result = import_matrix(entity=entity, year=2019, file=_xlsx(entity, [_row(), _row()]))
    assert "repetida" in result.errors[0].message
    assert not ParticipationBody.objects.exists()


def test_export_round_trip(entity):
    body = ParticipationBodyFactory(entity=entity, name="Consejo de Cultura")
    BodyCharacterizationFactory(entity=entity, body=body, year=2022, difficulties="Recursos")
    content = export_matrix(entity=entity, year=2022)
    sheet = load_workbook(io.BytesIO(content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:2] == ("CLAVE", "Nombre")
    assert rows[1][1] == "Consejo de Cultura"
    assert "Recursos" in rows[1]
    result = import_matrix(entity=entity, year=2022, file=SimpleUploadedFile("m.xlsx", content))
    assert result.errors == [] and (result.updated, result.unchanged) == (0, 1)


def test_import_view_lists_errors_and_saves_nothing(staff_client, entity):
    client = staff_client(Role.PARTICIPATION_LEAD)
    file = _xlsx(entity, [_row(Territorio="Comuna 99")])
    response = client.post(reverse("bodies:matrix_import"), {"year": "2019", "file": file})
    assert response.status_code == 400
    html = response.content.decode()
    assert "no se guardó nada" in html
    assert "El territorio «Comuna 99» no existe en la entidad." in html
    assert not ParticipationBody.objects.exists()
    response = client.post(
        reverse("bodies:matrix_import"),
        {"year": "2019", "file": _xlsx(entity, [_row()])},
    )
    assert response.status_code == 302
    assert not ParticipationBody.objects.exists()  # the preview comes first
    response = client.post(response["Location"], {"confirm": "1"}, follow=True)
    assert ParticipationBody.objects.count() == 1
    # One record: singular ("1 registros nuevos" read badly).
    assert "Importación aplicada: 1 fila nueva, 0 modificadas, 0 sin cambios." in (
        response.content.decode()
    )


def test_import_and_export_permissions(staff_client, entity):
    client = staff_client(Role.INTERNAL_CONTROL)
    assert client.get(reverse("bodies:matrix_import")).status_code == 403
    response = client.get(reverse("bodies:matrix_export") + "?anio=2019")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
