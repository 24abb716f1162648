"""The plan matrix: lossless export, update in place through a preview, all-or-nothing."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook

from cabildo.accounts.models import Role
from cabildo.core.tabular import XLSX_CONTENT_TYPE
from cabildo.matrices import services as engine
from cabildo.matrices.models import MatrixImport, MatrixImportStatus
from cabildo.plans import matrix
from cabildo.plans.models import PlannedActivity, PlanStatus
from tests.factories import AreaFactory
from tests.plans.factories import (
    ActivityFactory,
    BodyFactory,
    PlanVersionFactory,
    StakeholderGroupFactory,
)
from tests.properties import examples

pytestmark = pytest.mark.django_db

HEADERS = [
    "CLAVE",
    "ACTIVIDAD",
    "META",
    "UNIDAD DE MEDIDA",
    "INDICADOR",
    "RESPONSABLE",
    "PERIODICIDAD",
    "DEPENDENCIA",
    "FASE",
    "PROCEDIMIENTO",
    "NIVEL DE INCIDENCIA",
    "INSTANCIA DE PARTICIPACIÓN",
    "OTRO ESPACIO",
    "GRUPOS DE VALOR",
    "CANALES",
    "MECANISMO",
    "DESCRIPCIÓN",
    "METODOLOGÍA",
    "ALIANZAS Y CONVENIOS",
    "FECHA INICIO",
    "FECHA FIN",
    "PRESUPUESTO",
    "RENDICIÓN DE CUENTAS",
    "ACCIÓN MURC",
]


def _sheet(content: bytes):
    return load_workbook(io.BytesIO(content)).active


def _upload(content: bytes, name: str = "plan.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


def _prepare(version, content, user):
    """Read a file into a pending import of the version's matrix (the shared engine)."""
    return engine.matrix_import_prepare(
        entity=version.entity, kind="plan", target=version.pk, file=content, user=user
    )


def _apply(result, user, **options):
    return engine.matrix_import_apply(pending=result.pending, user=user, **options)


def _preview(result):
    return engine.matrix_import_preview(pending=result.pending)


def _plan_imports():
    return MatrixImport.objects.filter(kind="plan")


def _save(sheet) -> bytes:
    buffer = io.BytesIO()
    sheet.parent.save(buffer)
    return buffer.getvalue()


def _rich_activity(entity, version, area):
    body = BodyFactory(entity=entity, name="Consejo Territorial de Planeación", acronym="CTP")
    groups = [
        StakeholderGroupFactory(entity=entity, name="Veedurías"),
        StakeholderGroupFactory(entity=entity, name="Juntas de Acción Comunal"),
    ]
    activity = ActivityFactory(
        entity=entity,
        version=version,
        area=area,
        name="Audiencia pública de rendición de cuentas",
        description="Presentar el informe de gestión\ncon preguntas de la ciudadanía",
        methodology="=Diálogo por mesas temáticas",
        alliances="Universidad del Valle",
        body=body,
        other_space="",
        goal="1 audiencia",
        budget=Decimal("2500000.50"),
        is_accountability=True,
        murc_action="dialogo",
        channels=["presencial", "virtual"],
        mechanism="audiencia_publica",
        phase="evaluacion",
        procedure="control_social",
        incidence_level="controlar",
    )
    activity.stakeholder_groups.set(groups)
    return activity


class TestExport:
    def test_headers_key_and_real_cell_types(self, entity, area):
        version = PlanVersionFactory(entity=entity)
        activity = _rich_activity(entity, version, area)
        sheet = _sheet(matrix.export_xlsx(version=version))
        assert [c.value for c in sheet[1]] == HEADERS
        assert sheet["A2"].value == f"A-{activity.pk}"
        assert sheet["T2"].is_date and sheet["T2"].number_format == "DD/MM/YYYY"
        assert sheet["V2"].value == 2500000.5
        assert sheet["L2"].value == "Consejo Territorial de Planeación"
        assert sheet["N2"].value == "Juntas de Acción Comunal; Veedurías"
        assert sheet["W2"].value == "Sí" and sheet["X2"].value == "Diálogo"
        assert sheet["R2"].data_type == "s"  # "=Diálogo…" is text, not a formula
        assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref

    def test_views_xlsx_and_csv_for_excel_in_spanish(self, staff_client, entity, area):
        version = PlanVersionFactory(entity=entity)
        ActivityFactory(entity=entity, version=version, area=area, name="Foro de niñez")
        client = staff_client(Role.PLANNING_OFFICE, entity)
        url = reverse("plans:export", args=[version.pk])
        assert client.get(url)["Content-Type"] == XLSX_CONTENT_TYPE
        response = client.get(url, {"formato": "csv", "separador": "punto-y-coma"})
        assert response.content.startswith("\ufeff".encode())
        text = response.content.decode("utf-8-sig")
        assert text.splitlines()[0].startswith("CLAVE;ACTIVIDAD;META")
        assert "Foro de niñez" in text and f"01/03/{version.plan.year}" in text


