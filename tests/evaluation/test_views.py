"""Staff and public pages of the evaluation app: permissions, forms (bad input saves nothing),
downloads, htmx progress, constant queries and no personal data in public."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from cabildo.accounts.models import Role
from cabildo.evaluation import services
from cabildo.evaluation.models import (
    AccountabilityStage,
    Evaluation,
    GoodPractice,
    Indicator,
    Measurement,
    ReportFile,
    ReportStatus,
)
from cabildo.plans.models import PlannedActivity
from tests.evaluation import scenario
from tests.evaluation.factories import (
    EvaluationFactory,
    GoodPracticeFactory,
    IndicatorFactory,
    MeasurementFactory,
    ReportFileFactory,
)
from tests.plans.factories import ActivityFactory

pytestmark = pytest.mark.django_db

STAFF_PAGES = [
    "evaluation:dashboard",
    "evaluation:matrix",
    "evaluation:evaluation",
    "evaluation:records",
    "evaluation:practice_list",
    "evaluation:report_list",
    "accountability:year",
]


@pytest.mark.parametrize("name", STAFF_PAGES)
@pytest.mark.parametrize(
    "role", [Role.PLANNING_OFFICE, Role.PARTICIPATION_LEAD, Role.INTERNAL_CONTROL, Role.VIEWER]
)
def test_staff_pages_readable_by_readers(staff_client, entity, name, role):
    scenario.build(entity)
    response = staff_client(role).get(reverse(name) + "?anio=2025")
    assert response.status_code == 200


@pytest.mark.parametrize("name", [n for n in STAFF_PAGES if n.startswith("evaluation:")])
def test_area_liaison_cannot_read(staff_client, entity, name):
    assert staff_client(Role.AREA_LIAISON).get(reverse(name)).status_code == 403


def test_dashboard_shows_figures_and_chart_tables(staff_client, entity):
    scenario.build(entity)
    response = staff_client(Role.PLANNING_OFFICE).get(
        reverse("evaluation:dashboard") + "?anio=2025"
    )
    content = response.content.decode()
    assert 'id="tabla-estado-plan"' in content
    assert 'href="#tabla-estado-plan"' in content
    assert 'id="tabla-semaforo"' in content
    assert 'id="tabla-indicadores"' in content
    assert response.context["board"].contributions_unanalysed == 1
    # Each chart is drawn from its table: the canvas names it, the charted cells hold the number.
    for table in ("tabla-estado-plan", "tabla-semaforo", "tabla-indicadores"):
        assert f'data-chart-table="{table}"' in content
    assert "data-value=" in content and "core/js/charts.js" in content
    assert "<style" not in content.split("</head>")[1]


def test_dashboard_figures_link_to_the_records_they_count(staff_client, entity):
    from cabildo.execution.models import ReportStatus
    from tests.execution.factories import ActivityReportFactory

    scenario.build(entity)
    activity = (
        PlannedActivity.objects.for_entity(entity)
        .filter(version__plan__year=2025, report__isnull=True)
        .first()
    )
    ActivityReportFactory(entity=entity, activity=activity, status=ReportStatus.SUBMITTED)
    other_year = ActivityFactory(entity=entity)  # another plan's activity: not in 2025's figure
    ActivityReportFactory(entity=entity, activity=other_year, status=ReportStatus.SUBMITTED)
    client = staff_client(Role.PLANNING_OFFICE)
    response = client.get(reverse("evaluation:dashboard") + "?anio=2025")
    board = response.context["board"]
    content = response.content.decode()
    link = reverse("execution:report_list") + "?estado=enviado&amp;anio=2025"
    assert f'href="{link}"' in content
    listed = client.get(link.replace("&amp;", "&")).context["reports"]
    assert board.reports_pending_review == len(listed) >= 1
    assert all(r.activity.version.plan.year == 2025 for r in listed)
    assert f'href="{reverse("evaluation:records")}?anio=2025"' in content
    assert 'href="#acciones-por-vencer"' in content and 'id="acciones-por-vencer"' in content
    # Singular and plural agree with the figure.
    assert ("reporte enviado pendiente" in content) == (board.reports_pending_review == 1)


def test_evaluation_page_has_the_four_figures(staff_client, entity):
    scenario.build(entity)
    response = staff_client(Role.PLANNING_OFFICE).get(
        reverse("evaluation:evaluation") + "?anio=2025"
    )
    result = response.context["result"]
    assert (result.activities_done, result.groups_involved_count, result.phases_count) == (2, 2, 2)
    content = response.content.decode()
    for slug in ("area", "fase", "procedimiento", "grupo", "canal", "incidencia"):
        assert f'id="tabla-{slug}"' in content
    assert "Diagnóstico de necesidades de las juntas" in content  # the accepted report
    # Each figure links to the records behind it, and the page says how it is counted.
    records = response.context["records_url"]
    assert records.endswith(reverse("evaluation:records").split("/evaluacion/")[1] + "?anio=2025")
    assert f'href="{records}#actividades"' in content
    assert f'href="{records}#grupos"' in content
    assert "Un evento sin asistentes no cuenta." in content


def test_records_page_says_why_each_activity_counts_or_not(staff_client, entity):
    built = scenario.build(entity)
    response = staff_client(Role.INTERNAL_CONTROL).get(reverse("evaluation:records") + "?anio=2025")
    assert response.status_code == 200
    rows = {r.activity.pk: r for r in response.context["records"]}
    a1, a2, a3, a4 = built.activities
    assert rows[a1.pk].held_by_attendance and rows[a1.pk].attended == 3
    assert rows[a2.pk].is_held and rows[a2.pk].sorted_groups == ["Juntas de acción comunal"]
    assert not rows[a3.pk].is_held and rows[a3.pk].events  # started, nobody recorded
    assert rows[a4.pk].cancelled
    content = response.content.decode()
    assert "No: eventos sin asistencia registrada" in content
    assert "No: cancelada" in content
    for event in built.events:
        assert f"/eventos/gestion/{event.pk}/" in content
    groups = dict(response.context["groups"])
    assert set(groups) == {"Jóvenes", "Juntas de acción comunal"}
    assert "Mujeres" not in groups  # registered, never attended


def test_create_indicator(staff_client, entity):
    client = staff_client(Role.PLANNING_OFFICE)
    response = client.post(
        reverse("evaluation:indicator_create"),
        {
            "management_activity": "Caracterizar los grupos de valor",
            "goal": "Caracterizar",
            "unit": "Caracterización",
            "name": "Grupos caracterizados / total",
            "numerator_description": "Grupos caracterizados",
            "denominator_description": "Total de grupos",
            "target": "80",
            "periodicity": "anual",
            "source": "automatica",
            "automatic_key": "grupos_caracterizados",
            "is_active": "on",
            "order": "1",
        },
    )
    indicator = Indicator.objects.get()
    assert response.status_code == 302
    assert indicator.entity == entity and indicator.is_automatic


@pytest.mark.parametrize(
    "overrides",
    [{"name": ""}, {"target": "abc"}, {"source": "automatica", "automatic_key": ""}],
)
def test_create_indicator_bad_input_saves_nothing(staff_client, entity, overrides):
    data = {
        "unit": "Caracterización",
        "name": "Grupos caracterizados / total",
        "numerator_description": "Grupos caracterizados",
        "denominator_description": "Total de grupos",
        "target": "80",
        "periodicity": "anual",
        "source": "manual",
        "order": "1",
        **overrides,
    }
    response = staff_client(Role.PLANNING_OFFICE).post(reverse("evaluation:indicator_create"), data)
    assert response.status_code == 200
    assert Indicator.objects.count() == 0


def test_viewer_cannot_create_indicator(staff_client, entity):
    response = staff_client(Role.VIEWER).post(reverse("evaluation:indicator_create"), {"name": "x"})
    assert response.status_code == 403
    assert Indicator.objects.count() == 0


def test_record_measurement_with_evidence(staff_client, entity):
    indicator = IndicatorFactory(entity=entity)
    client = staff_client(Role.PARTICIPATION_LEAD)
    url = reverse("evaluation:indicator_detail", args=[indicator.pk])
    response = client.post(
        url,
        {
            "year": "2025",
            "period": "1",
            "numerator": "6",
            "denominator": "8",
            "notes": "Según el informe de caracterización",
            "evidence": SimpleUploadedFile("acta.pdf", b"%PDF-1.4 acta", "application/pdf"),
        },
    )
    assert response.status_code == 302
    measurement = Measurement.objects.get()
    assert measurement.value == Decimal("75.00")
    assert measurement.recorded_by == client.user
    download = client.get(reverse("evaluation:measurement_evidence", args=[measurement.pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"%PDF")


@pytest.mark.parametrize(
    "overrides",
    [
        {"numerator": "abc"},
        {"period": "13"},
        {"evidence": SimpleUploadedFile("acta.pdf", b"not really", "application/pdf")},
        {"numerator": "3", "denominator": "0"},
        {"numerator": "80000", "denominator": "8"},  # 1,000,000 %: more than can be recorded
    ],
)
def test_record_measurement_bad_input_saves_nothing(staff_client, entity, overrides):
    indicator = IndicatorFactory(entity=entity)
    data = {"year": "2025", "period": "1", "numerator": "6", "denominator": "8", **overrides}
    response = staff_client(Role.PLANNING_OFFICE).post(
        reverse("evaluation:indicator_detail", args=[indicator.pk]), data
    )
    assert response.status_code == 200
    assert response.context["form"].errors
    assert Measurement.objects.count() == 0


def test_viewer_cannot_record_measurement(staff_client, entity):
    indicator = IndicatorFactory(entity=entity)
    response = staff_client(Role.VIEWER).post(
        reverse("evaluation:indicator_detail", args=[indicator.pk]),
        {"year": "2025", "period": "1", "numerator": "6", "denominator": "8"},
    )
    assert response.status_code == 403
    assert Measurement.objects.count() == 0


def test_replace_measurement_from_the_indicator_page(staff_client, entity):
    indicator = IndicatorFactory(entity=entity)
    client = staff_client(Role.PLANNING_OFFICE)
    url = reverse("evaluation:indicator_detail", args=[indicator.pk])
    data = {"year": "2026", "period": "1", "numerator": "6", "denominator": "8"}
    assert client.post(url, data).status_code == 302
    first = Measurement.objects.get()
    # The "Reemplazar" link opens the form on the period and its values.
    page = client.get(f"{url}?reemplazar={first.pk}")
    assert page.context["form"].initial["numerator"] == Decimal("6")
    assert "Reemplazar una medición" in page.content.decode()
    # Without a reason: refused with the reason field named, nothing stored.
    refused = client.post(f"{url}?reemplazar={first.pk}", {**data, "numerator": "7"})
    assert refused.status_code == 200
    assert "Ya hay una medición de 2026" in refused.context["form"].errors["reason"][0]
    assert Measurement.objects.count() == 1
    # With a reason: a new version, the old one in the history.
    done = client.post(
        f"{url}?reemplazar={first.pk}",
        {**data, "numerator": "7", "reason": "El acta 12 registró un grupo más"},
        follow=True,
    )
    assert "versión 2" in done.content.decode()
    current = Measurement.objects.current().get()
    assert (current.version, current.value) == (2, Decimal("87.50"))
    html = done.content.decode()
    assert "87.50" in html or "87,50" in html
    assert "75.00" not in html and "75,00" not in html  # the page shows the current version
    history = client.get(reverse("evaluation:measurement_history", args=[current.pk]))
    text = history.content.decode()
    assert history.status_code == 200
    assert [v.version for v in history.context["versions"]] == [2, 1]
    assert "El acta 12 registró un grupo más" in text
    assert "Reemplazada" in text and "Vigente" in text
    # The history of the replaced version is the same list.
    old = client.get(reverse("evaluation:measurement_history", args=[first.pk]))
    assert [v.pk for v in old.context["versions"]] == [current.pk, first.pk]


def test_matrix_shows_the_current_version_with_a_link_to_its_history(staff_client, entity):
    old = MeasurementFactory(
        entity=entity, year=2026, is_current=False, numerator=1, value=Decimal("12.50")
    )
    new = MeasurementFactory(
        entity=entity,
        indicator=old.indicator,
        year=2026,
        version=2,
        reason="Corrección del numerador",
        numerator=7,
        value=Decimal("87.50"),
    )
    response = staff_client(Role.VIEWER).get(reverse("evaluation:matrix") + "?anio=2026")
    html = response.content.decode()
    assert "87,50 %" in html and "12,50" not in html
    assert reverse("evaluation:measurement_history", args=[new.pk]) in html
    assert "versión 2" in html
    row = response.context["rows"][0]
    assert row.latest == new


def test_measurement_history_of_another_entity_is_404(staff_client, entity, other_entity):
    foreign = MeasurementFactory(entity=other_entity)
    response = staff_client(Role.PLANNING_OFFICE).get(
        reverse("evaluation:measurement_history", args=[foreign.pk])
    )
    assert response.status_code == 404


def test_open_data_and_evaluation_use_the_current_version(entity):
    from cabildo.evaluation import selectors
    from cabildo.evaluation.datasets import indicator_measurements

    old = MeasurementFactory(entity=entity, year=2026, is_current=False, value=Decimal("10"))
    new = MeasurementFactory(
        entity=entity, indicator=old.indicator, year=2026, version=2, reason="Corrección"
    )
    assert list(indicator_measurements(entity)) == [new]
    matrix = selectors.seguimiento_matrix(entity=entity, year=2026)
    assert [m.pk for m in matrix[0].measurements] == [new.pk]
    board = selectors.dashboard(entity=entity, year=2026)
    assert board.indicators[0].latest == new
    assert list(selectors.measurement_list(indicator=old.indicator)) == [new]


def test_update_indicator_bad_input_changes_nothing(staff_client, entity):
    indicator = IndicatorFactory(entity=entity, name="Original")
    response = staff_client(Role.PLANNING_OFFICE).post(
        reverse("evaluation:indicator_update", args=[indicator.pk]),
        {"name": "Nuevo", "target": "-5", "periodicity": "anual", "source": "manual"},
    )
    assert response.status_code == 200
    indicator.refresh_from_db()
    assert indicator.name == "Original"


def test_compute_view_records_automatic_measurements(staff_client, entity):
    IndicatorFactory(entity=entity, source="automatica", automatic_key="instancias_activas")
    response = staff_client(Role.PLANNING_OFFICE).post(reverse("evaluation:compute"))
    assert response.status_code == 302
    assert Measurement.objects.filter(is_automatic=True).count() == 1
    assert staff_client(Role.VIEWER).post(reverse("evaluation:compute")).status_code == 403


def test_matrix_xlsx_has_seed_002_columns(staff_client, entity):
    MeasurementFactory(entity=entity, year=2026)
    response = staff_client(Role.INTERNAL_CONTROL).get(
        reverse("evaluation:matrix_xlsx") + "?anio=2026"
    )
    assert response.status_code == 200
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[0][:6] == (
        "ACTIVIDADES DE GESTIÓN",
        "META",
        "UNIDAD DE MEDIDA",
        "INDICADOR",
        "RESPONSABLE",
        "PERIODICIDAD",
    )
    assert rows[1][3].startswith("Grupos de valor caracterizados")
    assert rows[1][4] == "Todas las dependencias"
    assert rows[1][11] == 75.0
    assert rows[1][12] == "Por debajo de la meta"


def _count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx)


def test_matrix_page_constant_queries(staff_client, entity):
    client = staff_client(Role.PLANNING_OFFICE)
    url = reverse("evaluation:matrix") + "?anio=2026"
    for _ in range(5):
        MeasurementFactory(entity=entity)
    small = _count(client, url)
    for _ in range(45):
        MeasurementFactory(entity=entity)
    assert _count(client, url) == small


def test_practice_list_constant_queries(staff_client, entity):
    from tests.factories import AreaFactory

    client = staff_client(Role.PLANNING_OFFICE)
    url = reverse("evaluation:practice_list")
    area = AreaFactory(entity=entity)
    GoodPracticeFactory.create_batch(5, entity=entity, area=area)
    small = _count(client, url)
    GoodPracticeFactory.create_batch(45, entity=entity, area=area)
    assert _count(client, url) == small


def _grow(built, n):
    from tests.execution.factories import ContributionFactory, RegistrationFactory

    for i in range(n):
        activity = ActivityFactory(entity=built.version.entity, version=built.version)
        activity.stakeholder_groups.set([built.groups["mujeres"]])
        event = scenario.held_event(activity, scenario.at(4, 1 + i % 27))
        RegistrationFactory(entity=activity.entity, event=event, attended=True)
        ContributionFactory(entity=activity.entity, event=event)


def test_evaluation_page_constant_queries(staff_client, entity):
    client = staff_client(Role.PLANNING_OFFICE)
    url = reverse("evaluation:evaluation") + "?anio=2025"
    built = scenario.build(entity)
    small = _count(client, url)
    _grow(built, 20)
    assert _count(client, url) == small


def test_good_practice_create_and_bad_input(staff_client, entity):
    client = staff_client(Role.PLANNING_OFFICE)
    url = reverse("evaluation:practice_create")
    bad = client.post(url, {"year": "2025", "title": "", "description": "x"})
    assert bad.status_code == 200
    fake = SimpleUploadedFile("foto.png", b"GIF89a not png", "image/png")
    bad_file = client.post(
        url, {"year": "2025", "title": "Mesas", "description": "x", "evidence_upload": fake}
    )
    assert bad_file.status_code == 200
    assert GoodPractice.objects.count() == 0
    ok = client.post(url, {"year": "2025", "title": "Mesas veredales", "description": "Ir."})
    assert ok.status_code == 302
    assert GoodPractice.objects.get().created_by == client.user


def test_evaluation_update_publish_and_bad_input(
    staff_client, entity, django_capture_on_commit_callbacks
):
    scenario.build(entity)
    client = staff_client(Role.PARTICIPATION_LEAD)
    url = reverse("evaluation:evaluation_update") + "?anio=2025"
    response = client.post(url, {"conclusions": "", "publish": "on"})
    assert response.status_code == 200
    assert not Evaluation.objects.filter(is_published=True).exists()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"conclusions": "Resultados positivos.", "publish": "on"})
    assert response.status_code == 302
    assert Evaluation.objects.get().is_published
    assert ReportFile.objects.filter(status=ReportStatus.READY).count() == 2


def test_report_request_progress_and_download(
    staff_client, entity, django_capture_on_commit_callbacks
):
    scenario.build(entity)
    client = staff_client(Role.INTERNAL_CONTROL)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("evaluation:report_list") + "?anio=2025",
            {"format": "xlsx", "audience": "interna"},
        )
    report = ReportFile.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("evaluation:report_detail", args=[report.pk])
    assert report.status == ReportStatus.READY
    page = client.get(response["Location"])
    assert reverse("evaluation:report_download", args=[report.pk]) in page.content.decode()
    download = client.get(reverse("evaluation:report_download", args=[report.pk]))
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment")


def test_report_bad_input_saves_nothing(staff_client, entity):
    scenario.build(entity)
    client = staff_client(Role.PLANNING_OFFICE)
    response = client.post(
        reverse("evaluation:report_list") + "?anio=2025", {"format": "doc", "audience": "interna"}
    )
    assert response.status_code == 200
    response = client.post(
        reverse("evaluation:report_list") + "?anio=2040", {"format": "pdf", "audience": "interna"}
    )
    assert response.status_code == 200
    assert ReportFile.objects.count() == 0


def test_pending_report_polls_with_htmx(staff_client, entity):
    report = ReportFileFactory(
        entity=entity, status=ReportStatus.RUNNING, progress=40, published=False
    )
    client = staff_client(Role.PLANNING_OFFICE)
    url = reverse("evaluation:report_detail", args=[report.pk])
    page = client.get(url).content.decode()
    assert 'hx-trigger="every 2s"' in page
    assert "40 % completado" in page
    fragment = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert fragment.strip().startswith('<div id="estado-informe"')
    assert "<html" not in fragment
    assert client.get(reverse("evaluation:report_download", args=[report.pk])).status_code == 404


def test_stage_assign(staff_client, entity):
    activity = ActivityFactory(entity=entity, is_accountability=True, murc_action="dialogo")
    client = staff_client(Role.PLANNING_OFFICE)
    url = reverse("evaluation:stage_assign", args=[activity.pk])
    assert client.post(url, {"stage": "nada"}).status_code == 200
    assert AccountabilityStage.objects.count() == 0
    assert client.post(url, {"stage": "ejecucion"}).status_code == 302
    assert AccountabilityStage.objects.get().stage == "ejecucion"
    plain = ActivityFactory(entity=entity)
    response = client.post(reverse("evaluation:stage_assign", args=[plain.pk]), {"stage": "diseno"})
    assert response.status_code == 200
    assert AccountabilityStage.objects.count() == 1


def test_new_plan_page_offers_last_good_practices(staff_client, entity):
    GoodPracticeFactory(entity=entity, year=2024, title="Práctica antigua")
    GoodPracticeFactory(entity=entity, year=2025, title="Convocar con las JAC")
    content = staff_client(Role.PARTICIPATION_LEAD).get(reverse("plans:plan_create")).content
    text = content.decode()
    assert "Buenas prácticas de 2025" in text
    assert "Convocar con las JAC" in text
    assert "Práctica antigua" not in text


# Public ----------------------------------------------------------------------------------------


def test_public_results_only_when_published(client, entity):
    scenario.build(entity)
    EvaluationFactory(entity=entity, year=2025, is_published=False)
    response = client.get(reverse("evaluation:public_results"))
    assert response.status_code == 200
    assert response.context["result"] is None
    for evaluation in Evaluation.objects.all():  # save(), as the service does: pages refresh
        evaluation.is_published = True
        evaluation.save()
    response = client.get(reverse("evaluation:public_results"))
    assert response.context["result"].activities_done == 2
    content = response.content.decode()
    assert "Rosa Elena" not in content
    assert "@example.com" not in content
    assert 'id="tabla-grupo"' in content


def test_public_results_constant_queries(client, entity):
    built = scenario.build(entity)
    EvaluationFactory(entity=entity, year=2025, is_published=True)
    client.get(reverse("evaluation:public_results") + "?anio=2019")  # one-time lookups
    small = _count(client, reverse("evaluation:public_results"))
    _grow(built, 20)
    assert _count(client, reverse("evaluation:public_results")) == small


def test_public_report_download(client, entity, django_capture_on_commit_callbacks):
    scenario.build(entity)
    with django_capture_on_commit_callbacks(execute=True):
        services.evaluation_save(entity=entity, year=2025, conclusions="Bien.", publish=True)
    report = ReportFile.objects.get(format="pdf")
    response = client.get(reverse("evaluation:public_report", args=[report.pk]))
    assert response.status_code == 200
    internal = ReportFileFactory(entity=entity, year=2025, audience="interna")
    assert client.get(reverse("evaluation:public_report", args=[internal.pk])).status_code == 404
    Evaluation.objects.update(is_published=False)
    assert client.get(reverse("evaluation:public_report", args=[report.pk])).status_code == 404


def test_open_datasets_have_no_personal_data(entity):
    from cabildo.evaluation.datasets import DATASETS, evaluation_figures, indicator_measurements

    scenario.build(entity)
    EvaluationFactory(entity=entity, year=2025, is_published=True)
    MeasurementFactory(entity=entity)
    rows = evaluation_figures(entity)
    assert {
        "year": 2025,
        "breakdown": "Por canal",
        "category": "Virtual",
        "planned": 1,
        "done": 1,
    } in rows
    serializer = DATASETS[0].serializer_class(indicator_measurements(entity), many=True)
    assert serializer.data[0]["value"] == "75.00"
    assert "recorded_by" not in serializer.data[0]
    assert evaluation_figures(None) == []


def test_report_list_constant_queries(staff_client, entity):
    client = staff_client(Role.PLANNING_OFFICE)
    url = reverse("evaluation:report_list") + "?anio=2026"
    ReportFileFactory.create_batch(5, entity=entity, requested_by=client.user)
    small = _count(client, url)
    ReportFileFactory.create_batch(45, entity=entity, requested_by=client.user)
    assert _count(client, url) == small


def test_indicator_detail_constant_queries(staff_client, entity):
    client = staff_client(Role.PLANNING_OFFICE)
    indicator = IndicatorFactory(entity=entity, periodicity="mensual")
    url = reverse("evaluation:indicator_detail", args=[indicator.pk])
    for period in range(1, 6):
        MeasurementFactory(
            entity=entity, indicator=indicator, period=period, recorded_by=client.user
        )
    small = _count(client, url)
    for period in range(6, 13):
        MeasurementFactory(
            entity=entity, indicator=indicator, period=period, recorded_by=client.user
        )
    for period in range(1, 13):
        MeasurementFactory(
            entity=entity, indicator=indicator, year=2025, period=period, recorded_by=client.user
        )
    assert _count(client, url) == small


# The vigencia in force by default (issue 18) ----------------------------------------------------

YEAR_PAGES = [
    "evaluation:dashboard",
    "evaluation:matrix",
    "evaluation:evaluation",
    "evaluation:records",
    "accountability:year",
    "evaluation:report_list",
]


@pytest.mark.parametrize("url_name", YEAR_PAGES)
def test_year_pages_open_on_the_plan_in_force(staff_client, entity, url_name):
    from django.utils import timezone

    from cabildo.plans.models import PlanStatus
    from tests.plans.factories import PlanVersionFactory

    this_year = timezone.localdate().year
    PlanVersionFactory(entity=entity, plan__year=2019, status=PlanStatus.CLOSED)
    PlanVersionFactory(entity=entity, plan__year=this_year, status=PlanStatus.IN_EXECUTION)
    PlanVersionFactory(entity=entity, plan__year=this_year + 1, status=PlanStatus.DRAFT)
    client = staff_client(Role.INTERNAL_CONTROL)
    response = client.get(reverse(url_name))
    assert response.context["year"] == this_year
    assert response.context["years"] == [this_year + 1, this_year, 2019]
    html = response.content.decode()
    assert f'<option value="{this_year}" selected>' in html  # the year selector
    # The selector changes the year; nonsense falls back to the year in force.
    assert client.get(reverse(url_name) + "?anio=2019").context["year"] == 2019
    for bad in ("abc", "1800", "-1", "2019'"):
        assert client.get(reverse(url_name), {"anio": bad}).context["year"] == this_year


def test_year_pages_fall_back_to_the_latest_approved_plan(staff_client, entity):
    from django.utils import timezone

    from cabildo.plans.models import PlanStatus
    from tests.plans.factories import PlanVersionFactory

    this_year = timezone.localdate().year
    PlanVersionFactory(entity=entity, plan__year=this_year - 2, status=PlanStatus.EVALUATED)
    PlanVersionFactory(entity=entity, plan__year=this_year, status=PlanStatus.DRAFT)
    response = staff_client(Role.PLANNING_OFFICE).get(reverse("evaluation:evaluation"))
    assert response.context["year"] == this_year - 2


def test_public_results_open_on_the_latest_published_year_up_to_the_plan_in_force(client, entity):
    from django.utils import timezone

    from cabildo.plans.models import PlanStatus
    from tests.plans.factories import PlanVersionFactory

    this_year = timezone.localdate().year
    for year in (this_year - 2, this_year - 1):
        PlanVersionFactory(entity=entity, plan__year=year, status=PlanStatus.EVALUATED)
        EvaluationFactory(entity=entity, year=year, is_published=True)
    PlanVersionFactory(entity=entity, plan__year=this_year, status=PlanStatus.IN_EXECUTION)
    # A later year published by mistake does not move the default.
    EvaluationFactory(entity=entity, year=this_year + 3, is_published=True)
    response = client.get(reverse("evaluation:public_results"))
    assert response.context["year"] == this_year - 1
    assert response.context["years"] == [this_year + 3, this_year - 1, this_year - 2]


def test_indicator_form_offers_only_activities_in_force(staff_client, entity):
    from cabildo.plans.models import PlanStatus

    current = ActivityFactory(entity=entity, version__status=PlanStatus.IN_EXECUTION)
    ActivityFactory(entity=entity, version__status=PlanStatus.CLOSED, version__plan__year=2019)
    ActivityFactory(entity=entity, version__status=PlanStatus.DRAFT, version__plan__year=2030)
    form = staff_client(Role.PLANNING_OFFICE).get(reverse("evaluation:indicator_create"))
    field = form.context["form"].fields["activity"]
    assert list(field.queryset) == [current]
    assert field.label_from_instance(current).endswith(
        f"(plan {current.version.plan.year}, versión 1)"
    )
    # An indicator linked to an activity of a closed plan keeps it when edited.
    old = ActivityFactory(
        entity=entity, version__status=PlanStatus.CLOSED, version__plan__year=2018
    )
    indicator = IndicatorFactory(entity=entity, activity=old)
    edit = staff_client(Role.PLANNING_OFFICE).get(
        reverse("evaluation:indicator_update", args=[indicator.pk])
    )
    assert set(edit.context["form"].fields["activity"].queryset) == {current, old}
