"""The four demo entities' published figures are consistent with their records (issue 18).

Seeds the whole demo once and checks, for Itagüí, FONDESER, Cartago and Cali:
- no activity counts as held without recorded attendance, and no grupo de valor counts as
  involved that no attendee belongs to; every attendee of a held event has a group;
- every event falls within its activity's dates;
- a formal body is not formed after its act of creation;
- every characterization figure is the registry's recount, or a correction with its reason;
- every report sent to planning carries its frozen figures (what the public page shows), and
  was sent after its first event and within a year of its last, and reviewed within a year;
- every entity has commitments from its past events, none due before its event, and each one
  done was done between its event and today;
- the PQRSD demo (moved here from tests/pqrs/test_demo.py, so the demo is seeded once): seeding
  again adds nothing, every entity has the legal kinds, Cali's in-person windows dominate
  (seed 004), and every state and every colour of the semáforo shows on the day it runs.
"""

from __future__ import annotations

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone

from cabildo.bodies.models import FIGURES, BodyCharacterization, ParticipationBody
from cabildo.bodies.selectors import with_figures
from cabildo.core.models import Entity
from cabildo.evaluation.selectors import activity_records
from cabildo.execution.models import (
    ActivityReport,
    Commitment,
    CommitmentStatus,
    Event,
    Registration,
    ReportStatus,
)
from cabildo.plans.models import ParticipationPlan
from cabildo.pqrs import deadlines, selectors
from cabildo.pqrs import demo as pqrs_demo
from cabildo.pqrs.models import Channel, ClosingReason, Petition, PetitionKind, Status

pytestmark = pytest.mark.django_db

SLUGS = ("itagui", "fondeser", "cartago", "cali")
YEAR = datetime.timedelta(days=365)
# What a report sent to planning freezes (execution.selectors.reports.report_figures).
FROZEN_FIGURES = {
    "activity",
    "events",
    "participants",
    "convocation",
    "contributions",
    "commitments",
}


def test_demo_figures_are_consistent_with_their_records():
    call_command("seed_demo", verbosity=0)
    now = timezone.now()
    entities = list(Entity.objects.filter(slug__in=SLUGS))
    assert {e.slug for e in entities} == set(SLUGS)
    problems: list[str] = []
    held_somewhere = 0
    for entity in entities:
        years = ParticipationPlan.objects.for_entity(entity).values_list("year", flat=True)
        for year in sorted(set(years)):
            _version, records = activity_records(entity=entity, year=year, now=now)
            for record in records:
                if not record.is_held:
                    continue
                held_somewhere += 1
                where = f"{entity.slug} {year} «{record.activity.name}»"
                if record.attended == 0:
                    problems.append(f"{where}: held without recorded attendance")
                if not record.groups <= record.attendee_groups:
                    extra = sorted(record.groups - record.attendee_groups)
                    problems.append(f"{where}: groups no attendee belongs to: {extra}")
        orphans = Registration.objects.for_entity(entity).filter(
            attended=True, stakeholder_group__isnull=True, event__starts_at__lte=now
        )
        problems += [f"{entity.slug}: attendee without a group at «{r.event}»" for r in orphans]
        for event in Event.objects.for_entity(entity).select_related("activity"):
            activity, day = event.activity, timezone.localtime(event.starts_at).date()
            if (activity.start_date and day < activity.start_date) or (
                activity.end_date and day > activity.end_date
            ):
                problems.append(
                    f"{entity.slug}: «{event.title}» on {day} outside its activity's dates "
                    f"({activity.start_date} – {activity.end_date})"
                )
        sent = ActivityReport.objects.for_entity(entity).exclude(status=ReportStatus.DRAFT)
        for report in sent.select_related("activity"):
            missing = FROZEN_FIGURES - set(report.figures or {})
            if missing:
                problems.append(
                    f"{entity.slug}: report of «{report.activity}» sent without {sorted(missing)}"
                )
            events = Event.objects.filter(activity=report.activity).order_by("starts_at")
            first, last = events.first(), events.last()
            sent, reviewed = report.submitted_at, report.reviewed_at
            if not (
                sent
                and first
                and last
                and first.starts_at <= sent <= min(now, last.ends_at + YEAR)
                and sent <= (reviewed or sent) <= sent + YEAR
            ):
                problems.append(
                    f"{entity.slug}: report of «{report.activity}» sent {sent}, reviewed "
                    f"{reviewed}, first event {first and first.starts_at}"
                )
        commitments = Commitment.objects.for_entity(entity).select_related("event")
        if not commitments:
            problems.append(f"{entity.slug}: no commitments recorded at its events")
        for c in commitments:
            held_on = timezone.localtime(c.event.starts_at).date()
            if c.due_date < held_on:
                problems.append(f"{entity.slug}: «{c}» due before its event")
            if c.status == CommitmentStatus.DONE and not (
                c.completed_on and held_on <= c.completed_on <= timezone.localdate()
            ):
                problems.append(f"{entity.slug}: «{c}» done on {c.completed_on}")
        for body in ParticipationBody.objects.for_entity(entity).filter(is_formal=True):
            if body.created_on and body.legal_act_date and body.created_on > body.legal_act_date:
                problems.append(f"{entity.slug}: «{body}» formed after its act")
        for c in with_figures(BodyCharacterization.objects.for_entity(entity)):
            for name in FIGURES:
                correction = getattr(c, f"{name}_correction")
                recount = getattr(c, f"{name}_recount")
                if correction is not None and (
                    correction == recount or not getattr(c, f"{name}_reason").strip()
                ):
                    problems.append(f"{entity.slug}: {c} {name} typed without a reason")
    assert problems == []
    assert held_somewhere >= 4  # the check ran over real held activities
    _check_pqrs_demo({e.slug: e for e in entities})


def _check_pqrs_demo(entities: dict[str, Entity]) -> None:
    total = Petition.objects.count()
    pqrs_demo.seed(entities=entities)  # idempotent
    assert Petition.objects.count() == total
    for entity in entities.values():
        codes = set(PetitionKind.objects.filter(entity=entity).values_list("code", flat=True))
        assert {spec["code"] for spec in deadlines.DEFAULT_KINDS} <= codes  # (+ veedurías')
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
