"""Plausible dates on the plan de mejoramiento and its actions (core.dates): each refused
date and each cross-field order, with a Spanish message naming the field, nothing stored."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from cabildo.assessment import services
from cabildo.assessment.models import ImprovementAction, ImprovementPlan
from tests.assessment.factories import ImprovementActionFactory, ImprovementPlanFactory

pytestmark = pytest.mark.django_db

TOMORROW = timezone.localdate() + datetime.timedelta(days=1)


def _plan_update(plan, **dates):
    values = {"prepared_on": None, "approved_on": None, **dates}
    return services.plan_update(
        plan=plan,
        document_code="PL-01",
        document_version="1",
        prepared_by_name="Ana",
        prepared_by_role="Jefe de planeación",
        approved_by_body="Comité Institucional de Gestión y Desempeño",
        approval_act="Acta 4",
        **values,
    )


@pytest.mark.parametrize(
    ("dates", "field", "fragment"),
    [
        ({"prepared_on": datetime.date(1999, 5, 1)}, "prepared_on", "el año 1999 no es posible"),
        ({"prepared_on": TOMORROW}, "prepared_on", "posterior a hoy"),
        ({"approved_on": datetime.date(1999, 5, 1)}, "approved_on", "el año 1999 no es posible"),
        ({"approved_on": TOMORROW}, "approved_on", "posterior a hoy"),
    ],
)
def test_plan_refuses_implausible_dates(entity, dates, field, fragment):
    plan = ImprovementPlanFactory(entity=entity)
    with pytest.raises(ValidationError) as exc:
        _plan_update(plan, **dates)
    assert fragment in " ".join(exc.value.message_dict[field])
    stored = ImprovementPlan.objects.get(pk=plan.pk)
    assert (stored.prepared_on, stored.approved_on) == (None, None)


def test_plan_accepts_plausible_dates(entity):
    plan = ImprovementPlanFactory(entity=entity)
    # Seed 003's plan: signed on 14/11/2024, approved on 21/05/2024 (a later revision).
    prepared, approved = datetime.date(2024, 11, 14), datetime.date(2024, 5, 21)
    _plan_update(plan, prepared_on=prepared, approved_on=approved)
    assert ImprovementPlan.objects.get(pk=plan.pk).approved_on == approved


def _action_update(action, **dates):
    values = {"start_date": None, "deadline": None, **dates}
    return services.action_update(
        action=action,
        improvement_alternative="Diseñar mejoras del diagnóstico",
        area=None,
        responsible=None,
        deadline_months=None,
        expected_evidence="Documento",
        **values,
    )


@pytest.mark.parametrize(
    ("dates", "field", "fragment"),
    [
        ({"start_date": datetime.date(1999, 1, 1)}, "start_date", "el año 1999 no es posible"),
        ({"deadline": datetime.date(2999, 1, 1)}, "deadline", "el año 2999 no es posible"),
        (
            {"start_date": datetime.date(2025, 3, 1), "deadline": datetime.date(2025, 2, 1)},
            "deadline",
            "no puede ser anterior",
        ),
    ],
)
def test_action_refuses_implausible_dates(entity, dates, field, fragment):
    action = ImprovementActionFactory(entity=entity)
    with pytest.raises(ValidationError) as exc:
        _action_update(action, **dates)
    assert fragment in " ".join(exc.value.message_dict[field])
    stored = ImprovementAction.objects.get(pk=action.pk)
    assert (stored.start_date, stored.deadline) == (None, None)
