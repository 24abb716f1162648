"""Staff list sorted by due date with the business days left; the desk counts what the list
shows (issue 20: the desk said "(10)" overdue when about 30 were)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from cabildo.accounts.models import Role
from cabildo.pqrs import deadlines, selectors
from cabildo.pqrs.models import Status
from cabildo.workdays.calendar import calendar_for
from tests.pqrs.factories import PetitionFactory
from tests.pqrs.test_views import _clear_cache  # noqa: F401 (autouse: a clean page cache)

pytestmark = pytest.mark.django_db


def test_business_days_left(entity):
    calendar = calendar_for(entity)
    friday = date(2026, 3, 20)
    assert deadlines.business_days_left(calendar, friday, friday) == 0
    assert deadlines.business_days_left(calendar, friday, date(2026, 3, 24)) == 1  # 23 is a holiday
    assert deadlines.business_days_left(calendar, date(2026, 3, 24), friday) == -1
    assert deadlines.business_days_left(calendar, date(2026, 3, 27), friday) == -4


def test_due_date_order_pages_through_every_row_once(entity, make_member):
    user = make_member(Role.PARTICIPATION_LEAD, entity)
    today = timezone.localdate()
    dues = [today + timedelta(days=d) for d in (9, 1, 5, 1, 30, -3)] + [None, None]
    for due in dues:
        PetitionFactory(entity=entity, due_date=due)
    ctx = selectors.semaphore_context(entity=entity)
    filters = selectors.PetitionFilters(order=selectors.ORDER_DUE)
    qs = selectors.petition_list(entity=entity, user=user, filters=filters, ctx=ctx)
    seen, cursor = [], ""
    while True:
        page = selectors.keyset_page(qs, cursor=cursor, ctx=ctx, size=3, order=filters.order)
        seen += [row.petition for row in page.rows]
        if not page.next_cursor:
            break
        cursor = page.next_cursor
    assert len(seen) == len(dues) == len({p.pk for p in seen})
    got = [p.due_date for p in seen]
    assert got == [*sorted(d for d in dues if d), None, None]


def test_list_sorted_by_due_date_shows_business_days_left(staff_client, entity):
    calendar = calendar_for(entity)
    today = timezone.localdate()
    soon = calendar.add_business_days(today, 2)
    late = PetitionFactory(
        entity=entity, subject="La atrasada", due_date=today - timedelta(days=10)
    )
    PetitionFactory(entity=entity, subject="La próxima", due_date=soon, status=Status.ASSIGNED)
    PetitionFactory(entity=entity, subject="La suspendida", due_date=soon, paused_at=today)
    client = staff_client(Role.PARTICIPATION_LEAD, entity)
    html = client.get(reverse("pqrs:staff_list"), {"order": "vencimiento"}).content.decode()
    assert "Días hábiles restantes" in html
    assert html.index("La atrasada") < html.index("La próxima")
    overdue_by = calendar.count_business_days(late.due_date, today)
    row = html[html.index("La atrasada") :].split("</tr>")[0]
    assert f"<td>−{overdue_by}</td>" in row
    assert "<td>2</td>" in html[html.index("La próxima") :].split("</tr>")[0]
    assert "<td>—</td>" in html[html.index("La suspendida") :].split("</tr>")[0]
    assert "de la que vence primero" in html


def test_desk_counts_equal_the_list(staff_client, entity):
    today = timezone.localdate()
    for _ in range(12):
        PetitionFactory(entity=entity, due_date=today - timedelta(days=20))
    PetitionFactory(entity=entity, due_date=today)
    PetitionFactory(entity=entity, due_date=today - timedelta(days=20), status=Status.ANSWERED)
    client = staff_client(Role.PARTICIPATION_LEAD, entity)
    html = client.get(reverse("accounts:desk")).content.decode()
    assert "PQRSD vencidas: 12 · por vencer: 1" in html
    listed = client.get(
        reverse("pqrs:staff_list"), {"semaphore": deadlines.OVERDUE}
    ).content.decode()
    assert listed.count('class="pqrs-status pqrs-status--vencida"') == 12


def test_staff_list_bad_filters_are_form_errors_beside_their_fields(staff_client, entity, area):
    """The HTML list and the API share ``pqrs.filters.PetitionFilterSet``: a bad value is an
    error under its field (never a 500), and the valid filters still apply."""
    kept = PetitionFactory(entity=entity, subject="Alumbrado", area=area)
    PetitionFactory(entity=entity, subject="Basuras")
    client = staff_client(Role.PARTICIPATION_LEAD)
    response = client.get(
        reverse("pqrs:staff_list"),
        {
            "area": area.pk,
            "status": "inventado",
            "kind": "nada",
            "date_from": "2026-13-45",
            "semaphore": "morado",
            "order": "asunto",
            "cursor": "basura",
        },
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert kept.filing_number in html and "Basuras" not in html
    assert html.count("invalid-feedback") == 5
    assert "Fecha no válida (use AAAA-MM-DD)." in html
    assert "«nada» no es un valor válido para «Clase»." in html
    backwards = client.get(
        reverse("pqrs:staff_list"), {"date_from": "2026-05-02", "date_to": "2026-05-01"}
    )
    assert "La fecha final es anterior a la inicial." in backwards.content.decode()
    by_code = client.get(reverse("pqrs:staff_list"), {"kind": kept.kind.code, "area": area.pk})
    assert kept.filing_number in by_code.content.decode()
    assert f'<option value="{kept.kind.code}" selected>' in by_code.content.decode()
    english = client.get(
        reverse("pqrs:staff_list"), {"date_from": "x"}, HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    assert "Invalid date (use YYYY-MM-DD)." in english
