from __future__ import annotations

import datetime

import pytest
from django.conf import settings
from django.core import mail
from django.db import connection
from django.shortcuts import resolve_url
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cabildo.accounts.models import Role
from cabildo.execution.models import Event, Registration, RegistrationStatus
from cabildo.execution.services.registrations import (
    cancel_token,
)
from cabildo.plans.models import PlanStatus, PlanVersion
from tests.browser.catalogues import ensure_compiled
from tests.execution.factories import (
    ActivityReportFactory,
    CommitmentFactory,
    ContributionFactory,
    EventFactory,
    RegistrationFactory,
)
from tests.plans.factories import ActivityFactory, PlanVersionFactory, StakeholderGroupFactory

pytestmark = pytest.mark.django_db


def event_post(activity, **overrides):
    start = timezone.localtime() + datetime.timedelta(days=7)
    data = {
        "activity": activity.pk,
        "title": "Primer Encuentro de Instancias de Itagüí",
        "starts_at": start.strftime("%Y-%m-%dT08:00"),
        "ends_at": start.strftime("%Y-%m-%dT12:00"),
        "modality": "presencial",
        "place": "Institución Diego Echavarría Misas",
        "address": "Calle 36 # 50-30",
        "capacity": "80",
        "is_published": "on",
    }
    data.update(overrides)
    return data


def in_force(entity, **kwargs):
    """An activity of the plan version in force whose dates cover the events posted here."""
    day = (timezone.localtime() + datetime.timedelta(days=7)).date()
    version = PlanVersion.objects.filter(entity=entity, plan__year=day.year).first()
    return ActivityFactory(
        entity=entity,
        version=version
        or PlanVersionFactory(entity=entity, plan__year=day.year, status=PlanStatus.IN_EXECUTION),
        start_date=day - datetime.timedelta(days=3),
        end_date=day + datetime.timedelta(days=3),
        **kwargs,
    )


def test_list_offers_new_event_only_to_managers(staff_client, entity):
    client = staff_client(Role.PLANNING_OFFICE)
    assert "Nuevo evento" not in client.get(reverse("execution:event_list")).content.decode()
    client = staff_client(Role.PARTICIPATION_LEAD)
    assert "Nuevo evento" in client.get(reverse("execution:event_list")).content.decode()


def test_create_event(staff_client, entity):
    client = staff_client(Role.PARTICIPATION_LEAD)
    activity = in_force(entity)
    response = client.post(reverse("execution:event_create"), event_post(activity))
    event = Event.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("execution:event_detail", args=[event.pk])
    assert timezone.localtime(event.starts_at).hour == 8


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"ends_at": "2020-01-01T07:00"}, "posterior al inicio"),
        ({"capacity": "0"}, "al menos 1"),
        ({"capacity": "-5"}, "al menos 1"),
        ({"modality": "virtual", "link": ""}, "enlace de conexión"),
    ],
)
def test_create_event_bad_input_saves_nothing(staff_client, entity, overrides, message):
    client = staff_client(Role.PARTICIPATION_LEAD)
    activity = in_force(entity)
    response = client.post(reverse("execution:event_create"), event_post(activity, **overrides))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Event.objects.exists()


def test_create_event_with_activity_of_other_entity_refused(staff_client, entity, other_entity):
    client = staff_client(Role.PARTICIPATION_LEAD)
    foreign = ActivityFactory(entity=other_entity)
    response = client.post(reverse("execution:event_create"), event_post(foreign))
    assert response.status_code == 200
    assert not Event.objects.exists()


def test_event_only_on_the_version_in_force_within_its_dates(staff_client, entity):
    client = staff_client(Role.PARTICIPATION_LEAD)
    activity = in_force(entity)
    closed = ActivityFactory(
        entity=entity, version__status=PlanStatus.CLOSED, version__plan__year=2019
    )
    form = client.get(reverse("execution:event_create")).context["form"]
    assert list(form.fields["activity"].queryset) == [activity]
    assert f"plan {activity.version.plan.year}, versión 1" in form.fields[
        "activity"
    ].label_from_instance(activity)
    # An activity of a closed version is not offered (and not accepted).
    response = client.post(reverse("execution:event_create"), event_post(closed))
    assert response.status_code == 200 and not Event.objects.exists()
    # Outside the activity's dates, or outside the plan's vigencia.
    later = timezone.localtime() + datetime.timedelta(days=30)
    response = client.post(
        reverse("execution:event_create"),
        event_post(
            activity,
            starts_at=later.strftime("%Y-%m-%dT08:00"),
            ends_at=later.strftime("%Y-%m-%dT12:00"),
        ),
    )
    assert response.status_code == 200 and not Event.objects.exists()
    errors = response.context["form"].errors["starts_at"]
    assert "El inicio del evento debe estar dentro de" in errors[0]
    response = client.post(
        reverse("execution:event_create"),
        event_post(activity, starts_at="2999-01-01T08:00", ends_at="2999-01-01T12:00"),
    )
    assert "vigencia" in response.context["form"].errors["starts_at"][0]
    assert not Event.objects.exists()


