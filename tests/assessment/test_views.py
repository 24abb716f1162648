import re
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from cabildo.accounts.models import Role
from cabildo.assessment.models import (
    ActionStatus,
    ActivityScore,
    AssessmentState,
    EffectivenessReview,
    FuragResult,
    ImprovementPlan,
    SelfAssessment,
)
from tests.assessment.factories import (
    ImprovementActionFactory,
    SelfAssessmentFactory,
    scored_assessment,
)

pytestmark = pytest.mark.django_db


def _score_fields(assessment, values):
    acts = list(assessment.catalogue_version.activities.order_by("order"))
    data = {}
    for act, value in zip(acts, values, strict=False):
        data[f"score_{act.pk}"] = value
        data[f"observations_{act.pk}"] = ""
    return data


def test_anonymous_redirected(client, entity):
    response = client.get(reverse("assessment:list"))
    assert response.status_code == 302


def test_create_and_list(staff_client, entity):
    client = staff_client(Role.PARTICIPATION_LEAD)
    response = client.post(reverse("assessment:list"), {"year": "2024"})
    assessment = SelfAssessment.objects.get(entity=entity, year=2024)
    assert response.status_code == 302
    assert assessment.scores.count() == 32
    page = client.get(reverse("assessment:list"))
    assert "2024" in page.content.decode()


@pytest.mark.parametrize("bad", ["", "abc", "1990"])
def test_create_bad_year(staff_client, bad):
    client = staff_client(Role.PARTICIPATION_LEAD)
    response = client.post(reverse("assessment:list"), {"year": bad})
    assert response.status_code == 200
    assert "Revise" in response.content.decode()
    assert not SelfAssessment.objects.exists()


def test_viewer_cannot_create(staff_client):
    client = staff_client(Role.VIEWER)
    response = client.post(reverse("assessment:list"), {"year": "2024"})
    assert response.status_code == 403
    assert not SelfAssessment.objects.exists()


def test_scoring_page_saves_and_shows_levels(staff_client, entity):
    client = staff_client(Role.PARTICIPATION_LEAD)
    assessment = SelfAssessmentFactory(entity=entity)
    url = reverse("assessment:detail", args=[assessment.pk])
    response = client.post(url, _score_fields(assessment, ["100", "50", ""]))
    assert response.status_code == 302
    assert assessment.scores.filter(score__isnull=False).count() == 2
    page = client.get(url).content.decode()
    assert "Nivel 5 · Avanzado" in page
    assert "Nivel 3 · Intermedio" in page
    assert "Sin calificar" in page
    assert "75,0" in page or "75.0" in page


def test_scoring_page_bad_input_saves_nothing(staff_client, entity):
    client = staff_client(Role.PARTICIPATION_LEAD)
    assessment = SelfAssessmentFactory(entity=entity)
    url = reverse("assessment:detail", args=[assessment.pk])
    data = _score_fields(assessment, ["80", "150", "texto"])
    first = assessment.catalogue_version.activities.order_by("order").first()
    data[f"observations_{first.pk}"] = "Nota que no se pierde"
    response = client.post(url, data)
    assert response.status_code == 400
    content = response.content.decode()
    assert "Nota que no se pierde" in content  # the user's input is kept for correction
    assert 'value="150"' in content
    assert "No se guardó ningún puntaje" in content
    assert "entre 0 y 100" in content
    assert not ActivityScore.objects.filter(score__isnull=False).exists()


def test_scoring_page_constant_queries(staff_client, entity):
    client = staff_client(Role.PARTICIPATION_LEAD)
    few = SelfAssessmentFactory(entity=entity)
    client.get(reverse("assessment:detail", args=[few.pk]))
    with CaptureQueriesContext(connection) as small:
        client.get(reverse("assessment:detail", args=[few.pk]))
    many = scored_assessment(entity, closed=False)
    with CaptureQueriesContext(connection) as big:
        client.get(reverse("assessment:detail", args=[many.pk]))
    assert len(small) == len(big)


def test_list_constant_queries(staff_client, entity):
    client = staff_client(Role.PARTICIPATION_LEAD)
    for _ in range(2):
        SelfAssessmentFactory(entity=entity)
    client.get(reverse("assessment:list"))
    with CaptureQueriesContext(connection) as small:
        client.get(reverse("assessment:list"))
    for _ in range(8):
        scored_assessment(entity)
    with CaptureQueriesContext(connection) as big:
        client.get(reverse("assessment:list"))
    assert len(small) == len(big)


