"""The one plausible-date rule (``core.dates``) on the plan: an activity's dates fall within its
plan's vigencia, the citizens' consultation runs between the previous year and the end of the
vigencia. Each refused date names its field in Spanish and nothing is stored."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from cabildo.accounts.models import Role
from cabildo.plans import services
from cabildo.plans.models import Consultation, PlannedActivity, PlanStatus
from tests.plans.factories import ActivityFactory, PlanVersionFactory

pytestmark = pytest.mark.django_db

YEAR = 2026


def activity_post(area, **overrides):
    data = {
        "area": area.pk,
        "name": "Taller de diagnóstico con juntas",
        "phase": "diagnostico",
        "procedure": "planeacion",
        "incidence_level": "consultar",
        "other_space": "Casa comunal",
        "channels": ["presencial"],
        "mechanism": "taller",
        "budget": "2500000",
        "start_date": f"{YEAR}-02-01",
        "end_date": f"{YEAR}-02-28",
        "responsible": "Enlace de participación",
        "periodicity": "Mensual",
    }
    data.update(overrides)
    return data


@pytest.fixture
def version(entity):
    return PlanVersionFactory(entity=entity, plan__year=YEAR)


BAD_ACTIVITY_DATES = [
    ({"start_date": "2999-02-01", "end_date": "2999-02-28"}, "Fecha de inicio debe estar dentro"),
    ({"start_date": "1900-02-01"}, "Fecha de inicio debe estar dentro de la vigencia 2026"),
    ({"end_date": f"{YEAR + 1}-01-15"}, "Fecha de finalización debe estar dentro"),
    ({"start_date": f"{YEAR - 1}-12-01"}, "(01/01/2026 – 31/12/2026)"),
]


@pytest.mark.parametrize("overrides,message", BAD_ACTIVITY_DATES)
def test_activity_form_refuses_dates_outside_the_vigencia(
    staff_client, area, version, overrides, message
):
    client = staff_client(Role.PARTICIPATION_LEAD)
    url = reverse("plans:activity_create", args=[version.pk])
    response = client.post(url, activity_post(area, **overrides))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert PlannedActivity.objects.count() == 0
    assert client.post(url, activity_post(area)).status_code == 302


@pytest.mark.parametrize("overrides,message", BAD_ACTIVITY_DATES)
def test_activity_service_refuses_dates_outside_the_vigencia(
    entity, area, version, overrides, message
):
    data = {
        "area": area,
        "name": "Foro",
        "phase": "formulacion",
        "procedure": "planeacion",
        "incidence_level": "consultar",
        "other_space": "Auditorio",
        "channels": ["presencial"],
        "mechanism": "foro",
        "budget": Decimal("0"),
        "start_date": datetime.date(YEAR, 2, 1),
        "end_date": datetime.date(YEAR, 2, 28),
        "responsible": "Líder",
    }
    for name, value in overrides.items():
        data[name] = datetime.date.fromisoformat(value)
    with pytest.raises(ValidationError) as caught:
        services.activity_save(version=version, data=data)
    assert message in str(caught.value)
    assert PlannedActivity.objects.count() == 0


def test_activity_edit_refuses_a_date_of_another_year(staff_client, entity, area, version):
    client = staff_client(Role.PARTICIPATION_LEAD)
    activity = ActivityFactory(entity=entity, version=version, area=area)
    url = reverse("plans:activity_update", args=[activity.pk])
    response = client.post(url, activity_post(area, start_date="2027-03-01", end_date="2027-03-02"))
    assert response.status_code == 200
    assert "Fecha de inicio debe estar dentro de la vigencia 2026" in response.content.decode()
    activity.refresh_from_db()
    assert activity.start_date == datetime.date(YEAR, 3, 1)


def _with_activity(version, entity, area):
    ActivityFactory(entity=entity, version=version, area=area)
    return version


@pytest.mark.parametrize(
    "start,message",
    [
        (datetime.date(2999, 1, 5), "Inicio de la consulta debe estar dentro"),
        (datetime.date(2035, 12, 30), "vigencia 2030 del plan o el año anterior"),
    ],
)
def test_consultation_outside_the_plan_years_is_refused(
    entity, area, start, message, make_member, monkeypatch
):
    version = _with_activity(PlanVersionFactory(entity=entity, plan__year=2030), entity, area)
    monkeypatch.setattr(services, "_today", lambda: datetime.date(2028, 6, 1))
    with pytest.raises(ValidationError) as caught:
        services.plan_publish_for_consultation(version=version, start_date=start, days=15)
    assert message in str(caught.value)
    version.refresh_from_db()
    assert version.status == PlanStatus.DRAFT
    assert not Consultation.objects.exists()


def test_consultation_running_past_the_vigencia_is_refused(entity, area, monkeypatch):
    version = _with_activity(PlanVersionFactory(entity=entity, plan__year=2030), entity, area)
    monkeypatch.setattr(services, "_today", lambda: datetime.date(2030, 12, 1))
    with pytest.raises(ValidationError, match="Cierre de la consulta debe estar dentro"):
        services.plan_publish_for_consultation(
            version=version, start_date=datetime.date(2030, 12, 20), days=30
        )
    assert not Consultation.objects.exists()
    # The previous year and the vigencia itself are fine.
    consultation = services.plan_publish_for_consultation(
        version=version, start_date=datetime.date(2030, 12, 1), days=15
    )
    assert consultation.end_date == datetime.date(2030, 12, 15)


def test_publish_form_shows_the_consultation_date_error(staff_client, entity, area):
    client = staff_client(Role.PARTICIPATION_LEAD)
    version = _with_activity(PlanVersionFactory(entity=entity, plan__year=2030), entity, area)
    response = client.post(
        reverse("plans:publish", args=[version.pk]), {"start_date": "2999-01-01", "days": "15"}
    )
    assert response.status_code == 200
    assert "Inicio de la consulta debe estar dentro" in response.content.decode()
    version.refresh_from_db()
    assert version.status == PlanStatus.DRAFT


def test_the_plan_matrix_import_refuses_a_date_outside_the_vigencia(
    entity, area, version, make_member
):
    import io

    from openpyxl import load_workbook

    from cabildo.matrices import services as engine
    from cabildo.matrices.models import MatrixImport
    from cabildo.plans import matrix

    user = make_member(Role.PARTICIPATION_LEAD, entity)
    ActivityFactory(entity=entity, version=version, area=area, name="Foro de niñez")
    sheet = load_workbook(io.BytesIO(matrix.export_xlsx(version=version))).active
    sheet["T2"].value = datetime.datetime(2999, 3, 1)
    buffer = io.BytesIO()
    sheet.parent.save(buffer)
    result = engine.matrix_import_prepare(
        entity=entity, kind="plan", target=version.pk, file=buffer.getvalue(), user=user
    )
    assert any(
        e.row == 2
        and e.column.startswith("T ")
        and "Fecha de inicio debe estar dentro de la vigencia 2026" in e.message
        for e in result.errors
    ), result.errors
    assert result.pending is None and MatrixImport.objects.count() == 0
    assert version.activities.get().start_date == datetime.date(YEAR, 3, 1)