def test_liaison_cannot_create_event_for_other_area(staff_client, entity, area):
    client = staff_client(Role.AREA_LIAISON, area=area)
    other = in_force(entity)
    response = client.post(reverse("execution:event_create"), event_post(other))
    assert response.status_code == 200
    assert not Event.objects.exists()
    own = in_force(entity, area=area)
    response = client.post(reverse("execution:event_create"), event_post(own))
    assert response.status_code == 302


def test_edit_event_bad_input_changes_nothing(staff_client, entity):
    client = staff_client(Role.PARTICIPATION_LEAD)
    event = EventFactory(entity=entity, title="Original", activity=in_force(entity))
    data = event_post(event.activity, title="Nuevo", capacity="0")
    response = client.post(reverse("execution:event_update", args=[event.pk]), data)
    assert response.status_code == 200
    event.refresh_from_db()
    assert event.title == "Original" and event.capacity == 50
    data = event_post(event.activity, title="Nuevo")
    response = client.post(reverse("execution:event_update", args=[event.pk]), data)
    assert response.status_code == 302
    event.refresh_from_db()
    assert event.title == "Nuevo"


def test_lowering_capacity_asks_then_applies_the_decision(staff_client, entity):
    from cabildo.execution.models import RegistrationStatus
    from cabildo.execution.services.registrations import (
        confirmed_count,
        registration_create,
    )

    client = staff_client(Role.PARTICIPATION_LEAD)
    event = EventFactory(entity=entity, activity=in_force(entity), capacity=3)
    for letter in "abc":
        registration_create(
            event=event, name=f"Persona {letter}", email=f"{letter}@example.com", consent_given=True
        )
    url = reverse("execution:event_update", args=[event.pk])
    response = client.post(url, event_post(event.activity, capacity="1"))
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["over_capacity"] == [
        "El nuevo cupo (1) deja 2 inscripciones confirmadas por encima del cupo. "
        "Elija qué hacer con ellas."
    ]
    assert 'name="over_capacity"' in response.content.decode()
    event.refresh_from_db()
    assert event.capacity == 3
    # A choice that is not offered is refused too.
    data = event_post(event.activity, capacity="1", over_capacity="borrar")
    assert client.post(url, data).status_code == 200
    data = event_post(event.activity, capacity="1", over_capacity="lista_espera")
    assert client.post(url, data).status_code == 302
    event.refresh_from_db()
    assert event.capacity == 1 and confirmed_count(event) == 1
    assert event.registrations.filter(status=RegistrationStatus.WAITLISTED).count() == 2
    # Raising it again gives the places back, oldest first; no question asked.
    assert client.post(url, event_post(event.activity, capacity="3")).status_code == 302
    assert confirmed_count(event) == 3


def test_event_form_without_excess_never_shows_the_question(staff_client, entity):
    client = staff_client(Role.PARTICIPATION_LEAD)
    event = EventFactory(entity=entity, activity=in_force(entity), capacity=3)
    url = reverse("execution:event_update", args=[event.pk])
    assert 'name="over_capacity"' not in client.get(url).content.decode()
    response = client.post(url, event_post(event.activity, capacity="abc"))
    assert response.status_code == 200 and "over_capacity" not in response.context["form"].fields


def test_cross_entity_event_is_404(staff_client, other_entity):
    client = staff_client(Role.PARTICIPATION_LEAD)
    event = EventFactory(entity=other_entity)
    for name in ("event_detail", "event_update", "event_cancel", "staff_register"):
        assert client.get(reverse(f"execution:{name}", args=[event.pk])).status_code == 404
    assert client.get(reverse("execution:public_detail", args=[event.pk])).status_code == 404
    assert client.get(reverse("execution:event_ics", args=[event.pk])).status_code == 404


