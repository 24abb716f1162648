import pytest

from cabildo.bodies import demo as bodies_demo
from cabildo.bodies.models import ParticipationBody, Publication
from cabildo.bodies.selectors import system_overview
from cabildo.core import demo as core_demo
from cabildo.stakeholders import demo as stakeholders_demo
from cabildo.stakeholders.models import StakeholderGroup
from cabildo.territories import demo as territories_demo
from cabildo.territories.models import Territory

pytestmark = pytest.mark.django_db


def _seed():
    entities = {}
    core_demo.seed(entities=entities)
    for module in (territories_demo, stakeholders_demo, bodies_demo):
        module.seed(entities=entities)
    return entities


def test_demo_reproduces_seed_000_and_is_idempotent():
    entities = _seed()
    counts = (ParticipationBody.objects.count(), StakeholderGroup.objects.count())
    _seed()
    assert (ParticipationBody.objects.count(), StakeholderGroup.objects.count()) == counts
    itagui = entities["itagui"]
    overview = system_overview(entity=itagui, year=2019)
    assert overview["total"] == 27
    kind = overview["dimensions"][0]
    assert [(r["count"], r["percent"]) for r in kind.rows] == [(5, 19), (9, 33), (13, 48)]
    assert system_overview(entity=itagui, year=2022)["total"] == 42
    assert Territory.objects.for_entity(itagui).filter(name="El Manzanillo").exists()
    # The archive and the publication journeys have something to show: one instancia archived
    # with its history (restorable), one registered by an area that waits as a draft.
    archived = ParticipationBody.objects.get(entity=itagui, name=bodies_demo.ARCHIVED_BODY)
    assert archived.is_archived and archived.archived_reason
    assert archived.members.exists() and archived.sessions.exists()
    draft = ParticipationBody.objects.get(entity=itagui, name=bodies_demo.DRAFT_BODY)
    assert draft.publication == Publication.DRAFT and not draft.is_archived
    public = ParticipationBody.objects.for_entity(itagui).filter(
        publication=Publication.PUBLISHED, archived_at__isnull=True
    )
    assert not public.filter(name__in=[archived.name, draft.name]).exists()
    cali = entities["cali"]
    dagma = ParticipationBody.objects.for_entity(cali).filter(secretariat__acronym="DAGMA")
    assert dagma.filter(acronym="CACM").exists()
    assert dagma.filter(name__startswith="Comité Ambiental Comunitario Comuna").count() == 22
    # The sistema municipal opens on the vigencia in force: Cali characterized this year too.
    from django.utils import timezone

    from cabildo.bodies.models import BodyCharacterization

    this_year = BodyCharacterization.objects.for_entity(cali).filter(year=timezone.localdate().year)
    assert this_year.count() == dagma.count()
    assert this_year.filter(status="inactiva").count() == 2
    for entity in entities.values():
        assert StakeholderGroup.objects.for_entity(entity).count() == 12
