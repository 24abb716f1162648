from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cabildo.accounts.models import Role
from tests.execution.factories import CommitmentFactory, ContributionFactory, EventFactory
from tests.plans.factories import ActivityFactory

pytestmark = pytest.mark.django_db


def _days(n: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=n)


@pytest.fixture
def past_event(entity, area):
    event = EventFactory(
        entity=entity,
        activity=ActivityFactory(entity=entity, area=area),
        starts_at=timezone.now() - datetime.timedelta(days=20),
        ends_at=timezone.now() - datetime.timedelta(days=20) + datetime.timedelta(hours=2),
    )
    return event


def test_lead_sees_pending_contributions_and_due_commitments(staff_client, entity, past_event):
    ContributionFactory(entity=entity, event=past_event, text="Aporte pendiente Z")
    ContributionFactory(
        entity=entity,
        event=past_event,
        text="Aporte listo Z",
        viability="viable",
        justification="Sí",
    )
    CommitmentFactory(entity=entity, event=past_event, description="Atrasado Z", due_date=_days(-1))
    CommitmentFactory(entity=entity, event=past_event, description="Pronto Z", due_date=_days(3))
    CommitmentFactory(entity=entity, event=past_event, description="Lejano Z", due_date=_days(60))
    CommitmentFactory(
        entity=entity,
        event=past_event,
        description="Hecho Z",
        due_date=_days(-5),
        status="cumplido",
        follow_up="01/01/2026: listo",
    )
    page = staff_client(Role.PARTICIPATION_LEAD).get(reverse("accounts:desk")).content.decode()
    assert "Aportes de eventos por analizar" in page
    assert "Aporte pendiente Z" in page
    assert "Aporte listo Z" not in page
    assert "Atrasado Z" in page
    assert "Vencido" in page
    assert "Pronto Z" in page
    assert "Por vencer" in page
    assert "Lejano Z" not in page
    assert "Hecho Z" not in page


def test_liaison_sees_only_their_area(staff_client, entity, area, past_event):
    ContributionFactory(entity=entity, event=past_event, text="Mi aporte Z")
    ContributionFactory(entity=entity, text="Aporte ajeno Z")
    CommitmentFactory(
        entity=entity,
        event=past_event,
        responsible_area=area,
        description="Mío Z",
        due_date=_days(-1),
    )
    CommitmentFactory(entity=entity, event=past_event, description="Ajeno Z", due_date=_days(-1))
    page = staff_client(Role.AREA_LIAISON, area=area).get(reverse("accounts:desk")).content.decode()
    assert "Mi aporte Z" in page
    assert "Aporte ajeno Z" not in page
    assert "Mío Z" in page
    assert "Ajeno Z" not in page


def test_readers_get_no_section(staff_client, entity, past_event):
    ContributionFactory(entity=entity, event=past_event, text="Aporte pendiente Z")
    page = staff_client(Role.PLANNING_OFFICE).get(reverse("accounts:desk")).content.decode()
    assert "Aportes de eventos por analizar" not in page
    assert "Aporte pendiente Z" not in page


def test_desk_constant_queries(staff_client, entity, past_event):
    client = staff_client(Role.PARTICIPATION_LEAD)

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("accounts:desk")).status_code == 200
        return len(ctx.captured_queries)

    ContributionFactory.create_batch(2, entity=entity)
    CommitmentFactory.create_batch(2, entity=entity, event=past_event, due_date=_days(-1))
    few = count()
    ContributionFactory.create_batch(7, entity=entity)
    CommitmentFactory.create_batch(7, entity=entity, event=past_event, due_date=_days(-1))
    assert count() == few


def test_planning_sees_reports_to_review(staff_client, entity):
    from cabildo.execution.models import ReportStatus
    from tests.execution.factories import ActivityReportFactory

    ActivityReportFactory(entity=entity, status=ReportStatus.SUBMITTED, activity__name="Mesa Z1")
    ActivityReportFactory(entity=entity, status=ReportStatus.DRAFT, activity__name="Mesa Z2")
    client = staff_client(Role.PLANNING_OFFICE)
    page = client.get(reverse("accounts:desk")).content.decode()
    assert "Reportes de actividades por revisar" in page
    assert "Mesa Z1" in page and "Mesa Z2" not in page


def test_liaison_sees_returned_reports_of_their_area(staff_client, entity, area):
    from cabildo.execution.models import ReportStatus
    from tests.execution.factories import ActivityReportFactory

    ActivityReportFactory(
        entity=entity,
        status=ReportStatus.RETURNED,
        review_notes="Falta el indicador",
        activity=ActivityFactory(entity=entity, area=area, name="Mesa propia"),
    )
    ActivityReportFactory(
        entity=entity,
        status=ReportStatus.RETURNED,
        review_notes="Falta el indicador",
        activity__name="Mesa ajena",
    )
    page = staff_client(Role.AREA_LIAISON, area=area).get(reverse("accounts:desk"))
    html = page.content.decode()
    assert "Reportes devueltos por planeación" in html
    assert "Mesa propia" in html and "Mesa ajena" not in html
