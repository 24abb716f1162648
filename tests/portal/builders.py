"""Public data of one entity, for the portal's tests: a plan in consultation with an activity
and observations, published events (open, held), a body with a public session, petitions and
grupos de valor. Every person-related value is a known marker the tests look for."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from cabildo.core.models import Entity
from cabildo.plans.models import Viability
from tests.bodies.factories import BodyMemberFactory, BodySessionFactory, ParticipationBodyFactory
from tests.execution.factories import ContributionFactory, EventFactory, RegistrationFactory
from tests.plans.factories import (
    ActivityFactory,
    ConsultationFactory,
    ObservationFactory,
    StakeholderGroupFactory,
)
from tests.portal.factories import AttentionChannelFactory
from tests.pqrs.factories import PetitionFactory

PERSONAL = {
    "names": ["Rosalba Quintero Mejía", "Hernando Ospina Ruiz", "Luz Dary Cárdenas"],
    "emails": ["rosalba.quintero@correo.test", "hospina@correo.test", "luzdary@correo.test"],
    "phones": ["3104567890", "3187654321"],
    "documents": ["43876512", "1017234567"],
}


def public_data(
    entity: Entity, *, rows: int = 1, tag: str = "", year: int = 2031
) -> dict[str, Any]:
    """``rows`` of each public kind for ``entity`` (a plan of ``year`` in consultation);
    ``tag`` marks their titles."""
    now = timezone.now()
    consultation = ConsultationFactory(entity=entity, version__plan__year=year)
    activity = None
    group = StakeholderGroupFactory(
        entity=entity,
        name=f"Juntas de acción comunal {tag}",
        organisation_contact=f"{PERSONAL['names'][2]} {PERSONAL['phones'][1]}",
        estimated_size=120,
    )
    for n in range(rows):
        activity = ActivityFactory(
            entity=entity, version=consultation.version, name=f"Mesa {tag} {n}"
        )
        activity.stakeholder_groups.add(group)
        ObservationFactory(
            entity=entity,
            consultation=consultation,
            activity=activity,
            stakeholder_group=group,
            text=f"Observación {tag} {n}",
            email=PERSONAL["emails"][0],
            viability=Viability.VIABLE,
            justification=f"Respuesta {tag} {n}",
            answered_at=now,
        )
        event = EventFactory(entity=entity, activity=activity, title=f"Encuentro {tag} {n}")
        RegistrationFactory(
            entity=entity,
            event=event,
            name=PERSONAL["names"][0],
            email=PERSONAL["emails"][1],
            phone=PERSONAL["phones"][0],
        )
        ContributionFactory(entity=entity, event=event, author_name=PERSONAL["names"][1])
        body = ParticipationBodyFactory(
            entity=entity, name=f"Consejo {tag} {n}", public_contact=PERSONAL["emails"][2]
        )
        BodyMemberFactory(
            entity=entity, body=body, name=PERSONAL["names"][2], contact=PERSONAL["phones"][1]
        )
        BodySessionFactory(
            entity=entity, body=body, date=datetime.date(2025, 5, 10), decisions=f"Decisión {tag}"
        )
        PetitionFactory(
            entity=entity,
            anonymous=False,
            requester_name=PERSONAL["names"][1],
            requester_email=PERSONAL["emails"][2],
            requester_phone=PERSONAL["phones"][0],
            requester_document_number=PERSONAL["documents"][n % 2],
        )
        AttentionChannelFactory(entity=entity, name=f"Ventanilla {tag} {n}")
    held = EventFactory(
        entity=entity,
        activity=activity,
        title=f"Foro realizado {tag}",
        starts_at=now - datetime.timedelta(days=3, hours=2),
        ends_at=now - datetime.timedelta(days=3),
    )
    RegistrationFactory(entity=entity, event=held, attended=True)  # held: someone attended
    return {"consultation": consultation, "held": held, "group": group}