class TestRoundTrip:
    def test_export_then_import_changes_nothing(self, entity, area, make_member):
        user = make_member(Role.PARTICIPATION_LEAD, entity)
        version = PlanVersionFactory(entity=entity)
        activity = _rich_activity(entity, version, area)
        ActivityFactory(entity=entity, version=version, area=area)
        before = matrix.activity_values(activity)
        result = _prepare(version, matrix.export_xlsx(version=version), user)
        assert result.errors == []
        preview = _preview(result)
        assert (len(preview.new), len(preview.changed), len(preview.unchanged)) == (0, 0, 2)
        assert preview.absent == []
        _apply(result, user)
        activity.refresh_from_db()
        assert matrix.activity_values(activity) == before
        assert version.activities.count() == 2

    def test_csv_round_trip_is_lossless_too(self, entity, area, make_member):
        user = make_member(Role.PARTICIPATION_LEAD, entity)
        version = PlanVersionFactory(entity=entity)
        _rich_activity(entity, version, area)
        content = matrix.response(version, fmt="csv", delimiter=";").content
        result = _prepare(version, content, user)
        assert result.errors == []
        preview = _preview(result)
        assert len(preview.unchanged) == 1 and not preview.changed and not preview.new

    def test_issue_scenario_edit_two_cells_add_a_row(self, entity, area, make_member):
        """Export → edit goal and budget → add a row → import: 3 + 1 activities, not 7."""
        user = make_member(Role.PARTICIPATION_LEAD, entity)
        version = PlanVersionFactory(entity=entity)
        first = _rich_activity(entity, version, area)
        ActivityFactory.create_batch(2, entity=entity, version=version, area=area)
        sheet = _sheet(matrix.export_xlsx(version=version))
        sheet["C2"] = "2 audiencias"
        sheet["V2"] = 3000000
        new_row = [c.value for c in sheet[3]]
        new_row[0] = None
        new_row[1] = "Encuentro de instancias"
        sheet.append(new_row)
        result = _prepare(version, _save(sheet), user)
        assert result.errors == []
        preview = _preview(result)
        assert [r.name for r in preview.new] == ["Encuentro de instancias"]
        assert [(c.field, c.old, c.new) for r in preview.changed for c in r.changes] == [
            ("goal", "1 audiencia", "2 audiencias"),
            ("budget", "2.500.000,50", "3.000.000,00"),
        ]
        assert PlannedActivity.objects.count() == 3  # nothing written yet
        _apply(result, user)
        assert version.activities.count() == 4
        first.refresh_from_db()
        assert first.goal == "2 audiencias" and first.budget == Decimal("3000000")
        assert first.body is not None and first.is_accountability
        pending = _plan_imports().get()
        assert pending.status == MatrixImportStatus.APPLIED and pending.user == user
        assert (pending.created_count, pending.updated_count, pending.unchanged_count) == (1, 1, 2)

    def test_workbook_not_from_cabildo_matches_by_name_and_area(self, entity, area, make_member):
        user = make_member(Role.PARTICIPATION_LEAD, entity)
        version = PlanVersionFactory(entity=entity)
        activity = ActivityFactory(entity=entity, version=version, area=area, name="Foro joven")
        sheet = _sheet(matrix.export_xlsx(version=version))
        sheet.delete_cols(1)  # no CLAVE column at all
        sheet["B2"] = "3 foros"
        result = _prepare(version, _save(sheet), user)
        assert result.errors == []
        preview = _preview(result)
        assert [r.object_id for r in preview.changed] == [activity.pk]

    def test_absent_rows_are_kept_unless_withdrawn(self, entity, area, make_member):
        user = make_member(Role.PARTICIPATION_LEAD, entity)
        version = PlanVersionFactory(entity=entity)
        kept, gone = ActivityFactory.create_batch(2, entity=entity, version=version, area=area)
        sheet = _sheet(matrix.export_xlsx(version=version))
        sheet.delete_rows(3)
        content = _save(sheet)
        result = _prepare(version, content, user)
        assert _preview(result).absent == [gone]
        _apply(result, user)
        assert version.activities.count() == 2
        result = _prepare(version, content, user)
        _apply(result, user, withdraw_absent=True)
        assert list(version.activities.all()) == [kept]
        assert _plan_imports().filter(withdrawn_count=1).count() == 1

    def test_rows_of_the_previous_version_match_their_copies(self, entity, area, make_member):
        from cabildo.plans import services

        user = make_member(Role.PARTICIPATION_LEAD, entity)
        old = PlanVersionFactory(entity=entity, status=PlanStatus.APPROVED)
        ActivityFactory(entity=entity, version=old, area=area, name="Foro")
        content = matrix.export_xlsx(version=old)
        new = PlanVersionFactory(entity=entity, plan=old.plan, number=2)
        (copy,) = services.activities_copy(source=old, target=new)
        result = _prepare(new, content, user)
        preview = _preview(result)
        assert [r.object_id for r in preview.unchanged] == [copy.pk]


