from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from cabildo.accounts.models import Role
from cabildo.assessment import scoring, services
from cabildo.assessment.catalogue import current_version, load_catalogue, read_rows
from cabildo.assessment.models import (
    ActionStatus,
    ActivityScore,
    AssessmentState,
    CatalogueVersion,
    EffectivenessReview,
    EvidenceFile,
    ImprovementAction,
    ImprovementPlan,
    ManagementActivity,
    SelfAssessment,
)
from cabildo.workdays.calendar import calendar_for
from tests.assessment.factories import SelfAssessmentFactory, scored_assessment
from tests.factories import AreaFactory

pytestmark = pytest.mark.django_db


def test_catalogue_has_32_activities_and_is_idempotent():
    version = load_catalogue()
    assert version.activities.count() == 32
    assert version.components.count() == 2
    assert not any("unverified" in c.name for c in version.components.all())
    load_catalogue()
    assert CatalogueVersion.objects.count() == 1
    assert ManagementActivity.objects.count() == 32
    assert len(read_rows()) == 32


def test_new_catalogue_version_leaves_past_assessments(entity):
    old = SelfAssessmentFactory(entity=entity, year=2023)
    new_version = load_catalogue(version_label="2025")
    assert current_version() == new_version
    old.refresh_from_db()
    assert old.catalogue_version != new_version
    assert old.scores.filter(activity__version=old.catalogue_version).count() == 32
    fresh = services.assessment_create(entity=entity, year=2025)
    assert fresh.catalogue_version == new_version


def test_create_unique_per_year(entity):
    services.assessment_create(entity=entity, year=2024)
    with pytest.raises(ValidationError) as exc:
        services.assessment_create(entity=entity, year=2024)
    assert "Ya existe" in str(exc.value)
    assert SelfAssessment.objects.count() == 1


def test_scores_update_and_ratings_in_db(entity, make_member):
    user = make_member(Role.PARTICIPATION_LEAD, entity)
    assessment = SelfAssessmentFactory(entity=entity)
    acts = list(assessment.catalogue_version.activities.order_by("order"))
    services.scores_update(
        assessment=assessment,
        user=user,
        values={
            acts[0].pk: services.ScoreInput(score="100", observations="Bien"),
            acts[1].pk: services.ScoreInput(score="50"),
        },
    )
    row = assessment.scores.get(activity=acts[0])
    assert row.score == 100 and row.observations == "Bien" and row.scored_by == user
    assert row.scored_at is not None
    ratings = scoring.ratings_for_assessment(assessment)
    assert ratings.category(acts[0].category_id) == Decimal("75.0")
    assert ratings.total == Decimal("75.0")
    other_category = acts[-1].category_id
    assert ratings.category(other_category) is None


@pytest.mark.parametrize("bad", ["101", "-3", "abc", "4.5"])
def test_scores_update_rejects_bad_and_saves_nothing(entity, bad):
    assessment = SelfAssessmentFactory(entity=entity)
    acts = list(assessment.catalogue_version.activities.order_by("order"))
    with pytest.raises(ValidationError) as exc:
        services.scores_update(
            assessment=assessment,
            user=None,
            values={
                acts[0].pk: services.ScoreInput(score="80"),
                acts[1].pk: services.ScoreInput(score=bad),
            },
        )
    assert "entre 0 y 100" in str(exc.value)
    assert not ActivityScore.objects.filter(score__isnull=False).exists()


def test_scores_update_rejects_foreign_activity(entity):
    assessment = SelfAssessmentFactory(entity=entity)
    with pytest.raises(ValidationError):
        services.scores_update(
            assessment=assessment, user=None, values={999999: services.ScoreInput(score=10)}
        )


def test_closed_assessment_refuses_writes(entity):
    assessment = scored_assessment(entity)
    assert assessment.state == AssessmentState.CLOSED
    act = assessment.scores.first().activity
    with pytest.raises(ValidationError) as exc:
        services.scores_update(
            assessment=assessment, user=None, values={act.pk: services.ScoreInput(score=1)}
        )
    assert "cerrado" in str(exc.value)
    with pytest.raises(ValidationError):
        services.findings_update(assessment=assessment, findings={"diagnostico": ("a", "b")})
    with pytest.raises(ValidationError):
        services.assessment_close(assessment=assessment, user=None)


