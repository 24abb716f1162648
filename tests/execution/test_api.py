"""API of the execution app: public events and reports, staff lists with rules permissions."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cabildo.accounts.models import Role
from cabildo.execution.models import ReportStatus
from tests.execution.factories import (
    ActivityReportFactory,
    CommitmentFactory,
    ContributionFactory,
    EventFactory,
)

pytestmark = pytest.mark.django_db

BASE = "/api/v1/execution/"


def test_public_events_only_published_of_the_entity(client, entity, other_entity):
    EventFactory(entity=entity, title="Publicado A")
    EventFactory(entity=entity, title="Borrador A", is_published=False)
    EventFactory(entity=other_entity, title="Publicado B")
    data = client.get(BASE + "events/?entidad=entidad-a").json()
    assert [e["title"] for e in data["results"]] == ["Publicado A"]


def test_public_reports_only_accepted_without_personal_data(client, entity):
    accepted = ActivityReportFactory(entity=entity, figures={"participants": {"attended": 7}})
    ActivityReportFactory(entity=entity, status=ReportStatus.SUBMITTED)
    data = client.get(BASE + "reports/?entidad=entidad-a").json()
    assert [r["id"] for r in data["results"]] == [accepted.pk]
    detail = client.get(BASE + f"reports/{accepted.pk}/?entidad=entidad-a").json()
    assert detail["figures"]["participants"]["attended"] == 7
    assert "submitted_by" not in detail


def test_staff_lists_need_a_role(client, staff_client, entity):
    for name in ("events", "contributions", "commitments", "reports"):
        assert client.get(BASE + f"staff/{name}/?entidad=entidad-a").status_code == 403
    viewer = staff_client(Role.VIEWER)
    assert viewer.get(BASE + "staff/reports/").status_code == 403


def test_staff_lists_for_planning(staff_client, entity):
    client = staff_client(Role.PLANNING_OFFICE)
    event = EventFactory(entity=entity)
    ContributionFactory(entity=entity, event=event, author_name="Nombre Privado")
    CommitmentFactory(entity=entity, event=event)
    ActivityReportFactory(entity=entity, status=ReportStatus.SUBMITTED)
    assert client.get(BASE + "staff/events/").json()["results"][0]["confirmed"] == 0
    contributions = client.get(BASE + f"staff/contributions/?event={event.pk}").json()
    assert len(contributions["results"]) == 1
    assert "Nombre Privado" not in str(contributions)
    assert client.get(BASE + "staff/commitments/").json()["results"][0]["status"] == "pendiente"
    reports = client.get(BASE + "staff/reports/?status=enviado").json()
    assert reports["results"][0]["status_label"] == "Enviado a planeación"


@pytest.mark.parametrize(
    ("url", "field"),
    [
        ("staff/reports/?status=otro", "status"),
        ("staff/contributions/?event=x", "event"),
        ("staff/contributions/?unanalysed=abc", "unanalysed"),
        ("staff/commitments/?overdue=2", "overdue"),
    ],
)
def test_bad_filters_are_refused(staff_client, entity, url, field):
    client = staff_client(Role.PARTICIPATION_LEAD)
    response = client.get(BASE + url)
    assert response.status_code == 400
    assert field in response.json()["errors"]


def test_staff_report_list_constant_queries(staff_client, entity):
    client = staff_client(Role.PARTICIPATION_LEAD)
    ActivityReportFactory.create_batch(5, entity=entity)

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(BASE + "staff/reports/").status_code == 200
        return len(ctx)

    few = count()
    ActivityReportFactory.create_batch(40, entity=entity)
    assert count() == few


def test_staff_lists_filter_as_the_html_lists(staff_client, entity):
    """The API's ``unanalysed`` and ``overdue`` are the HTML lists' ``sin_analizar`` and
    ``vencidos``: one FilterSet, the same rows."""
    client = staff_client(Role.PARTICIPATION_LEAD)
    pending = ContributionFactory(entity=entity)
    ContributionFactory(entity=entity, viability="viable", justification="Sí")
    today = timezone.localdate()
    late = CommitmentFactory(entity=entity, due_date=today - datetime.timedelta(days=2))
    CommitmentFactory(entity=entity, due_date=today + datetime.timedelta(days=20))
    for url, param, page_url, page_param, row, context in (
        (
            "contributions",
            "unanalysed",
            "execution:contribution_list",
            "sin_analizar",
            pending,
            "contributions",
        ),
        ("commitments", "overdue", "execution:commitment_list", "vencidos", late, "commitments"),
    ):
        api = client.get(BASE + f"staff/{url}/", {param: "true"}).json()["results"]
        page = client.get(reverse(page_url), {page_param: "1"}).context[context]
        assert [r["id"] for r in api] == [c.pk for c in page] == [row.pk]
        assert len(client.get(BASE + f"staff/{url}/", {param: "false"}).json()["results"]) == 2