def test_anonymous_staff_pages_redirect_to_login(client, entity):
    event = EventFactory(entity=entity)
    response = client.get(reverse("execution:event_detail", args=[event.pk]))
    assert response.status_code == 302 and response["Location"].startswith(
        resolve_url(settings.LOGIN_URL)
    )


def _count_queries(client, url):
    # A first visit fills process-wide caches (content types for the access log): warm them,
    # or the count depends on which tests ran before in the same worker.
    client.get(url)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx)


def test_staff_list_constant_queries(staff_client, entity):
    client = staff_client(Role.PARTICIPATION_LEAD)
    url = reverse("execution:event_list")
    EventFactory.create_batch(5, entity=entity)
    small = _count_queries(client, url)
    EventFactory.create_batch(45, entity=entity)
    assert _count_queries(client, url) == small


def test_public_list_constant_queries(client, entity):
    url = reverse("execution:public_list")
    EventFactory.create_batch(5, entity=entity)
    small = _count_queries(client, url)
    EventFactory.create_batch(45, entity=entity)
    assert _count_queries(client, url) == small


def test_registration_list_constant_queries(staff_client, entity):
    client = staff_client(Role.PARTICIPATION_LEAD)
    event = EventFactory(entity=entity, capacity=None)
    url = reverse("execution:event_detail", args=[event.pk])
    group = StakeholderGroupFactory(entity=entity)
    RegistrationFactory.create_batch(5, entity=entity, event=event, stakeholder_group=group)
    small = _count_queries(client, url)
    RegistrationFactory.create_batch(45, entity=entity, event=event, stakeholder_group=group)
    assert _count_queries(client, url) == small


def test_public_pages_show_published_only_and_no_personal_data(client, entity):
    event = EventFactory(entity=entity)
    draft = EventFactory(entity=entity, is_published=False, title="Borrador secreto")
    RegistrationFactory(
        entity=entity,
        event=event,
        name="Zoila Privada",
        email="zoila@example.com",
        phone="3109998877",
    )
    listing = client.get(reverse("execution:public_list")).content.decode()
    assert event.title in listing and "Borrador secreto" not in listing
    assert client.get(reverse("execution:public_detail", args=[draft.pk])).status_code == 404
    for url in (
        reverse("execution:public_list"),
        reverse("execution:public_detail", args=[event.pk]),
        reverse("execution:event_ics", args=[event.pk]),
        reverse("execution:calendar_ics"),
    ):
        body = client.get(url).content.decode()
        for secret in ("Zoila", "zoila@example.com", "3109998877"):
            assert secret not in body


def test_ics_feeds(client, entity):
    event = EventFactory(entity=entity)
    EventFactory(entity=entity, is_published=False)
    response = client.get(reverse("execution:calendar_ics"))
    assert response["Content-Type"].startswith("text/calendar")
    text = response.content.decode()
    assert text.count("BEGIN:VEVENT") == 1
    assert f"UID:evento-{event.pk}@" in text
    single = client.get(reverse("execution:event_ics", args=[event.pk])).content.decode()
    assert single.startswith("BEGIN:VCALENDAR\r\n")


def registration_post(**overrides):
    data = {"name": "Luz Marina Gómez", "email": "luz@example.com", "consent": "on"}
    data.update(overrides)
    return data


def test_an_ended_event_says_so_and_links_its_report(client, entity):
    """A past event shows neither places left nor a calendar link: it says it ended and, once
    its activity's report is accepted, links it."""
    now = timezone.now()
    event = EventFactory(
        entity=entity,
        capacity=60,
        starts_at=now - datetime.timedelta(days=30, hours=3),
        ends_at=now - datetime.timedelta(days=30),
    )
    url = reverse("execution:public_detail", args=[event.pk])
    html = client.get(url).content.decode()
    assert "Este evento terminó el" in html and "Las inscripciones cerraron" in html
    assert "Quedan" not in html and reverse("execution:event_ics", args=[event.pk]) not in html
    assert "Ver el reporte de la actividad" not in html
    report = ActivityReportFactory(entity=entity, activity=event.activity)
    html = client.get(url).content.decode()
    assert reverse("execution:public_report_detail", args=[report.pk]) in html
    upcoming = EventFactory(entity=entity, capacity=60)
    html = client.get(reverse("execution:public_detail", args=[upcoming.pk])).content.decode()
    assert "Quedan 60 cupos." in html and "terminó" not in html