class TestChannels:
    """Several channels per activity, in one cell: "Presencial; Virtual"."""

    def test_several_channels_round_trip_and_edit(self, entity, area, make_member):
        user = make_member(Role.PARTICIPATION_LEAD, entity)
        version = PlanVersionFactory(entity=entity)
        activity = _rich_activity(entity, version, area)
        sheet = _sheet(matrix.export_xlsx(version=version))
        assert sheet["O1"].value == "CANALES" and sheet["O2"].value == "Presencial; Virtual"
        sheet["O2"] = "virtual ;  PRESENCIAL"  # another order and case: the same channels
        preview = _preview(_prepare(version, _save(sheet), user))
        assert not preview.changed and len(preview.unchanged) == 1
        sheet["O2"] = "Virtual"
        result = _prepare(version, _save(sheet), user)
        (row,) = _preview(result).changed
        changes = [(c.field, c.label, c.old, c.new) for c in row.changes]
        assert changes == [("channels", "CANALES", "Presencial; Virtual", "Virtual")]
        _apply(result, user)
        activity.refresh_from_db()
        assert activity.channels == ["virtual"]

    def test_old_single_channel_header_and_bad_channel(self, entity, area, make_member):
        user = make_member(Role.PARTICIPATION_LEAD, entity)
        version = PlanVersionFactory(entity=entity)
        ActivityFactory(entity=entity, version=version, area=area, channels=["presencial"])
        sheet = _sheet(matrix.export_xlsx(version=version))
        sheet["O1"] = "CANAL"  # a file exported before activities had several channels
        sheet["O2"] = "Mixto"
        result = _prepare(version, _save(sheet), user)
        assert result.errors == []
        (row,) = _preview(result).changed
        assert [(c.old, c.new) for c in row.changes] == [("Presencial", "Mixto")]
        sheet["O2"] = "Presencial; Paloma mensajera"
        result = _prepare(version, _save(sheet), user)
        assert [e.column for e in result.errors] == ["O (CANALES)"]
        sheet["O2"] = None
        result = _prepare(version, _save(sheet), user)
        assert [e.column for e in result.errors] == ["O (CANALES)"]

    def test_seed_002_activity_with_several_channels(self, entity, area, make_member):
        """Seed 002's seguimiento activity that enables in-person and electronic channels,
        from a workbook that never came from Cabildo (no CLAVE)."""
        user = make_member(Role.PARTICIPATION_LEAD, entity)
        version = PlanVersionFactory(entity=entity, plan__year=2026)
        book = Workbook()
        book.active.append(
            ["ACTIVIDAD", "META", "UNIDAD DE MEDIDA", "INDICADOR", "RESPONSABLE", "PERIODICIDAD",
             "DEPENDENCIA", "FASE", "PROCEDIMIENTO", "NIVEL DE INCIDENCIA", "OTRO ESPACIO",
             "CANALES", "MECANISMO"]
        )  # fmt: skip
        book.active.append(
            [
                "Habilitar los canales, escenarios, mecanismos y medios presenciales y "
                "electrónicos definidos en el plan para consultar, discutir y retroalimentar con "
                "los ciudadanos usuarios y/o grupos de valor",
                "Diseñar la política de Participación Ciudadana",
                "Política de Participación Ciudadana",
                "Política de Participación Ciudadana formulada",
                "Todas las dependencias",
                "Diciembre",
                area.name,
                "Implementación",
                "Promoción de la participación",
                "Consultar",
                "Sede de la entidad y sitio web",
                "Presencial; Virtual",
                "Mesa de trabajo",
            ]
        )
        buffer = io.BytesIO()
        book.save(buffer)
        result = _prepare(version, buffer.getvalue(), user)
        assert [str(e) for e in result.errors] == []
        _apply(result, user)
        activity = version.activities.get()
        assert activity.channels == ["presencial", "virtual"]
        assert activity.periodicity == "Diciembre" and activity.responsible.startswith("Todas")


