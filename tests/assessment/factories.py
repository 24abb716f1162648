"""Factories of the assessment app; each works with only ``entity=`` given."""

from __future__ import annotations

import factory

from cabildo.assessment import services
from cabildo.assessment.catalogue import current_version
from cabildo.assessment.models import (
    ActionEvidence,
    ActivityScore,
    AssessmentState,
    EvidenceFile,
    FuragResult,
    ImprovementAction,
    ImprovementPlan,
    SelfAssessment,
)
from tests.factories import EntityFactory


class SelfAssessmentFactory(factory.django.DjangoModelFactory):
    """An open assessment with one blank score per activity of the current catalogue."""

    class Meta:
        model = SelfAssessment

    entity = factory.SubFactory(EntityFactory)
    year = factory.Sequence(lambda n: 2018 + n % 80)

    @classmethod
    def _create(cls, model_class, *args, **kwargs):  # type: ignore[no-untyped-def]
        state = kwargs.pop("state", AssessmentState.IN_PROGRESS)
        year = kwargs["year"]
        while SelfAssessment.objects.filter(entity=kwargs["entity"], year=year).exists():
            year += 1
        assessment = services.assessment_create(
            entity=kwargs["entity"],
            year=year,
            catalogue_version=kwargs.get("catalogue_version") or current_version(),
        )
        if state == AssessmentState.CLOSED:
            SelfAssessment.objects.filter(pk=assessment.pk).update(state=state)
            assessment.refresh_from_db()
        return assessment


def scored_assessment(entity, scores=None, closed=True, year=None):  # type: ignore[no-untyped-def]
    """An assessment with ``scores`` (list by activity order; default all 40) set."""
    kwargs = {"entity": entity}
    if year:
        kwargs["year"] = year
    assessment = SelfAssessmentFactory(**kwargs)
    rows = list(assessment.scores.order_by("activity__order"))
    scores = scores if scores is not None else [40] * len(rows)
    for row, value in zip(rows, scores, strict=False):
        row.score = value
        row.save()
    if closed:
        services.assessment_close(assessment=assessment, user=None)
        assessment.refresh_from_db()
    return assessment


class ImprovementPlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ImprovementPlan

    entity = factory.SubFactory(EntityFactory)

    @classmethod
    def _create(cls, model_class, *args, **kwargs):  # type: ignore[no-untyped-def]
        entity = kwargs["entity"]
        assessment = kwargs.get("assessment") or scored_assessment(entity)
        return services.plan_generate(
            assessment=assessment, threshold_level=kwargs.get("threshold_level", 3)
        )


class ImprovementActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ImprovementAction

    entity = factory.SubFactory(EntityFactory)

    @classmethod
    def _create(cls, model_class, *args, **kwargs):  # type: ignore[no-untyped-def]
        plan = kwargs.get("plan") or ImprovementPlanFactory(entity=kwargs["entity"])
        action = plan.actions.order_by("activity__order").first()
        for field in ("status", "progress", "due_date", "responsible", "improvement_alternative"):
            if field in kwargs:
                setattr(action, field, kwargs[field])
        action.save()
        return action


class ActivityScoreFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActivityScore

    entity = factory.SubFactory(EntityFactory)

    @classmethod
    def _create(cls, model_class, *args, **kwargs):  # type: ignore[no-untyped-def]
        assessment = kwargs.get("assessment") or SelfAssessmentFactory(entity=kwargs["entity"])
        return assessment.scores.order_by("activity__order").first()


class FuragResultFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FuragResult

    entity = factory.SubFactory(EntityFactory)
    year = factory.Sequence(lambda n: 2018 + n % 80)
    participation_index = 62.5


def _pdf(name: str = "evidencia.pdf"):  # type: ignore[no-untyped-def]
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, b"%PDF-1.4 evidencia de prueba", content_type="application/pdf")


class EvidenceFileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EvidenceFile

    entity = factory.SubFactory(EntityFactory)

    @classmethod
    def _create(cls, model_class, *args, **kwargs):  # type: ignore[no-untyped-def]
        score = kwargs.get("score") or ActivityScoreFactory(entity=kwargs["entity"])
        return services.evidence_file_add(score=score, user=None, upload=_pdf())


class ActionEvidenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActionEvidence

    entity = factory.SubFactory(EntityFactory)

    @classmethod
    def _create(cls, model_class, *args, **kwargs):  # type: ignore[no-untyped-def]
        action = kwargs.get("action") or ImprovementActionFactory(entity=kwargs["entity"])
        return services.action_evidence_add(action=action, user=None, upload=_pdf())
