from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cabildo.accounts.models import Role
from cabildo.evaluation import selectors as evaluation_selectors
from cabildo.execution.models import Contribution, Viability
from cabildo.execution.services.contributions import contribution_analyse, contribution_record
from tests.execution.factories import ContributionFactory, EventFactory
from tests.factories import UserFactory
from tests.plans.factories import ActivityFactory, StakeholderGroupFactory

pytestmark = pytest.mark.django_db


# Services -------------------------------------------------------------------------------------


def test_record_contribution(entity):
    event = EventFactory(entity=entity, started=True)
    group = StakeholderGroupFactory(entity=entity)
    c = contribution_record(
        event=event, kind="propuesta", text="Sesiones en la tarde", stakeholder_group=group
    )
    assert c.entity == entity
    assert not c.is_analysed


def test_record_refuses_empty_text(entity):
    event = EventFactory(entity=entity, started=True)
    with pytest.raises(ValidationError, match="Escriba el aporte"):
        contribution_record(event=event, kind="pregunta", text="   ")
    assert not Contribution.objects.exists()


def test_record_refuses_unknown_kind(entity):
    event = EventFactory(entity=entity, started=True)
    with pytest.raises(ValidationError):
        contribution_record(event=event, kind="queja", text="Algo")
    assert not Contribution.objects.exists()


def test_record_refuses_group_of_other_entity(entity, other_entity):
    event = EventFactory(entity=entity, started=True)
    group = StakeholderGroupFactory(entity=other_entity)
    with pytest.raises(ValidationError, match="grupo de valor no pertenece"):
        contribution_record(event=event, kind="propuesta", text="Algo", stakeholder_group=group)
    assert not Contribution.objects.exists()


def test_record_refuses_cancelled_event(entity):
    event = EventFactory(entity=entity, is_cancelled=True, cancellation_reason="Lluvia")
    with pytest.raises(ValidationError, match="evento cancelado"):
        contribution_record(event=event, kind="propuesta", text="Algo")
    assert not Contribution.objects.exists()


def test_analyse_contribution(entity):
    c = ContributionFactory(entity=entity)
    user = UserFactory()
    contribution_analyse(
        contribution=c,
        user=user,
        viability=Viability.PARTIAL,
        justification="Se amplía un día, no tres.",
        adjustment="Atención los sábados",
        incidence_level="colaborar",
    )
    c.refresh_from_db()
    assert c.is_analysed
    assert c.analysed_by == user
    assert c.analysed_at is not None
    assert c.incidence_level == "colaborar"


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"viability": "", "justification": "Algo"}, "Indique la viabilidad"),
        ({"viability": "quizas", "justification": "Algo"}, "Indique la viabilidad"),
        ({"viability": "viable", "justification": "  "}, "Justifique"),
        (
            {"viability": "no_viable", "justification": "No", "adjustment": "Cambio"},
            "no viable no puede",
        ),
        ({"viability": "viable", "justification": "Sí", "incidence_level": "mandar"}, "mandar"),
    ],
)
def test_analyse_refusals_save_nothing(entity, kwargs, message):
    c = ContributionFactory(entity=entity)
    with pytest.raises(ValidationError, match=message):
        contribution_analyse(contribution=c, user=UserFactory(), **kwargs)
    c.refresh_from_db()
    assert c.viability == ""
    assert c.analysed_at is None


# Rules ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "view", "change"),
    [
        (Role.ENTITY_ADMIN, True, True),
        (Role.PARTICIPATION_LEAD, True, True),
        (Role.PLANNING_OFFICE, True, False),
        (Role.INTERNAL_CONTROL, True, False),
        (Role.VIEWER, False, False),
    ],
)
def test_contribution_roles(make_member, entity, role, view, change):
    user = make_member(role, entity)
    c = ContributionFactory(entity=entity)
    assert user.has_perm("execution.view_contribution", entity) is view
    assert user.has_perm("execution.add_contribution", c.event) is change
    assert user.has_perm("execution.change_contribution", c) is change