class TestBadFiles:
    def test_every_error_at_once_and_nothing_stored(self, entity, area, make_member):
        user = make_member(Role.PARTICIPATION_LEAD, entity)
        version = PlanVersionFactory(entity=entity)
        ActivityFactory(entity=entity, version=version, area=area)
        sheet = _sheet(matrix.export_xlsx(version=version))
        good = [c.value for c in sheet[2]]
        bad = list(good)
        bad[0] = None
        bad[8] = "Inventada"  # FASE
        bad[21] = "-3"  # PRESUPUESTO
        bad[22] = "Sí"  # RENDICIÓN DE CUENTAS without ACCIÓN MURC
        sheet.append(bad)
        other = list(good)
        other[0] = "A-999999"
        sheet.append(other)
        sheet.append(list(good))  # the same key twice
        result = _prepare(version, _save(sheet), user)
        where = {(e.row, e.column) for e in result.errors}
        assert (3, "I (FASE)") in where and (3, "V (PRESUPUESTO)") in where
        assert any(e.row == 4 and "A-999999" in e.message for e in result.errors)
        assert any(e.row == 5 and "fila 2" in e.message for e in result.errors)
        assert result.pending is None and _plan_imports().count() == 0

    def test_model_rules_by_row_and_column(self, entity, area, make_member):
        user = make_member(Role.PARTICIPATION_LEAD, entity)
        version = PlanVersionFactory(entity=entity)
        ActivityFactory(entity=entity, version=version, area=area)
        sheet = _sheet(matrix.export_xlsx(version=version))
        sheet["W2"] = "Sí"  # accountability without MURC action
        sheet["U2"] = datetime.date(2020, 1, 1)  # ends before it starts
        result = _prepare(version, _save(sheet), user)
        messages = {(e.column, e.message) for e in result.errors}
        assert any(c == "X (ACCIÓN MURC)" and "MURC" in m for c, m in messages)
        assert any(c == "U (FECHA FIN)" and "anterior" in m for c, m in messages)

    def test_wrong_header_and_not_a_workbook_in_the_view(self, staff_client, entity, area):
        client = staff_client(Role.PARTICIPATION_LEAD, entity)
        version = PlanVersionFactory(entity=entity)
        url = reverse("plans:import", args=[version.pk])
        page = client.post(url, {"file": _upload(b"PK\x03\x04nada")}).content.decode()
        assert "no es un libro de Excel" in page
        book = Workbook()
        book.active.append(["OBJETIVO", "ACTIVIDAD"])
        book.active.append(["x", "Foro"])
        buffer = io.BytesIO()
        book.save(buffer)
        page = client.post(url, {"file": _upload(buffer.getvalue())}).content.decode()
        assert "Encabezado desconocido «OBJETIVO»" in page and "DEPENDENCIA" in page
        assert _plan_imports().count() == 0 and PlannedActivity.objects.count() == 0

    def test_other_extensions_are_refused(self, staff_client, entity):
        client = staff_client(Role.PARTICIPATION_LEAD, entity)
        version = PlanVersionFactory(entity=entity)
        file = SimpleUploadedFile("plan.pdf", b"%PDF-1.4")
        response = client.post(reverse("plans:import", args=[version.pk]), {"file": file})
        assert "libro de Excel (.xlsx) o un CSV" in response.content.decode()

    def test_locked_version_refuses(self, entity, area, make_member):
        user = make_member(Role.PARTICIPATION_LEAD, entity)
        version = PlanVersionFactory(entity=entity, status=PlanStatus.APPROVED)
        ActivityFactory(entity=entity, version=version, area=area)
        result = _prepare(version, matrix.export_xlsx(version=version), user)
        assert result.errors and _plan_imports().count() == 0


