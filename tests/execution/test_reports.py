"""The standard internal report of an activity: figures, states, review by planning, public page
and PDF."""

from __future__ import annotations

import datetime
import json
import re
import shutil
import subprocess

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cabildo.accounts.models import Role
from cabildo.execution.models import (
    ActivityReport,
    CommitmentStatus,
    ContributionKind,
    ConvocationStatus,
    ReportStatus,
)
from cabildo.execution.selectors.reports import report_figures, report_view_figures
from cabildo.execution.services.activity_cancellations import activity_cancel
from cabildo.execution.services.reports import (
    report_accept,
    report_return,
    report_start,
    report_submit,
    report_update,
)
from cabildo.stakeholders.models import StakeholderGroup
from cabildo.territories.models import Territory
from tests.execution.factories import (
    ActivityReportFactory,
    CommitmentFactory,
    ContributionFactory,
    ConvocationFactory,
    EventFactory,
    RegistrationFactory,
)
from tests.plans.factories import ActivityFactory, StakeholderGroupFactory
from tests.territories.factories import TerritoryFactory

pytestmark = pytest.mark.django_db


def _past(days: int) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(days=days)


def build_activity(entity, area, *, events: int = 1, people: int = 3, contributions: int = 2):
    """An executed activity: past events with attendance, contributions, commitments."""
    activity = ActivityFactory(
        entity=entity,
        area=area,
        name="Encuentro de instancias de participación",
        goal="Un encuentro anual con las instancias",
        unit="Encuentro realizado",
        indicator="Número de encuentros realizados",
    )
    group = StakeholderGroup.objects.filter(entity=entity, name="Juntas de acción comunal").first()
    group = group or StakeholderGroupFactory(entity=entity, name="Juntas de acción comunal")
    territory = TerritoryFactory(entity=entity)
    for n in range(events):
        event = EventFactory(
            entity=entity,
            activity=activity,
            title=f"Primer Encuentro de Instancias {n}",
            starts_at=_past(10 + n),
            ends_at=_past(10 + n) + datetime.timedelta(hours=4),
        )
        for i in range(people):
            RegistrationFactory(
                entity=entity,
                event=event,
                name=f"Ciudadana Secreta {n}-{i}",
                email=f"secreta{n}-{i}@correo.test",
                stakeholder_group=group,
                territory=territory if i % 2 == 0 else None,
                attended=i < people - 1,
            )
        for i in range(contributions):
            ContributionFactory(
                entity=entity,
                event=event,
                kind=ContributionKind.RECOMMENDATION,
                text=f"Ampliar la convocatoria a las veredas {n}-{i}",
                author_name="Autor Privado",
                stakeholder_group=group,
                viability="viable" if i == 0 else "",
                justification="Se incluye en el plan de acción." if i == 0 else "",
            )
        CommitmentFactory(
            entity=entity, event=event, responsible_area=area, status=CommitmentStatus.DONE
        )
    ConvocationFactory(entity=entity, activity=activity, status=ConvocationStatus.SENT, reach=120)
    return activity


def territory_name(entity) -> str:
    return Territory.objects.get(entity=entity).name


def test_figures_count_events_people_contributions_and_commitments(entity, area):
    activity = build_activity(entity, area, events=2, people=4)
    figures = report_figures(activity)
    assert figures["activity"]["indicator"] == "Número de encuentros realizados"
    assert len(figures["events"]) == 2
    assert figures["participants"]["registered"] == 8
    assert figures["participants"]["attended"] == 6
    assert figures["participants"]["by_group"] == [
        {"label": "Juntas de acción comunal", "total": 6}
    ]
    assert {"label": territory_name(entity), "total": 4} in figures["participants"]["by_territory"]
    assert figures["contributions"]["total"] == 4
    assert figures["contributions"]["analysed"] == 2
    assert figures["commitments"] == {**figures["commitments"], "total": 2, "done": 2}
    assert figures["convocation"]["reach"] == 120


def test_figures_hold_no_personal_data(entity, area):
    figures = report_figures(build_activity(entity, area))
    text = json.dumps(figures, ensure_ascii=False)
    assert "Ciudadana Secreta" not in text
    assert "@correo.test" not in text
    assert "Autor Privado" not in text


def test_figures_use_a_constant_number_of_queries(entity, area):
    small = build_activity(entity, area, events=1, people=2, contributions=1)
    big = build_activity(entity, area, events=6, people=10, contributions=5)
    with CaptureQueriesContext(connection) as few:
        report_figures(small)
    with CaptureQueriesContext(connection) as many:
        report_figures(big)
    assert len(few) == len(many) <= 8


def test_start_report_prefills_activities_done(entity, area):
    activity = build_activity(entity, area)
    report = report_start(activity=activity)
    assert "Primer Encuentro de Instancias 0" in report.activities_done
    assert "asistentes, 2; inscritos, 3" in report.activities_done
    assert report_start(activity=activity) == report
    assert ActivityReport.objects.count() == 1