def test_close_then_read_only(staff_client, entity):
    client = staff_client(Role.PARTICIPATION_LEAD)
    assessment = scored_assessment(entity, closed=False)
    response = client.post(reverse("assessment:close", args=[assessment.pk]))
    assert response.status_code == 302
    assessment.refresh_from_db()
    assert assessment.state == AssessmentState.CLOSED
    page = client.get(reverse("assessment:detail", args=[assessment.pk])).content.decode()
    assert 'type="number"' not in page
    response = client.post(
        reverse("assessment:detail", args=[assessment.pk]), _score_fields(assessment, ["1"])
    )
    assert response.status_code == 400
    assert "cerrado" in response.content.decode()
    assert not assessment.scores.filter(score=1).exists()


def test_internal_control_reads_but_cannot_score(staff_client, entity):
    client = staff_client(Role.INTERNAL_CONTROL)
    assessment = SelfAssessmentFactory(entity=entity)
    url = reverse("assessment:detail", args=[assessment.pk])
    assert client.get(url).status_code == 200
    assert client.post(url, _score_fields(assessment, ["10"])).status_code == 403
    assert not assessment.scores.filter(score__isnull=False).exists()


@pytest.mark.parametrize(
    "name",
    ["detail", "close", "findings", "export", "import", "plan_generate"],
)
def test_cross_entity_assessment_404(staff_client, other_entity, name):
    client = staff_client(Role.PARTICIPATION_LEAD)
    assessment = SelfAssessmentFactory(entity=other_entity)
    assert client.get(reverse(f"assessment:{name}", args=[assessment.pk])).status_code == 404


@pytest.mark.parametrize("name", ["plan_detail", "plan_update", "plan_xlsx", "plan_pdf"])
def test_cross_entity_plan_404(staff_client, other_entity, name):
    client = staff_client(Role.PARTICIPATION_LEAD)
    action = ImprovementActionFactory(entity=other_entity)
    assert client.get(reverse(f"assessment:{name}", args=[action.plan_id])).status_code == 404


@pytest.mark.parametrize("name", ["action_update", "action_track", "action_review"])
def test_cross_entity_action_404(staff_client, other_entity, name):
    client = staff_client(Role.INTERNAL_CONTROL)
    action = ImprovementActionFactory(entity=other_entity)
    assert client.get(reverse(f"assessment:{name}", args=[action.pk])).status_code == 404


def test_cross_entity_score_404(staff_client, other_entity):
    client = staff_client(Role.PARTICIPATION_LEAD)
    score = SelfAssessmentFactory(entity=other_entity).scores.first()
    assert client.get(reverse("assessment:score_evidence", args=[score.pk])).status_code == 404


def test_findings_form(staff_client, entity):
    client = staff_client(Role.PARTICIPATION_LEAD)
    assessment = SelfAssessmentFactory(entity=entity)
    url = reverse("assessment:findings", args=[assessment.pk])
    response = client.post(
        url, {"diagnostico_strengths": "Hay FURAG", "evaluacion_weaknesses": "Sin informe"}
    )
    assert response.status_code == 302
    page = client.get(reverse("assessment:detail", args=[assessment.pk])).content.decode()
    assert "Hay FURAG" in page and "Sin informe" in page


def test_score_evidence_bad_file_saves_nothing(staff_client, entity):
    client = staff_client(Role.PARTICIPATION_LEAD)
    score = SelfAssessmentFactory(entity=entity).scores.first()
    url = reverse("assessment:score_evidence", args=[score.pk])
    bad = SimpleUploadedFile("x.pdf", b"<script>alert(1)</script>", content_type="application/pdf")
    response = client.post(
        url, {"evidence_text": "Acta", "evidence_links": "", "observations": "", "file": bad}
    )
    assert response.status_code == 200
    assert "no permitido" in response.content.decode()
    score.refresh_from_db()
    assert score.evidence_text == ""
    good = SimpleUploadedFile("x.pdf", b"%PDF-1.7 ...", content_type="application/pdf")
    response = client.post(
        url,
        {
            "evidence_text": "Acta",
            "evidence_links": "https://ejemplo.gov.co/acta",
            "observations": "",
            "file": good,
        },
    )
    assert response.status_code == 302
    score.refresh_from_db()
    assert score.evidence_text == "Acta" and score.files.count() == 1


def test_comparison_page_and_furag(staff_client, entity):
    client = staff_client(Role.PARTICIPATION_LEAD)
    scored_assessment(entity, scores=[40] * 32, year=2022)
    scored_assessment(entity, scores=[80] * 32, year=2023)
    url = reverse("assessment:comparison")
    response = client.post(url, {"year": "2023", "participation_index": "150"})
    assert response.status_code == 200
    assert "entre 0 y 100" in response.content.decode()
    assert not FuragResult.objects.exists()
    assert client.post(url, {"year": "2023", "participation_index": "71.4"}).status_code == 302
    page = client.get(url).content.decode()
    assert "tabla-comparativo" in page
    assert "2022" in page and "2023" in page
    assert "71,4" in page or "71.4" in page
    assert "Nivel 2 · Básico" in page and "Nivel 4 · Satisfactorio" in page
    assert "chart.umd.min.js" in page and "core/js/charts.js" in page
    assert 'data-chart-table="tabla-comparativo"' in page and 'data-value="71.4"' in page
    assert "<script>" not in page  # no inline script


