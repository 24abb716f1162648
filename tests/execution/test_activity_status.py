"""Execution status of planned activities on the cronograma, and cancelling an activity."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cabildo.accounts.models import Role
from cabildo.execution.models import ActivityCancellation, ConvocationStatus, ReportStatus
from cabildo.execution.services.activity_cancellations import activity_cancel
from cabildo.plans import selectors as plan_selectors
from tests.execution.factories import (
    ActivityReportFactory,
    ConvocationFactory,
    EventFactory,
    RegistrationFactory,
)
from tests.plans.factories import ActivityFactory, PlanVersionFactory

pytestmark = pytest.mark.django_db


def _statuses(version) -> dict[str, str]:
    rows = plan_selectors.cronograma(version=version)["status_rows"]
    return {a.name: str(a.execution_status_label) for a in rows}


def test_cronograma_derives_each_status(entity):
    version = PlanVersionFactory(entity=entity)
    ActivityFactory(entity=entity, version=version, name="Programada")
    convened = ActivityFactory(entity=entity, version=version, name="Convocada")
    ConvocationFactory(entity=entity, activity=convened, status=ConvocationStatus.SENT)
    done = ActivityFactory(entity=entity, version=version, name="Realizada")
    past = timezone.now() - datetime.timedelta(days=3)
    held = EventFactory(
        entity=entity, activity=done, starts_at=past, ends_at=past + datetime.timedelta(hours=2)
    )
    RegistrationFactory(entity=entity, event=held, attended=True)
    # An event that started with nobody's attendance recorded does not make it held.
    empty = ActivityFactory(entity=entity, version=version, name="Sin asistencia")
    EventFactory(
        entity=entity, activity=empty, starts_at=past, ends_at=past + datetime.timedelta(hours=2)
    )
    reported = ActivityFactory(entity=entity, version=version, name="Reportada")
    ActivityReportFactory(entity=entity, activity=reported, status=ReportStatus.SUBMITTED)
    cancelled = ActivityFactory(entity=entity, version=version, name="Cancelada")
    activity_cancel(activity=cancelled, reason="Emergencia invernal")
    assert _statuses(version) == {
        "Programada": "Programada",
        "Convocada": "Convocada",
        "Realizada": "Realizada",
        "Sin asistencia": "Convocada",
        "Reportada": "Reportada",
        "Cancelada": "Cancelada",
    }


def test_cancel_with_reason_shows_on_the_cronograma_and_can_be_undone(staff_client, entity):
    client = staff_client(Role.PARTICIPATION_LEAD)
    activity = ActivityFactory(entity=entity, name="Mesa rural")
    url = reverse("execution:activity_cancel", args=[activity.pk])
    response = client.post(url, {"reason": "   "})
    assert response.status_code == 200
    assert not ActivityCancellation.objects.exists()
    response = client.post(url, {"reason": "La vía a la vereda está cerrada."})
    assert response["Location"] == reverse("plans:cronograma", args=[activity.version_id])
    page = client.get(response["Location"]).content.decode()
    assert "Cancelada</strong>: La vía a la vereda está cerrada." in page
    assert "Deshacer la cancelación" in page
    client.post(reverse("execution:activity_uncancel", args=[activity.pk]))
    assert not ActivityCancellation.objects.exists()
    page = client.get(response["Location"]).content.decode()
    assert "<strong>Programada</strong>" in page


def test_reported_activity_cannot_be_cancelled(entity):
    activity = ActivityFactory(entity=entity)
    ActivityReportFactory(entity=entity, activity=activity, status=ReportStatus.ACCEPTED)
    with pytest.raises(ValidationError):
        activity_cancel(activity=activity, reason="Ya no")
    assert not ActivityCancellation.objects.exists()


def test_liaison_of_another_area_cannot_cancel(staff_client, entity):
    client = staff_client(Role.AREA_LIAISON)
    activity = ActivityFactory(entity=entity)
    url = reverse("execution:activity_cancel", args=[activity.pk])
    assert client.post(url, {"reason": "No"}).status_code == 403
    assert not ActivityCancellation.objects.exists()


def test_cronograma_page_constant_queries(staff_client, entity):
    client = staff_client(Role.PARTICIPATION_LEAD)
    version = PlanVersionFactory(entity=entity)
    area = ActivityFactory(entity=entity, version=version).area

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(reverse("plans:cronograma", args=[version.pk]))
            assert response.status_code == 200
        return len(ctx)

    for _n in range(4):
        activity = ActivityFactory(entity=entity, version=version, area=area)
        ActivityReportFactory(entity=entity, activity=activity)
    few = count()
    for n in range(45):
        activity = ActivityFactory(entity=entity, version=version, area=area)
        if n % 3 == 0:
            activity_cancel(activity=activity, reason="Sin presupuesto")
        elif n % 3 == 1:
            ActivityReportFactory(entity=entity, activity=activity)
    assert count() == few