def test_cancelled_activity_has_no_report(entity, area):
    activity = ActivityFactory(entity=entity, area=area)
    activity_cancel(activity=activity, reason="Sin presupuesto")
    with pytest.raises(ValidationError):
        report_start(activity=activity)
    assert not ActivityReport.objects.exists()


def test_submit_requires_results_and_changes_nothing(entity, area, make_member):
    lead = make_member(Role.PARTICIPATION_LEAD, entity)
    report = report_start(activity=build_activity(entity, area))
    with pytest.raises(ValidationError) as exc:
        report_submit(report=report, user=lead)
    assert "results" in exc.value.message_dict
    report.refresh_from_db()
    assert report.status == ReportStatus.DRAFT
    assert report.figures == {}


def test_submit_freezes_figures_and_tells_planning(
    entity, area, make_member, django_capture_on_commit_callbacks
):
    lead = make_member(Role.PARTICIPATION_LEAD, entity)
    planner = make_member(Role.PLANNING_OFFICE, entity)
    activity = build_activity(entity, area)
    report = report_start(activity=activity)
    report_update(
        report=report, activities_done=report.activities_done, results="Se cumplió la meta."
    )
    with django_capture_on_commit_callbacks(execute=True):
        report = report_submit(report=report, user=lead)
    assert report.status == ReportStatus.SUBMITTED
    assert report.figures["participants"]["attended"] == 2
    assert [m.to for m in mail.outbox] == [[planner.email]]
    assert "Reporte enviado a planeación" in mail.outbox[0].subject
    # Later data does not change the frozen figures.
    RegistrationFactory(entity=entity, event=activity.events.first(), attended=True)
    report.refresh_from_db()
    assert report_view_figures(report)["participants"]["attended"] == 2
    with pytest.raises(ValidationError):
        report_update(report=report, activities_done="x", results="y")


def _submitted(entity, area, lead):
    report = ActivityReportFactory(
        entity=entity, activity=build_activity(entity, area), status=ReportStatus.DRAFT
    )
    return report_submit(report=report, user=lead)


def test_only_planning_reviews(entity, area, make_member):
    lead = make_member(Role.PARTICIPATION_LEAD, entity)
    report = _submitted(entity, area, lead)
    with pytest.raises(ValidationError):
        report_accept(report=report, user=lead)
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED


def test_return_needs_notes_then_author_edits_and_resubmits(
    entity, area, make_member, django_capture_on_commit_callbacks
):
    lead = make_member(Role.PARTICIPATION_LEAD, entity)
    planner = make_member(Role.PLANNING_OFFICE, entity)
    report = _submitted(entity, area, lead)
    with pytest.raises(ValidationError):
        report_return(report=report, user=planner, notes="  ")
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED
    with django_capture_on_commit_callbacks(execute=True):
        report_return(report=report, user=planner, notes="Falta el indicador.")
    assert mail.outbox[-1].to == [lead.email]
    assert "Falta el indicador." in mail.outbox[-1].body
    report = report_update(
        report=report, activities_done="Encuentro", results="Indicador: 1 encuentro."
    )
    report = report_submit(report=report, user=lead)
    assert report.status == ReportStatus.SUBMITTED
    with django_capture_on_commit_callbacks(execute=True):
        report = report_accept(report=report, user=planner)
    assert report.status == ReportStatus.ACCEPTED
    assert "Reporte aceptado" in mail.outbox[-1].subject
    with pytest.raises(ValidationError):
        report_accept(report=report, user=planner)


# Views -----------------------------------------------------------------------------------------


def test_report_list_filters_by_status_with_constant_queries(staff_client, entity):
    client = staff_client(Role.PLANNING_OFFICE)
    ActivityReportFactory(entity=entity, status=ReportStatus.SUBMITTED, activity__name="Uno A")
    ActivityReportFactory(entity=entity, activity__name="Borrador B", status=ReportStatus.DRAFT)
    response = client.get(reverse("execution:report_list") + "?estado=enviado")
    assert "Uno A" in response.content.decode()
    assert "Borrador B" not in response.content.decode()

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("execution:report_list")).status_code == 200
        return len(ctx)

    few = count()
    ActivityReportFactory.create_batch(20, entity=entity, submitted_by=client.user)
    assert count() == few