class TestPreviewViews:
    def test_upload_preview_confirm(self, staff_client, entity, area):
        client = staff_client(Role.PARTICIPATION_LEAD, entity)
        version = PlanVersionFactory(entity=entity)
        activity = ActivityFactory(entity=entity, version=version, area=area, goal="1 foro")
        sheet = _sheet(matrix.export_xlsx(version=version))
        sheet["C2"] = "2 foros"
        response = client.post(
            reverse("plans:import", args=[version.pk]), {"file": _upload(_save(sheet))}
        )
        pending = _plan_imports().get()
        assert response.status_code == 302
        assert response["Location"].endswith(reverse("matrices:preview", args=[pending.pk]))
        page = client.get(response["Location"]).content.decode()
        assert "1 foro" in page and "2 foros" in page and "META" in page
        activity.refresh_from_db()
        assert activity.goal == "1 foro"
        client.post(reverse("matrices:preview", args=[pending.pk]), {"x": "1"})
        activity.refresh_from_db()
        assert activity.goal == "2 foros"
        # Applied once: confirming again is a 404, not a second import.
        again = client.post(reverse("matrices:preview", args=[pending.pk]))
        assert again.status_code == 404

    def test_the_old_preview_address_leads_to_the_import_page(self, staff_client, entity):
        client = staff_client(Role.PARTICIPATION_LEAD, entity)
        version = PlanVersionFactory(entity=entity)
        response = client.get(reverse("plans:import_preview", args=[version.pk, 12345]))
        assert response.status_code == 302
        assert response["Location"].endswith(reverse("plans:import", args=[version.pk]))
        other = PlanVersionFactory()  # another entity's version
        assert client.get(reverse("plans:import_preview", args=[other.pk, 1])).status_code == 404

    def test_discard_changes_nothing(self, staff_client, entity, area):
        client = staff_client(Role.PARTICIPATION_LEAD, entity)
        version = PlanVersionFactory(entity=entity)
        ActivityFactory(entity=entity, version=version, area=area, goal="1 foro")
        sheet = _sheet(matrix.export_xlsx(version=version))
        sheet["C2"] = "2 foros"
        client.post(reverse("plans:import", args=[version.pk]), {"file": _upload(_save(sheet))})
        pending = _plan_imports().get()
        client.post(reverse("matrices:preview", args=[pending.pk]), {"discard": "1"})
        pending.refresh_from_db()
        assert pending.status == MatrixImportStatus.DISCARDED and pending.rows == []
        assert PlannedActivity.objects.get().goal == "1 foro"

    def test_only_the_uploader_sees_the_pending_import(self, staff_client, entity, area):
        version = PlanVersionFactory(entity=entity)
        ActivityFactory(entity=entity, version=version, area=area)
        owner = staff_client(Role.PARTICIPATION_LEAD, entity)
        owner.post(
            reverse("plans:import", args=[version.pk]),
            {"file": _upload(matrix.export_xlsx(version=version))},
        )
        pending = _plan_imports().get()
        other = staff_client(Role.ENTITY_ADMIN, entity)
        url = reverse("matrices:preview", args=[pending.pk])
        assert other.get(url).status_code == 404
        assert other.post(url).status_code == 404
        assert _plan_imports().get().status == MatrixImportStatus.PENDING


# ---------------------------------------------------------------- properties