def test_liaison_analyses_only_contributions_of_their_area(make_member, entity, area):
    user = make_member(Role.AREA_LIAISON, entity, area)
    own_event = EventFactory(
        entity=entity, started=True, activity=ActivityFactory(entity=entity, area=area)
    )
    own = ContributionFactory(entity=entity, event=own_event)
    other = ContributionFactory(entity=entity)
    assert user.has_perm("execution.view_contribution", entity)
    assert user.has_perm("execution.add_contribution", own_event)
    assert user.has_perm("execution.change_contribution", own)
    assert not user.has_perm("execution.add_contribution", other.event)
    assert not user.has_perm("execution.change_contribution", other)


def test_lead_of_other_entity_cannot_analyse(make_member, entity, other_entity):
    user = make_member(Role.PARTICIPATION_LEAD, other_entity)
    c = ContributionFactory(entity=entity)
    assert not user.has_perm("execution.change_contribution", c)


# Views ----------------------------------------------------------------------------------------


def test_create_contribution_view(staff_client, entity):
    client = staff_client(Role.PARTICIPATION_LEAD)
    event = EventFactory(entity=entity, started=True)
    response = client.post(
        reverse("execution:contribution_create", args=[event.pk]),
        {"kind": "objecion", "text": "El lugar no tiene rampa", "author_name": ""},
    )
    assert response.status_code == 302
    c = Contribution.objects.get()
    assert c.event == event
    assert c.kind == "objecion"


def test_create_view_bad_input_saves_nothing(staff_client, entity):
    client = staff_client(Role.PARTICIPATION_LEAD)
    event = EventFactory(entity=entity, started=True)
    response = client.post(
        reverse("execution:contribution_create", args=[event.pk]),
        {"kind": "propuesta", "text": "   "},
    )
    assert response.status_code == 200
    assert not Contribution.objects.exists()


def test_create_view_refuses_cancelled_event(staff_client, entity):
    client = staff_client(Role.PARTICIPATION_LEAD)
    event = EventFactory(entity=entity, is_cancelled=True, cancellation_reason="Lluvia")
    response = client.post(
        reverse("execution:contribution_create", args=[event.pk]),
        {"kind": "propuesta", "text": "Algo"},
    )
    assert response.status_code == 200
    assert "evento cancelado" in response.content.decode()
    assert not Contribution.objects.exists()


def test_analyse_view(staff_client, entity):
    client = staff_client(Role.PARTICIPATION_LEAD)
    c = ContributionFactory(entity=entity)
    response = client.post(
        reverse("execution:contribution_analyse", args=[c.pk]),
        {"viability": "viable", "justification": "Cabe en el presupuesto", "adjustment": ""},
    )
    assert response.status_code == 302
    c.refresh_from_db()
    assert c.viability == "viable"


def test_analyse_view_without_justification_saves_nothing(staff_client, entity):
    client = staff_client(Role.PARTICIPATION_LEAD)
    c = ContributionFactory(entity=entity)
    response = client.post(
        reverse("execution:contribution_analyse", args=[c.pk]),
        {"viability": "viable", "justification": ""},
    )
    assert response.status_code == 200
    assert "Justifique la viabilidad" in response.content.decode()
    c.refresh_from_db()
    assert c.viability == ""


def test_liaison_of_other_area_cannot_analyse(staff_client, entity):
    client = staff_client(Role.AREA_LIAISON)
    c = ContributionFactory(entity=entity)
    response = client.post(
        reverse("execution:contribution_analyse", args=[c.pk]),
        {"viability": "viable", "justification": "Sí"},
    )
    assert response.status_code == 403
    c.refresh_from_db()
    assert c.viability == ""


def test_cross_entity_is_404(staff_client, other_entity):
    client = staff_client(Role.PARTICIPATION_LEAD)
    c = ContributionFactory(entity=other_entity)
    assert client.get(reverse("execution:contribution_analyse", args=[c.pk])).status_code == 404
    assert (
        client.get(reverse("execution:event_contributions", args=[c.event_id])).status_code == 404
    )
    response = client.post(
        reverse("execution:contribution_create", args=[c.event_id]),
        {"kind": "propuesta", "text": "Algo"},
    )
    assert response.status_code == 404
    assert Contribution.objects.count() == 1


