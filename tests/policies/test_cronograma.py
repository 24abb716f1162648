"""The plan operativo's cronograma by month and week (seed 000's Primer Encuentro de
Instancias): weeks of each month, marks for the scheduled weeks and for the linked event's
week, the status in words, a real table for staff and the public, cards on a phone."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from cabildo.accounts.models import Role
from cabildo.policies import selectors
from tests.execution.factories import EventFactory
from tests.policies.factories import PlanActionFactory, PlanLineFactory, PolicyFactory

pytestmark = pytest.mark.django_db

D = datetime.date


def test_a_month_has_four_or_five_weeks_of_seven_days():
    weeks = selectors.month_weeks(2022, 11)
    assert [w.label for w in weeks] == ["S1", "S2", "S3", "S4", "S5"]
    assert (weeks[1].first, weeks[1].last) == (D(2022, 11, 8), D(2022, 11, 14))
    assert (weeks[4].first, weeks[4].last) == (D(2022, 11, 29), D(2022, 11, 30))
    assert len(selectors.month_weeks(2023, 2)) == 4
    assert selectors.month_weeks(2024, 2)[-1].first == D(2024, 2, 29)


@pytest.fixture
def encuentro(entity):
    policy = PolicyFactory(entity=entity)
    line = PlanLineFactory(entity=entity, component__policy=policy, name="Primer Encuentro")
    event = EventFactory(
        entity=entity,
        title="Primer Encuentro de Instancias",
        starts_at=timezone.make_aware(datetime.datetime(2022, 11, 28, 8)),
        ends_at=timezone.make_aware(datetime.datetime(2022, 11, 28, 12)),
    )
    planning = PlanActionFactory(
        entity=entity,
        line=line,
        description="Planeación del encuentro",
        starts_on=D(2022, 10, 3),
        due_date=D(2022, 10, 31),
        done_on=D(2022, 10, 28),
    )
    meeting = PlanActionFactory(
        entity=entity,
        line=line,
        description="Realización del encuentro",
        starts_on=D(2022, 11, 28),
        due_date=D(2022, 11, 28),
        event=event,
    )
    document = PlanActionFactory(
        entity=entity,
        line=line,
        description="Documento de reflexiones",
        starts_on=D(2030, 12, 1),
        due_date=D(2030, 12, 20),
    )
    return policy, planning, meeting, document


def test_weeks_are_marked_from_start_to_due_date_and_the_event_week(encuentro):
    policy, planning, meeting, document = encuentro
    document.starts_on, document.due_date = D(2022, 12, 1), D(2022, 12, 20)
    document.save()
    crono = selectors.weekly_cronograma(policy=policy, on=D(2022, 12, 5))
    assert [m.label for m in crono.months] == ["Oct 2022", "Nov 2022", "Dic 2022"]
    assert crono.week_count == 15 and not crono.truncated
    rows = {row.action: row for row in crono.rows}
    marked = lambda row: [c.week.first for c in row.cells if c.scheduled]  # noqa: E731
    assert marked(rows[planning]) == [D(2022, 10, d) for d in (1, 8, 15, 22, 29)]
    assert [c.week.first for c in rows[meeting].cells if c.event] == [D(2022, 11, 22)]
    assert marked(rows[document]) == [D(2022, 12, 1), D(2022, 12, 8), D(2022, 12, 15)]
    statuses = [rows[a].status for a in (planning, meeting, document)]
    assert statuses == ["cumplida", "vencida", "en_curso"]


def test_a_long_plan_shows_at_most_two_years(encuentro):
    policy, *_ = encuentro
    crono = selectors.weekly_cronograma(policy=policy)
    assert len(crono.months) == selectors.MAX_CRONOGRAMA_MONTHS and crono.truncated


def test_staff_and_public_pages_are_a_table_with_headers_and_phone_cards(
    encuentro, staff_client, public_client, entity
):
    policy, _planning, meeting, _document = encuentro
    staff = staff_client(Role.PLANNING_OFFICE, entity)
    detail = staff.get(reverse("policies:policy_detail", args=[policy.pk])).content.decode()
    assert reverse("policies:cronograma", args=[policy.pk]) in detail
    page = staff.get(reverse("policies:cronograma", args=[policy.pk])).content.decode()
    assert '<th scope="colgroup" colspan="5" class="crono-month-start">Oct 2022</th>' in page
    assert "<caption" in page and 'scope="row"' in page and "S5" in page
    # The status is written, not only coloured; the marks have words for screen readers.
    assert "Cumplida el 28/10/2022" in page and "Vencida" in page
    assert '<span class="visually-hidden">evento</span>' in page
    assert "crono-card" in page and "Nov 2022: S4 (" in page
    public = public_client(entity)
    home = public.get(reverse("policies:public_policy", args=[policy.pk])).content.decode()
    url = reverse("policies:public_cronograma", args=[policy.pk])
    assert url in home
    page = public.get(url).content.decode()
    # The public page links no staff form (the client may still be signed in: no can_manage).
    edit = reverse("policies:action_update", args=[meeting.pk])
    assert "Realización del encuentro" in page and edit not in page
    policy.is_published = False
    policy.save()
    assert public.get(url).status_code == 404


def test_progress_without_actions_has_no_percentage():
    from cabildo.policies.selectors import Progress

    assert Progress(total=0, done=0, overdue=0).percent is None  # «El plan aún no tiene acciones.»
    assert Progress(total=2, done=1, overdue=0).percent == 50