def test_comparison_page_compares_the_latest_years_or_the_chosen_ones(staff_client, entity):
    client = staff_client(Role.PARTICIPATION_LEAD)
    for year in range(2018, 2024):
        scored_assessment(entity, scores=[40] * 32, year=year)
    url = reverse("assessment:comparison")
    page = client.get(url).content.decode()
    heads = re.findall(r'<th scope="col">(\d{4})</th>', page)
    assert heads == ["2020", "2021", "2022", "2023"]  # a table that fits: the latest 4 years
    assert page.count('name="anio"') == 6  # every year can be chosen
    assert 'value="2018" id="anio-2018">' in page and 'value="2023" id="anio-2023" checked>' in page
    page = client.get(url, {"anio": ["2018", "2023", "x"]}).content.decode()
    assert re.findall(r'<th scope="col">(\d{4})</th>', page) == ["2018", "2023"]


def test_plan_flow(staff_client, entity, make_member, client):
    lead_client = staff_client(Role.PARTICIPATION_LEAD)
    assessment = scored_assessment(entity, scores=[30, 90] + [None] * 30)
    response = lead_client.post(
        reverse("assessment:plan_generate", args=[assessment.pk]), {"threshold_level": "3"}
    )
    plan = ImprovementPlan.objects.get(assessment=assessment)
    assert response.status_code == 302
    action = plan.actions.get()
    response = lead_client.post(
        reverse("assessment:action_update", args=[action.pk]),
        {"improvement_alternative": "Capacitar al equipo", "deadline": "", "deadline_months": ""},
    )
    assert response.status_code == 200
    assert "Indique una fecha límite" in response.content.decode()
    action.refresh_from_db()
    assert action.improvement_alternative == ""
    response = lead_client.post(
        reverse("assessment:action_update", args=[action.pk]),
        {"improvement_alternative": "Capacitar al equipo", "deadline_months": "5"},
    )
    assert response.status_code == 302
    response = lead_client.post(
        reverse("assessment:plan_update", args=[plan.pk]),
        {
            "document_code": "PC.PL.002",
            "document_version": "1",
            "approved_by_body": "Comité Institucional de Gestión y Desempeño",
            "approval_act": "Acta No. 02 de 2024",
            "approved_on": "2024-05-21",
        },
    )
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.due_date == date(2024, 10, 21)
    response = lead_client.post(
        reverse("assessment:action_track", args=[action.pk]),
        {"status": "cumplida", "progress": "100", "comment": "Listo"},
    )
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.status == ActionStatus.DONE
    control = make_member(Role.INTERNAL_CONTROL, entity)
    client.force_login(control)
    client.entity = entity
    url = reverse("assessment:action_review", args=[action.pk])
    response = client.post(url, {"result": "eficaz", "reviewed_on": "", "justification": ""})
    assert response.status_code == 200
    assert not EffectivenessReview.objects.exists()
    response = client.post(
        url,
        {
            # (the action was done today: its effectiveness is checked today, never before)
            "reviewed_on": timezone.localdate().isoformat(),
            "result": "eficaz",
            "justification": "Verificado",
        },
    )
    assert response.status_code == 302
    page = client.get(reverse("assessment:plan_detail", args=[plan.pk])).content.decode()
    assert "Eficaz" in page and "Verificado" in page


def test_plan_page_constant_queries(staff_client, entity):
    client = staff_client(Role.PARTICIPATION_LEAD)
    small_plan = ImprovementActionFactory(
        entity=entity,
        plan=__import__("cabildo.assessment.services", fromlist=["x"]).plan_generate(
            assessment=scored_assessment(entity, scores=[10] * 5 + [100] * 27)
        ),
    ).plan
    big_plan = __import__("cabildo.assessment.services", fromlist=["x"]).plan_generate(
        assessment=scored_assessment(entity, scores=[10] * 32)
    )
    client.get(reverse("assessment:plan_detail", args=[small_plan.pk]))
    with CaptureQueriesContext(connection) as small:
        client.get(reverse("assessment:plan_detail", args=[small_plan.pk]))
    with CaptureQueriesContext(connection) as big:
        client.get(reverse("assessment:plan_detail", args=[big_plan.pk]))
    assert small_plan.actions.count() == 5 and big_plan.actions.count() == 32
    assert len(small) == len(big)