def test_liaison_writes_and_submits_from_the_cronograma(staff_client, entity, area):
    client = staff_client(Role.AREA_LIAISON, area=area)
    activity = build_activity(entity, area)
    response = client.post(reverse("execution:report_start", args=[activity.pk]))
    report = ActivityReport.objects.get()
    assert response["Location"] == reverse("execution:report_detail", args=[report.pk])
    url = reverse("execution:report_update", args=[report.pk])
    response = client.post(url, {"activities_done": "Encuentro", "results": "", "enviar": "1"})
    assert response.status_code == 200
    assert "Describa los resultados" in response.content.decode()
    report.refresh_from_db()
    assert report.status == ReportStatus.DRAFT and report.activities_done != "Encuentro"
    response = client.post(
        url, {"activities_done": "Encuentro", "results": "Meta cumplida", "enviar": "1"}
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED


def test_liaison_of_another_area_cannot_edit(staff_client, entity, area):
    client = staff_client(Role.AREA_LIAISON)
    report = ActivityReportFactory(
        entity=entity, activity=ActivityFactory(entity=entity, area=area)
    )
    url = reverse("execution:report_update", args=[report.pk])
    assert client.post(url, {"activities_done": "x", "results": "y"}).status_code == 403
    report.refresh_from_db()
    assert report.activities_done != "x"


def test_planning_reviews_through_the_page(staff_client, entity, area, make_member):
    lead = make_member(Role.PARTICIPATION_LEAD, entity)
    report = _submitted(entity, area, lead)
    client = staff_client(Role.PLANNING_OFFICE)
    detail = client.get(reverse("execution:report_detail", args=[report.pk])).content.decode()
    assert "Registrar la revisión" in detail
    url = reverse("execution:report_review", args=[report.pk])
    response = client.post(url, {"decision": "devolver", "notes": ""})
    assert "Escriba las observaciones" in response.content.decode()
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED
    client.post(url, {"decision": "aceptar", "notes": ""})
    report.refresh_from_db()
    assert report.status == ReportStatus.ACCEPTED


def test_public_report_pages(client, entity, area, make_member):
    lead = make_member(Role.PARTICIPATION_LEAD, entity)
    planner = make_member(Role.PLANNING_OFFICE, entity)
    report = _submitted(entity, area, lead)
    public = reverse("execution:public_report_detail", args=[report.pk])
    assert client.get(public).status_code == 404
    assert client.get(reverse("execution:public_report_pdf", args=[report.pk])).status_code == 404
    report_accept(report=report, user=planner)
    page = client.get(public).content.decode()
    assert "Encuentro de instancias de participación" in page
    assert "Ampliar la convocatoria a las veredas" in page
    assert "Ciudadana Secreta" not in page and "Autor Privado" not in page
    assert "@correo.test" not in page
    listing = client.get(reverse("execution:public_report_list")).content.decode()
    assert reverse("execution:public_report_detail", args=[report.pk]) in listing


def test_public_report_shows_its_frozen_labels_in_the_readers_language(
    client, entity, area, make_member
):
    """The figures are frozen in Spanish (the record); an English reader sees the catalogue's
    English for each label: contribution kind, modality, commitment status."""
    lead = make_member(Role.PARTICIPATION_LEAD, entity)
    report = _submitted(entity, area, lead)
    report_accept(report=report, user=make_member(Role.PLANNING_OFFICE, entity))
    assert report.figures["commitments"]["items"][0]["status"] == "Cumplido"
    public = reverse("execution:public_report_detail", args=[report.pk])
    english = client.get(public, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    rows = re.findall(r"<tr>(.*?)</tr>", english, re.S)
    event_row = next(r for r in rows if "Primer Encuentro de Instancias 0" in r)
    commitment_row = next(r for r in rows if report.activity.area.name in r and "/20" in r)
    assert "<td>In person</td>" in event_row, event_row
    assert "<td>Done</td>" in commitment_row, commitment_row
    assert "Cumplido" not in english and "Presencial" not in english
    spanish = client.get(public, HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert "<td>Presencial</td>" in spanish and "<td>Cumplido" in spanish


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils")
def test_report_pdf_has_header_figures_and_page_numbers(
    client, entity, area, make_member, tmp_path
):
    lead = make_member(Role.PARTICIPATION_LEAD, entity)
    planner = make_member(Role.PLANNING_OFFICE, entity)
    report = _submitted(entity, area, lead)
    report_accept(report=report, user=planner)
    response = client.get(reverse("execution:public_report_pdf", args=[report.pk]))
    assert response["Content-Type"] == "application/pdf"
    pdftotext = shutil.which("pdftotext")
    assert pdftotext is not None
    text = subprocess.run(  # noqa: S603 — a fixed local tool on a PDF we just generated
        [pdftotext, "-layout", "-", "-"],
        input=response.content,
        capture_output=True,
        check=True,
    ).stdout.decode()
    assert entity.name in text
    assert "Número de encuentros realizados" in text
    assert "Juntas de acción comunal" in text
    assert "Página 1 de" in text
    assert "Ciudadana Secreta" not in text


def test_no_report_is_sent_before_any_event_of_the_activity_starts(entity, make_member):
    from cabildo.execution.models import ActivityReport

    lead = make_member(Role.PARTICIPATION_LEAD, entity)
    event = EventFactory(entity=entity)  # in ten days
    report = report_start(activity=event.activity)
    report = report_update(
        report=report,
        activities_done="Encuentro con las instancias",
        results="Se recogieron propuestas",
        lessons_learned="Convocar antes",
    )
    with pytest.raises(ValidationError, match="Ningún evento de la actividad ha empezado"):
        report_submit(report=report, user=lead, notify=False)
    assert ActivityReport.objects.get().status == ReportStatus.DRAFT
