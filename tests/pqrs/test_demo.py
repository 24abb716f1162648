"""The PQRSD demo: idempotent, Cali's channel proportions, every state."""

from __future__ import annotations

import pytest

from cabildo.core import demo as core_demo
from cabildo.core.models import Entity
from cabildo.pqrs import deadlines, demo, selectors
from cabildo.pqrs.models import Channel, ClosingReason, Petition, PetitionKind, Status

pytestmark = pytest.mark.django_db


def test_demo_seed_is_idempotent_and_covers_every_state():
    core_demo.seed(entities={})
    entities = {e.slug: e for e in Entity.objects.all()}
    demo.seed(entities=entities)
    total = Petition.objects.count()
    demo.seed(entities=entities)
    assert Petition.objects.count() == total
    for entity in entities.values():
        assert PetitionKind.objects.filter(entity=entity).count() == 10
        assert Petition.objects.filter(entity=entity, is_demo=True).exists()
    cali = Petition.objects.filter(entity=entities["cali"])
    in_person = cali.filter(channel=Channel.IN_PERSON).count()
    web = cali.filter(channel=Channel.WEB).count()
    assert in_person > 10 * web > 0  # seed 004: in-person windows dominate
    statuses = set(Petition.objects.values_list("status", flat=True))
    assert statuses >= {Status.ASSIGNED, Status.IN_PROGRESS, Status.ANSWERED, Status.CLOSED}
    reasons = set(Petition.objects.values_list("closing_reason", flat=True))
    assert {ClosingReason.ANSWERED, ClosingReason.TRANSFERRED, ClosingReason.WITHDRAWN} <= reasons
    # Every entity shows every state of the semáforo on the day the demo runs.
    for slug, entity in entities.items():
        ctx = selectors.semaphore_context(entity=entity)
        shown = {
            selectors.deadline_status_of(petition, ctx).code
            for petition in Petition.objects.filter(entity=entity)
        }
        assert set(deadlines.FILTERABLE_STATUSES) <= shown, slug
