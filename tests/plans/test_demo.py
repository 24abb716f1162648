from __future__ import annotations

import pytest

from cabildo.core import demo as core_demo
from cabildo.plans import demo
from cabildo.plans.models import (
    Observation,
    ParticipationPlan,
    PlannedActivity,
    PlanStatus,
    Procedure,
)

pytestmark = pytest.mark.django_db


def test_demo_is_idempotent_and_covers_the_seeds():
    entities: dict = {}
    core_demo.seed(entities=entities)
    demo.seed(entities=entities)
    counts = (
        ParticipationPlan.objects.count(),
        PlannedActivity.objects.count(),
        Observation.objects.count(),
    )
    demo.seed(entities=entities)
    assert (
        ParticipationPlan.objects.count(),
        PlannedActivity.objects.count(),
        Observation.objects.count(),
    ) == counts
    fondeser = ParticipationPlan.objects.get(entity=entities["fondeser"], year=2019)
    matrix = PlannedActivity.objects.filter(version__plan=fondeser)
    assert matrix.count() == len(demo.FONDESER_MATRIX)
    assert set(matrix.values_list("periodicity", flat=True)) == {"Diciembre"}
    cali = PlannedActivity.objects.filter(entity=entities["cali"])
    assert set(cali.values_list("procedure", flat=True)) == set(Procedure.values)
    assert cali.values("area").distinct().count() >= 5
    assert PlannedActivity.objects.filter(
        entity=entities["itagui"], name__startswith="Primer Encuentro", start_date__day=28
    ).exists()
    observations = Observation.objects.filter(entity=entities["itagui"])
    assert observations.filter(hidden_at__isnull=False).count() == 1
    assert observations.exclude(viability="").count() == 2
    assert observations.filter(viability="", hidden_at__isnull=True).count() == 1
    assert observations.first().consultation.version.status == PlanStatus.IN_CONSULTATION