TEXT = st.text(
    alphabet=st.sampled_from("abcdefghijklmnopqrstuvwxyzáéíóúñÁÉÍÓÚÑ 0123456789=+-@.,;:¿?()\n"),
    max_size=40,
).map(lambda s: " ".join(s.split(" ")).strip())
NAME = TEXT.filter(bool)
# Within the plan's vigencia (2026), the end date 30 days later included.
DATES = st.dates(min_value=datetime.date(2026, 1, 1), max_value=datetime.date(2026, 11, 30))
BUDGET = st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False)
ACTIVITY = st.fixed_dictionaries(
    {
        "name": NAME,
        "goal": TEXT,
        "description": TEXT,
        "methodology": TEXT,
        "alliances": TEXT,
        "budget": BUDGET,
        "start_date": DATES,
        "is_accountability": st.booleans(),
    }
)
# Editable cells: (column letter, field, new-value strategy).
EDITS = {
    "C": ("goal", NAME),
    "Q": ("description", NAME),
    "R": ("methodology", NAME),
    "S": ("alliances", NAME),
    "V": ("budget", BUDGET),
    "T": ("start_date", DATES),
}


def _make(entity, area, rows):
    # Hypothesis runs its examples in one test transaction: one plan per entity and year, so
    # the previous example's plan goes first.
    from cabildo.plans.models import ParticipationPlan

    ParticipationPlan.objects.filter(entity=entity, year=2026).delete()
    version = PlanVersionFactory(entity=entity, plan__year=2026)
    for values in rows:
        values = dict(values)
        murc = "informacion" if values["is_accountability"] else ""
        ActivityFactory(
            entity=entity,
            version=version,
            area=area,
            end_date=values["start_date"] + datetime.timedelta(days=30),
            murc_action=murc,
            **values,
        )
    return version


def _cell(name, value):
    """A value as the matrix's cell compares it (what ``activity_values`` holds)."""
    (column,) = [c for c in matrix.columns(1) if c.key == name]
    return engine.comparable(column, value)


SETTINGS = settings(
    max_examples=examples(15),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@SETTINGS
@given(rows=st.lists(ACTIVITY, min_size=1, max_size=4))
def test_property_export_then_import_is_the_identity(entity, make_member, rows):
    user = make_member(Role.PARTICIPATION_LEAD, entity)
    area = AreaFactory(entity=entity)
    version = _make(entity, area, rows)
    before = {a.pk: matrix.activity_values(a) for a in version.activities.all()}
    result = _prepare(version, matrix.export_xlsx(version=version), user)
    assert result.errors == []
    preview = _preview(result)
    assert not preview.new and not preview.changed and not preview.absent
    _apply(result, user)
    after = {a.pk: matrix.activity_values(a) for a in version.activities.all()}
    assert after == before


@SETTINGS
@given(data=st.data(), rows=st.lists(ACTIVITY, min_size=1, max_size=4))
def test_property_k_edited_cells_are_exactly_the_preview_and_the_change(
    entity, make_member, data, rows
):
    user = make_member(Role.PARTICIPATION_LEAD, entity)
    area = AreaFactory(entity=entity)
    version = _make(entity, area, rows)
    activities = list(version.activities.order_by("order", "pk"))
    before = {a.pk: matrix.activity_values(a) for a in activities}
    sheet = _sheet(matrix.export_xlsx(version=version))
    cells = data.draw(
        st.sets(
            st.tuples(st.integers(0, len(activities) - 1), st.sampled_from(sorted(EDITS))),
            max_size=5,
        )
    )
    expected = set()
    for index, letter in cells:
        name, strategy = EDITS[letter]
        value = data.draw(strategy)
        if name == "start_date":
            # keep the dates consistent: never after the end date
            value = min(value, activities[index].end_date)
        cell = sheet[f"{letter}{index + 2}"]
        cell.value = float(value) if name == "budget" else value
        if isinstance(cell.value, str):
            cell.data_type = "s"  # typed text (openpyxl would store "=…" as a formula)
        if _cell(name, value) != before[activities[index].pk][name]:
            expected.add((activities[index].pk, name))
    result = _prepare(version, _save(sheet), user)
    assert result.errors == []
    preview = _preview(result)
    listed = {(r.object_id, c.field) for r in preview.changed for c in r.changes}
    assert listed == expected
    _apply(result, user)
    for activity in version.activities.all():
        after = matrix.activity_values(activity)
        for name, value in after.items():
            if (activity.pk, name) in expected:
                assert value != before[activity.pk][name]
            else:
                assert value == before[activity.pk][name], name