def test_public_registration(client, entity, django_capture_on_commit_callbacks):
    event = EventFactory(entity=entity)
    url = reverse("execution:public_detail", args=[event.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url, registration_post(age_range="18-28", share_sex="on", sex="mujer"), follow=True
        )
    assert "inscripción quedó confirmada" in response.content.decode()
    registration = Registration.objects.get()
    assert registration.status == RegistrationStatus.CONFIRMED
    assert registration.sex == "mujer" and registration.age_range == ""
    assert len(mail.outbox) == 1


@pytest.mark.parametrize(
    "overrides",
    [
        {"consent": ""},
        {"email": "", "phone": ""},
        {"name": ""},
        {"email": "no-es-correo"},
    ],
)
def test_public_registration_bad_input_saves_nothing(client, entity, overrides):
    event = EventFactory(entity=entity)
    response = client.post(
        reverse("execution:public_detail", args=[event.pk]), registration_post(**overrides)
    )
    assert response.status_code == 200
    assert "Revise los siguientes campos" in response.content.decode()
    assert not Registration.objects.exists()


def test_public_registration_duplicate_and_honeypot(client, entity):
    event = EventFactory(entity=entity)
    url = reverse("execution:public_detail", args=[event.pk])
    client.post(url, registration_post())
    response = client.post(url, registration_post())
    assert "Ya hay una inscripción" in response.content.decode()
    client.post(url, registration_post(email="bot@example.com", website="http://spam"))
    assert Registration.objects.count() == 1


def test_public_registration_waitlist_message(client, entity):
    event = EventFactory(entity=entity, capacity=1)
    RegistrationFactory(entity=entity, event=event)
    response = client.post(
        reverse("execution:public_detail", args=[event.pk]), registration_post(), follow=True
    )
    assert "lista de espera" in response.content.decode()
    assert Registration.objects.get(email="luz@example.com").status == RegistrationStatus.WAITLISTED


def test_cancel_link_without_account_promotes_waitlist(client, entity):
    event = EventFactory(entity=entity, capacity=1)
    first = RegistrationFactory(entity=entity, event=event)
    waiting = RegistrationFactory(entity=entity, event=event, status=RegistrationStatus.WAITLISTED)
    url = reverse("execution:registration_cancel", args=[cancel_token(first)])
    assert client.get(url).status_code == 200
    response = client.post(url, follow=True)
    assert "fue cancelada" in response.content.decode()
    first.refresh_from_db()
    waiting.refresh_from_db()
    assert first.status == RegistrationStatus.CANCELLED
    assert waiting.status == RegistrationStatus.CONFIRMED
    bad = reverse("execution:registration_cancel", args=["falso:token"])
    assert client.get(bad).status_code == 404


def test_staff_registers_from_paper(staff_client, entity):
    client = staff_client(Role.PARTICIPATION_LEAD)
    event = EventFactory(entity=entity, is_published=False)
    url = reverse("execution:staff_register", args=[event.pk])
    response = client.post(url, registration_post(email="", phone="3001112233", channel="papel"))
    assert response.status_code == 302
    assert Registration.objects.get().channel == "papel"
    response = client.post(
        url, registration_post(consent="", channel="papel", email="x@example.com")
    )
    assert response.status_code == 200
    assert Registration.objects.count() == 1


def test_cancel_event_view(staff_client, entity):
    client = staff_client(Role.PARTICIPATION_LEAD)
    event = EventFactory(entity=entity)
    url = reverse("execution:event_cancel", args=[event.pk])
    assert client.post(url, {"reason": ""}).status_code == 200
    event.refresh_from_db()
    assert not event.is_cancelled
    assert client.post(url, {"reason": "Emergencia invernal"}).status_code == 302
    event.refresh_from_db()
    assert event.is_cancelled


def test_registration_asks_the_age_once_and_derives_the_minor(client, entity):
    """ "Menor de edad" is the age range's answer (never a second question); the age and the
    guardian's fields are one group with its legend; the guardian's fields are marked to show
    only for the minors' range, and the server requires them without JavaScript too."""
    event = EventFactory(entity=entity)
    url = reverse("execution:public_detail", args=[event.pk])
    page = client.get(url).content.decode()
    assert 'name="is_minor"' not in page
    assert page.count('name="age_range"') == 1
    group = page[page.index("<legend", page.index('name="csrfmiddlewaretoken"')) :]
    group = group[: group.index("</fieldset>")]
    assert ">Edad</legend>" in group
    for name in ("share_age_range", "age_range", "guardian_name", "guardian_consent"):
        assert f'name="{name}"' in group, name
    assert group.count('data-show-if="age_range" data-show-values="menor18"') == 2

    response = client.post(url, registration_post(age_range="menor18"))
    assert response.status_code == 200
    assert "escriba el nombre de su representante legal" in response.content.decode()
    assert not Registration.objects.exists()
    # An adult's range needs no guardian (and a guardian typed by mistake is not kept).
    client.post(url, registration_post(age_range="29-59", guardian_name="Rosa Gil"))
    adult = Registration.objects.get()
    assert not adult.consent.subject_is_minor and adult.consent.guardian_name == ""
    client.post(
        url,
        registration_post(
            email="sara@example.com",
            age_range="menor18",
            share_age_range="on",
            guardian_name="Rosa Gil",
            guardian_consent="on",
        ),
    )
    minor = Registration.objects.exclude(pk=adult.pk).get()
    assert minor.consent.subject_is_minor and minor.consent.guardian_name == "Rosa Gil"
    assert minor.age_range == "menor18"


# Filters of the contribution and commitment lists (the API's FilterSets, Spanish parameters) --


@pytest.fixture
def filtered_rows(entity):
    ContributionFactory(entity=entity, text="Aporte pendiente")
    ContributionFactory(
        entity=entity, text="Aporte analizado", viability="viable", justification="Sí"
    )
    today = timezone.localdate()
    CommitmentFactory(
        entity=entity, description="Compromiso atrasado", due_date=today - datetime.timedelta(2)
    )
    CommitmentFactory(
        entity=entity, description="Compromiso a tiempo", due_date=today + datetime.timedelta(20)
    )


@pytest.mark.parametrize(
    ("url_name", "query", "kept", "left_out"),
    [
        ("execution:contribution_list", "sin_analizar=1", "Aporte pendiente", "Aporte analizado"),
        ("execution:commitment_list", "vencidos=1", "Compromiso atrasado", "Compromiso a tiempo"),
    ],
)
def test_list_filters_keep_their_spanish_parameter(
    staff_client, filtered_rows, url_name, query, kept, left_out
):
    client = staff_client(Role.PARTICIPATION_LEAD)
    page = client.get(reverse(url_name) + "?" + query).content.decode()
    assert kept in page and left_out not in page
    assert "alert-warning" not in page
    page = client.get(reverse(url_name) + "?" + query.replace("=1", "=0")).content.decode()
    assert kept in page and left_out in page


@pytest.mark.parametrize(
    ("url_name", "query", "label", "rows"),
    [
        (
            "execution:contribution_list",
            "sin_analizar=abc",
            "Solo los aportes sin analizar",
            ("Aporte pendiente", "Aporte analizado"),
        ),
        (
            "execution:contribution_list",
            "sin_analizar=2&anio=abc",
            "Solo los aportes sin analizar",
            ("Aporte pendiente", "Aporte analizado"),
        ),
        (
            "execution:commitment_list",
            "vencidos=2",
            "Solo los vencidos",
            ("Compromiso atrasado", "Compromiso a tiempo"),
        ),
        (
            "execution:commitment_list",
            "vencidos=s%C3%AD",
            "Solo los vencidos",
            ("Compromiso atrasado", "Compromiso a tiempo"),
        ),
    ],
)
def test_list_bad_filter_is_named_in_spanish_and_ignored(
    staff_client, filtered_rows, url_name, query, label, rows
):
    client = staff_client(Role.PARTICIPATION_LEAD)
    response = client.get(reverse(url_name) + "?" + query)
    assert response.status_code == 200
    page = response.content.decode()
    assert f"{label}: Use «true» o «false»." in page
    assert "sin ese filtro." in page
    assert "Enter a valid" not in page and "Introduzca un valor" not in page
    assert all(row in page for row in rows)  # the filter is left out


def test_list_bad_filter_in_english(staff_client, filtered_rows):
    ensure_compiled()
    client = staff_client(Role.PARTICIPATION_LEAD)
    page = client.get(
        reverse("execution:commitment_list") + "?vencidos=2", HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    assert "Only overdue ones: Use “true” or “false”." in page
    assert "The agreements and commitments are shown without that filter." in page