def test_close_requires_a_score(entity):
    assessment = SelfAssessmentFactory(entity=entity)
    with pytest.raises(ValidationError):
        services.assessment_close(assessment=assessment, user=None)
    assessment.refresh_from_db()
    assert assessment.state == AssessmentState.IN_PROGRESS


def test_evidence_file_allow_list(entity):
    assessment = SelfAssessmentFactory(entity=entity)
    score = assessment.scores.first()
    ok = SimpleUploadedFile("acta.pdf", b"%PDF-1.4 contenido", content_type="application/pdf")
    evidence = services.evidence_file_add(score=score, user=None, upload=ok)
    assert evidence.content_type == "application/pdf"
    fake = SimpleUploadedFile("virus.pdf", b"MZ\x90\x00 ejecutable", content_type="application/pdf")
    with pytest.raises(ValidationError) as exc:
        services.evidence_file_add(score=score, user=None, upload=fake)
    assert "no permitido" in str(exc.value)
    assert EvidenceFile.objects.count() == 1


def test_evidence_links_validated(entity):
    score = SelfAssessmentFactory(entity=entity).scores.first()
    with pytest.raises(ValidationError):
        services.score_evidence_update(
            score=score, user=None, evidence_text="x", evidence_links="no-es-url", observations=""
        )
    score.refresh_from_db()
    assert score.evidence_text == ""


def test_plan_requires_closed_assessment(entity):
    assessment = scored_assessment(entity, closed=False)
    with pytest.raises(ValidationError):
        services.plan_generate(assessment=assessment)
    assert not ImprovementPlan.objects.exists()


def test_plan_generated_for_activities_at_or_below_threshold(entity):
    scores = [60, 61, 20, None] + [100] * 28
    assessment = scored_assessment(entity, scores=scores)
    plan = services.plan_generate(assessment=assessment)
    codes = sorted(plan.actions.values_list("activity__code", flat=True))
    assert codes == ["PC01", "PC03"]  # 60 (level 3) and 20 (level 1); 61 is level 4; blank out
    with pytest.raises(ValidationError):
        services.plan_generate(assessment=assessment)


def test_plan_threshold_configurable(entity):
    assessment = scored_assessment(entity, scores=[60, 61, 20] + [100] * 29)
    plan = services.plan_generate(assessment=assessment, threshold_level=1)
    assert list(plan.actions.values_list("activity__code", flat=True)) == ["PC03"]


def test_deadline_in_months_from_approval_uses_entity_calendar(entity):
    assessment = scored_assessment(entity)
    plan = services.plan_generate(assessment=assessment)
    action = plan.actions.first()
    services.action_update(
        action=action,
        improvement_alternative="Capacitar",
        area=None,
        responsible=None,
        start_date=None,
        deadline=None,
        deadline_months=5,
        expected_evidence="",
    )
    assert action.due_date is None  # no approval date yet
    services.plan_update(
        plan=plan,
        document_code="PC.PL.002",
        document_version="1",
        prepared_by_name="",
        prepared_by_role="",
        prepared_on=None,
        approved_by_body="Comité",
        approval_act="Acta 2",
        approved_on=date(2024, 5, 21),
    )
    action.refresh_from_db()
    assert action.due_date == calendar_for(entity).add_months(date(2024, 5, 21), 5)
    assert action.deadline_text() == "5 meses"


def test_action_update_rejects_other_entity_area(entity, other_entity):
    plan = services.plan_generate(assessment=scored_assessment(entity))
    action = plan.actions.first()
    with pytest.raises(ValidationError):
        services.action_update(
            action=action,
            improvement_alternative="X",
            area=AreaFactory(entity=other_entity),
            responsible=None,
            start_date=None,
            deadline=date(2030, 1, 1),
            deadline_months=None,
            expected_evidence="",
        )
    action.refresh_from_db()
    assert action.improvement_alternative == ""


