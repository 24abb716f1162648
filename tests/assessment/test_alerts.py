from datetime import timedelta

import pytest
from django.core import mail
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from cabildo.accounts.models import Role
from cabildo.assessment import desk, tasks
from cabildo.assessment.models import ActionStatus
from tests.assessment.factories import ImprovementActionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def actions(entity, make_member):
    responsible = make_member(Role.AREA_LIAISON, entity, email="enlace@prueba.test")
    lead = make_member(Role.PARTICIPATION_LEAD, entity, email="lider@prueba.test")
    today = timezone.localdate()
    soon = ImprovementActionFactory(
        entity=entity, responsible=responsible, due_date=today + timedelta(days=10)
    )
    plan = soon.plan
    rows = list(plan.actions.order_by("activity__order"))
    overdue, far, done = rows[1], rows[2], rows[3]
    overdue.due_date = today - timedelta(days=3)
    overdue.save()
    far.due_date = today + timedelta(days=40)
    far.responsible = responsible
    far.save()
    done.due_date = today - timedelta(days=3)
    done.status = ActionStatus.DONE
    done.progress = 100
    done.save()
    return {"responsible": responsible, "lead": lead, "soon": soon, "overdue": overdue}


def _request(user, entity):
    request = RequestFactory().get("/")
    request.user = user
    request.entity = entity
    return request


def test_desk_responsible_sees_own(actions, entity):
    sections = desk.desk_sections(_request(actions["responsible"], entity))
    assert len(sections) == 1
    assert sections[0].count == 1
    assert sections[0].items[0].status == "Próxima a vencer"


def test_desk_lead_sees_all_with_text_status(actions, entity):
    sections = desk.desk_sections(_request(actions["lead"], entity))
    assert sections[0].count == 2
    statuses = [i.status for i in sections[0].items]
    assert statuses == ["Vencida", "Próxima a vencer"]


def test_desk_nothing_for_unrelated_member(actions, entity, make_member):
    viewer = make_member(Role.VIEWER, entity)
    assert desk.desk_sections(_request(viewer, entity)) == []


def test_desk_is_shown_on_mi_escritorio(actions, entity, client):
    client.force_login(actions["lead"])
    client.entity = entity
    page = client.get(reverse("accounts:desk")).content.decode()
    assert "Plan de mejoramiento" in page and "Vencida" in page


def test_weekly_task_emails(actions, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        sent = tasks.send_action_alerts.delay().get()
    assert sent == 2
    by_to = {m.to[0]: m for m in mail.outbox}
    assert set(by_to) == {"enlace@prueba.test", "lider@prueba.test"}
    assert "VENCIDA" in by_to["lider@prueba.test"].body
    assert "VENCIDA" not in by_to["enlace@prueba.test"].body


def test_beat_schedule_declared():
    from django.apps import apps

    schedule = apps.get_app_config("assessment").beat_schedule
    assert any(
        v["task"] == "cabildo.assessment.tasks.send_action_alerts" for v in schedule.values()
    )