def test_list_filter_unanalysed(staff_client, entity):
    client = staff_client(Role.PLANNING_OFFICE)
    pending = ContributionFactory(entity=entity, text="Pendiente de análisis")
    ContributionFactory(entity=entity, text="Ya analizado", viability="viable", justification="Sí")
    body = client.get(reverse("execution:contribution_list") + "?sin_analizar=1").content.decode()
    assert "Pendiente de análisis" in body
    assert "Ya analizado" not in body
    body = client.get(
        reverse("execution:event_contributions", args=[pending.event_id])
    ).content.decode()
    assert "Pendiente de análisis" in body


def test_list_of_a_year_counts_events_held_that_year(staff_client, entity):
    """``?anio=`` (the dashboard's link) keeps the contributions of events held that year:
    the same rule as the dashboard's figure and the contributions indicators."""
    client = staff_client(Role.PLANNING_OFFICE)
    tz = timezone.get_current_timezone()
    for year, text in ((2025, "Aporte de 2025"), (2026, "Aporte de 2026")):
        ContributionFactory(
            entity=entity,
            text=text,
            event__starts_at=datetime.datetime(year, 12, 31, 23, 30, tzinfo=tz),
            event__ends_at=datetime.datetime(year, 12, 31, 23, 50, tzinfo=tz),
        )
    url = reverse("execution:contribution_list")
    body = client.get(url + "?sin_analizar=1&anio=2025").content.decode()
    assert "Aporte de 2025" in body and "Aporte de 2026" not in body
    assert "eventos realizados en 2025" in body
    assert 'href="?anio=2025"' in body  # "Ver todos los aportes" keeps the year
    board = evaluation_selectors.dashboard(entity=entity, year=2026)
    assert board.contributions_unanalysed == 1
    # A year that is not a year lists everything, as without the filter.
    for raw in ("abc", "20260", "-1", "1e9"):
        body = client.get(url + f"?anio={raw}").content.decode()
        assert "Aporte de 2025" in body and "Aporte de 2026" in body


def _count_queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_lists_constant_queries(staff_client, entity):
    client = staff_client(Role.PARTICIPATION_LEAD)
    event = EventFactory(entity=entity, started=True)
    group = StakeholderGroupFactory(entity=entity)
    urls = [
        reverse("execution:contribution_list"),
        reverse("execution:contribution_list") + "?sin_analizar=1",
        reverse("execution:contribution_list") + "?sin_analizar=1&anio=2026",
        reverse("execution:event_contributions", args=[event.pk]),
    ]
    ContributionFactory.create_batch(5, entity=entity, stakeholder_group=group)
    ContributionFactory.create_batch(5, entity=entity, event=event)
    few = [_count_queries(client, url) for url in urls]
    ContributionFactory.create_batch(45, entity=entity, stakeholder_group=group)
    ContributionFactory.create_batch(45, entity=entity, event=event)
    many = [_count_queries(client, url) for url in urls]
    assert few == many


def test_readers_see_the_analysis_but_no_analyse_link(staff_client, entity):
    c = ContributionFactory(
        entity=entity, viability="no_viable", justification="Excede el presupuesto de 2026"
    )
    body = staff_client(Role.PLANNING_OFFICE).get(reverse("execution:contribution_list"))
    body = body.content.decode()
    assert "Excede el presupuesto de 2026" in body
    assert reverse("execution:contribution_analyse", args=[c.pk]) not in body
    body = staff_client(Role.PARTICIPATION_LEAD).get(reverse("execution:contribution_list"))
    assert reverse("execution:contribution_analyse", args=[c.pk]) in body.content.decode()


def test_liaison_cannot_record_in_event_of_other_area(staff_client, entity):
    client = staff_client(Role.AREA_LIAISON)
    event = EventFactory(entity=entity, started=True)
    response = client.post(
        reverse("execution:contribution_create", args=[event.pk]),
        {"kind": "propuesta", "text": "Algo"},
    )
    assert response.status_code == 403
    assert not Contribution.objects.exists()


def test_no_contribution_before_the_event_starts(entity):
    from cabildo.execution.models import Contribution, ContributionKind

    event = EventFactory(entity=entity)  # in ten days
    with pytest.raises(ValidationError, match="todavía no ha empezado"):
        contribution_record(
            event=event, kind=ContributionKind.PROPOSAL, text="Ampliar los horarios"
        )
    assert not Contribution.objects.exists()
