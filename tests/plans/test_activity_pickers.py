"""Every activity picker offers only the activities of the plan versions in force, labelled
with the plan's year and version (issue 18)."""

from __future__ import annotations

import pytest

from cabildo.accounts.models import Role
from cabildo.evaluation.forms import IndicatorForm
from cabildo.execution.forms.convocations import ConvocationForm
from cabildo.execution.forms.events import EventForm
from cabildo.exercises.forms import ForumForm, SurveyForm
from cabildo.plans.models import PlanStatus
from tests.plans.factories import ActivityFactory, PlanVersionFactory

pytestmark = pytest.mark.django_db


def test_pickers_list_only_the_versions_in_force(entity, make_member):
    lead = make_member(Role.PARTICIPATION_LEAD, entity)
    executing = PlanVersionFactory(entity=entity, plan__year=2026, status=PlanStatus.IN_EXECUTION)
    current = ActivityFactory(entity=entity, version=executing, name="Mesa rural")
    # Not in force: a closed year, a draft, an approved version waiting for the one running.
    ActivityFactory(entity=entity, version__status=PlanStatus.CLOSED, version__plan__year=2025)
    ActivityFactory(entity=entity, version__status=PlanStatus.EVALUATED, version__plan__year=2024)
    ActivityFactory(
        entity=entity,
        version=PlanVersionFactory(
            entity=entity, plan=executing.plan, number=2, status=PlanStatus.APPROVED
        ),
    )
    ActivityFactory(
        entity=entity,
        version=PlanVersionFactory(
            entity=entity, plan=executing.plan, number=3, status=PlanStatus.DRAFT
        ),
    )
    forms = [
        EventForm(entity=entity, user=lead),
        ConvocationForm(entity=entity, user=lead),
        SurveyForm(entity=entity, user=lead),
        ForumForm(entity=entity, user=lead),
        IndicatorForm(entity=entity),
    ]
    for form in forms:
        field = form.fields["activity"]
        assert list(field.queryset) == [current], type(form).__name__
        assert field.label_from_instance(current) == "Mesa rural (plan 2026, versión 1)"


def test_liaison_picks_only_the_activities_of_their_area(entity, make_member):
    liaison = make_member(Role.AREA_LIAISON, entity)
    area = liaison.memberships.get().area
    version = PlanVersionFactory(entity=entity, status=PlanStatus.IN_EXECUTION)
    own = ActivityFactory(entity=entity, version=version, area=area)
    ActivityFactory(entity=entity, version=version)
    assert list(EventForm(entity=entity, user=liaison).fields["activity"].queryset) == [own]