def test_action_update_rejects_non_member_responsible(entity, other_entity, make_member):
    plan = services.plan_generate(assessment=scored_assessment(entity))
    outsider = make_member(Role.VIEWER, other_entity)
    with pytest.raises(ValidationError):
        services.action_update(
            action=plan.actions.first(),
            improvement_alternative="X",
            area=None,
            responsible=outsider,
            start_date=None,
            deadline=date(2030, 1, 1),
            deadline_months=None,
            expected_evidence="",
        )


def test_overdue_is_computed(entity):
    plan = services.plan_generate(assessment=scored_assessment(entity))
    action = plan.actions.first()
    action.due_date = timezone.localdate() - timedelta(days=1)
    action.save()
    assert action.status == ActionStatus.PENDING
    assert action.is_overdue()
    assert action.status_label() == "Vencida"
    assert ImprovementAction.objects.overdue(timezone.localdate()).count() == 1
    services.action_track(action=action, user=None, status="cumplida", progress=100)
    assert not action.is_overdue()
    assert action.status_label() == "Cumplida"


def test_track_rules(entity):
    action = services.plan_generate(assessment=scored_assessment(entity)).actions.first()
    with pytest.raises(ValidationError):
        services.action_track(action=action, user=None, status="cumplida", progress=50)
    action.refresh_from_db()
    assert action.status == ActionStatus.PENDING
    services.action_track(action=action, user=None, status="en_curso", progress=40, comment="Va")
    assert action.comments.count() == 1


def test_effectiveness_review_only_for_finished(entity, make_member):
    reviewer = make_member(Role.INTERNAL_CONTROL, entity)
    action = services.plan_generate(assessment=scored_assessment(entity)).actions.first()
    kwargs = {
        "reviewer": reviewer,
        "result": "eficaz",
        "reviewed_on": timezone.localdate(),
        "justification": "Se verificó la evidencia.",
    }
    with pytest.raises(ValidationError):
        services.effectiveness_review_record(action=action, **kwargs)
    assert not EffectivenessReview.objects.exists()
    services.action_track(action=action, user=None, status="cumplida", progress=100)
    review = services.effectiveness_review_record(action=action, **kwargs)
    assert review.get_result_display() == "Eficaz"
    with pytest.raises(ValidationError):
        services.effectiveness_review_record(
            action=action, **{**kwargs, "reviewed_on": timezone.localdate() + timedelta(days=3)}
        )
    with pytest.raises(ValidationError):
        services.action_track(action=action, user=None, status="en_curso", progress=50)


def test_furag_result_validates_range(entity):
    with pytest.raises(ValidationError):
        services.furag_result_save(entity=entity, year=2023, participation_index=120)
    services.furag_result_save(entity=entity, year=2023, participation_index=Decimal("64.2"))
    services.furag_result_save(entity=entity, year=2023, participation_index=Decimal("70"))
    from cabildo.assessment.models import FuragResult

    assert FuragResult.objects.get(entity=entity, year=2023).participation_index == Decimal("70")


def test_concurrent_duplicate_year_is_a_validation_error(entity, monkeypatch):
    services.assessment_create(entity=entity, year=2024)
    # Simulate the race: the existence check passes, the unique constraint catches it.
    monkeypatch.setattr(
        SelfAssessment.objects, "filter", lambda **kw: SelfAssessment.objects.none()
    )
    with pytest.raises(ValidationError) as exc:
        services.assessment_create(entity=entity, year=2024)
    assert "Ya existe" in str(exc.value)


def test_links_only_web_schemes(entity):
    score = SelfAssessmentFactory(entity=entity).scores.first()
    score.evidence_links = "https://ejemplo.gov.co/a\njavascript:alert(1)\nhttp://b.co"
    assert score.links() == ["https://ejemplo.gov.co/a", "http://b.co"]