def test_plan_list_constant_queries(staff_client, entity):
    from cabildo.assessment import services

    client = staff_client(Role.PARTICIPATION_LEAD)
    services.plan_generate(assessment=scored_assessment(entity))
    client.get(reverse("assessment:plan_list"))
    with CaptureQueriesContext(connection) as small:
        client.get(reverse("assessment:plan_list"))
    for _ in range(5):
        services.plan_generate(assessment=scored_assessment(entity))
    with CaptureQueriesContext(connection) as big:
        response = client.get(reverse("assessment:plan_list"))
    assert response.status_code == 200
    assert len(small) == len(big)


def test_plan_metadata_bad_date_saves_nothing(staff_client, entity):
    from cabildo.assessment import services

    client = staff_client(Role.PARTICIPATION_LEAD)
    plan = services.plan_generate(assessment=scored_assessment(entity))
    response = client.post(
        reverse("assessment:plan_update", args=[plan.pk]),
        {"document_code": "PC.PL.009", "document_version": "1", "approved_on": "21/13/2024"},
    )
    assert response.status_code == 200
    assert "Revise" in response.content.decode()
    plan.refresh_from_db()
    assert plan.document_code == ""


def test_track_bad_input_saves_nothing(staff_client, entity):
    client = staff_client(Role.PARTICIPATION_LEAD)
    action = ImprovementActionFactory(entity=entity)
    url = reverse("assessment:action_track", args=[action.pk])
    response = client.post(url, {"status": "cumplida", "progress": "50", "comment": "Hecho"})
    assert response.status_code == 200
    assert "cien por ciento" in response.content.decode()
    action.refresh_from_db()
    assert action.status == ActionStatus.PENDING and action.comments.count() == 0
    bad_file = SimpleUploadedFile("x.exe", b"MZ\x90\x00", content_type="application/pdf")
    response = client.post(
        url, {"status": "en_curso", "progress": "30", "comment": "Va", "file": bad_file}
    )
    assert response.status_code == 200
    action.refresh_from_db()
    assert action.status == ActionStatus.PENDING and action.comments.count() == 0


def test_responsible_liaison_can_track_but_not_edit(staff_client, entity, area):
    client = staff_client(Role.AREA_LIAISON, area=area)
    action = ImprovementActionFactory(entity=entity, responsible=client.user)
    assert client.get(reverse("assessment:action_track", args=[action.pk])).status_code == 200
    assert client.get(reverse("assessment:action_update", args=[action.pk])).status_code == 403
    response = client.post(
        reverse("assessment:action_track", args=[action.pk]),
        {"status": "en_curso", "progress": "30", "comment": ""},
    )
    assert response.status_code == 302


def test_english_interface(staff_client, entity):
    client = staff_client(Role.PARTICIPATION_LEAD)
    assessment = scored_assessment(entity)
    client.cookies["django_language"] = "en"
    try:
        page = client.get(
            reverse("assessment:detail", args=[assessment.pk]), HTTP_ACCEPT_LANGUAGE="en"
        ).content.decode()
    finally:
        translation.activate("es")  # the middleware's activation outlives the request
    assert "Level 2 · Basic" in page
    assert "Total rating" in page


def test_evidence_download_requires_permission_and_entity(staff_client, entity, other_entity):
    from tests.assessment.factories import ActionEvidenceFactory, EvidenceFileFactory

    client = staff_client(Role.VIEWER)
    mine = EvidenceFileFactory(entity=entity)
    response = client.get(reverse("assessment:evidence_file", args=[mine.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    theirs = EvidenceFileFactory(entity=other_entity)
    assert client.get(reverse("assessment:evidence_file", args=[theirs.pk])).status_code == 404
    action_file = ActionEvidenceFactory(entity=entity)
    url = reverse("assessment:action_evidence_file", args=[action_file.pk])
    assert client.get(url).status_code == 200
    other_action_file = ActionEvidenceFactory(entity=other_entity)
    url = reverse("assessment:action_evidence_file", args=[other_action_file.pk])
    assert client.get(url).status_code == 404
    client.logout()
    assert client.get(reverse("assessment:evidence_file", args=[mine.pk])).status_code == 302


def test_load_catalogue_command():
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("load_mipg_catalogue", stdout=out)
    call_command("load_mipg_catalogue", stdout=out)
    assert "32 activities" in out.getvalue()
    from cabildo.assessment.models import CatalogueVersion

    assert CatalogueVersion.objects.count() == 1


def test_comparison_without_assessments_says_so_without_an_empty_table(staff_client, entity):
    page = staff_client(Role.PARTICIPATION_LEAD).get(reverse("assessment:comparison"))
    html = page.content.decode()
    assert "Aún no hay autodiagnósticos para comparar." in html
    assert "tabla-comparativo" not in html and "<canvas" not in html
