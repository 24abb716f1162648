"""A year of a plan with known figures, shared by the evaluation tests.

Plan 2025 (in execution), activities:

1. Gobierno · diagnóstico · planeación · presencial · consultar · groups [JAC]: an event held
   in March with 3 attendees (2 of Jóvenes) and 1 no-show (Mujeres); contributions: 2 viable
   (consultar), 1 not viable, 1 unanalysed; report accepted → "reportada".
2. Salud · formulación · control social · virtual · colaborar · groups [JAC, Jóvenes]: an
   event held in June with 1 attendee (JAC); 1 contribution partly viable (colaborar) →
   "realizada".
3. Gobierno · implementación: an event started in July but nobody's attendance was recorded
   (1 registered, absent) → not held, "convocada".
4. Salud · evaluación: cancelled.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from cabildo.core.models import Area
from cabildo.execution.models import (
    ActivityCancellation,
    ActivityReport,
    Modality,
    ReportStatus,
    Viability,
)
from cabildo.plans.models import (
    Channel,
    CyclePhase,
    IncidenceLevel,
    PlanStatus,
    Procedure,
)
from cabildo.stakeholders.models import StakeholderGroup
from tests.execution.factories import ContributionFactory, EventFactory, RegistrationFactory
from tests.factories import AreaFactory
from tests.plans.factories import ActivityFactory, PlanVersionFactory, StakeholderGroupFactory

YEAR = 2025


def at(month: int, day: int, hour: int = 9) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(YEAR, month, day, hour, 0))


def held_event(activity: Any, when: datetime.datetime, **kwargs: Any) -> Any:
    return EventFactory(
        entity=activity.entity,
        activity=activity,
        starts_at=when,
        ends_at=when + datetime.timedelta(hours=3),
        **kwargs,
    )


def _area(entity: Any, name: str) -> Any:
    return Area.objects.filter(entity=entity, name=name).first() or AreaFactory(
        entity=entity, name=name
    )


def _group(entity: Any, name: str) -> Any:
    return StakeholderGroup.objects.filter(
        entity=entity, name=name
    ).first() or StakeholderGroupFactory(entity=entity, name=name)


@dataclass
class Scenario:
    version: Any
    activities: list[Any]
    groups: dict[str, Any]
    areas: dict[str, Any]
    events: list[Any]


def build(entity: Any, year: int = YEAR) -> Scenario:
    version = PlanVersionFactory(entity=entity, plan__year=year, status=PlanStatus.IN_EXECUTION)
    gobierno = _area(entity, "Secretaría de Gobierno")
    salud = _area(entity, "Secretaría de Salud")
    jac = _group(entity, "Juntas de acción comunal")
    jovenes = _group(entity, "Jóvenes")
    mujeres = _group(entity, "Mujeres")

    def activity(area: Any, phase: str, procedure: str, channel: str, level: str, **kw: Any):
        return ActivityFactory(
            entity=entity,
            version=version,
            area=area,
            phase=phase,
            procedure=procedure,
            channels=[channel],
            incidence_level=level,
            start_date=datetime.date(year, 2, 1),
            end_date=datetime.date(year, 11, 30),
            **kw,
        )

    a1 = activity(
        gobierno,
        CyclePhase.DIAGNOSIS,
        Procedure.PARTICIPATORY_PLANNING,
        Channel.IN_PERSON,
        IncidenceLevel.CONSULT,
    )
    a1.stakeholder_groups.set([jac])
    a2 = activity(
        salud,
        CyclePhase.FORMULATION,
        Procedure.SOCIAL_OVERSIGHT,
        Channel.VIRTUAL,
        IncidenceLevel.COLLABORATE,
    )
    a2.stakeholder_groups.set([jac, jovenes])
    a3 = activity(
        gobierno,
        CyclePhase.IMPLEMENTATION,
        Procedure.PROMOTION,
        Channel.IN_PERSON,
        IncidenceLevel.INFORM,
    )
    a4 = activity(
        salud,
        CyclePhase.EVALUATION,
        Procedure.SOCIAL_OVERSIGHT,
        Channel.MIXED,
        IncidenceLevel.CONTROL,
    )
    ActivityCancellation.objects.create(entity=entity, activity=a4, reason="Sin presupuesto")

    e1 = held_event(a1, at(3, 10).replace(year=year), title="Mesa de diagnóstico con las JAC")
    for group in (jovenes, jovenes, None):
        RegistrationFactory(entity=entity, event=e1, stakeholder_group=group, attended=True)
    RegistrationFactory(entity=entity, event=e1, stakeholder_group=mujeres, attended=False)
    for _ in range(2):
        ContributionFactory(
            entity=entity,
            event=e1,
            viability=Viability.VIABLE,
            justification="Se incorpora al plan de acción.",
            incidence_level=IncidenceLevel.CONSULT,
            author_name="Rosa Elena Vélez",
        )
    ContributionFactory(
        entity=entity,
        event=e1,
        viability=Viability.NOT_VIABLE,
        justification="No es competencia de la entidad.",
        author_name="Rosa Elena Vélez",
    )
    ContributionFactory(entity=entity, event=e1, author_name="Rosa Elena Vélez")
    ActivityReport.objects.create(
        entity=entity,
        activity=a1,
        status=ReportStatus.ACCEPTED,
        results="Diagnóstico de necesidades de las juntas de acción comunal.",
    )
    e2 = held_event(
        a2,
        at(6, 5).replace(year=year),
        title="Taller virtual de formulación",
        modality=Modality.VIRTUAL,
        link="https://meet.example.org/taller",
    )
    ContributionFactory(
        entity=entity,
        event=e2,
        viability=Viability.PARTIAL,
        justification="Se ajusta el cronograma.",
        incidence_level=IncidenceLevel.COLLABORATE,
        author_name="Rosa Elena Vélez",
    )
    RegistrationFactory(entity=entity, event=e2, stakeholder_group=jac, attended=True)
    e3 = held_event(a3, at(7, 2).replace(year=year), title="Jornada sin asistencia registrada")
    RegistrationFactory(entity=entity, event=e3, stakeholder_group=mujeres, attended=False)
    return Scenario(
        version=version,
        activities=[a1, a2, a3, a4],
        groups={"jac": jac, "jovenes": jovenes, "mujeres": mujeres},
        areas={"gobierno": gobierno, "salud": salud},
        events=[e1, e2, e3],
    )
