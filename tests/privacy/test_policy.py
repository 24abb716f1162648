"""The versioned data-treatment policy, consents linked to the version in force, minors."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from cabildo.accounts.models import Role
from cabildo.core.models import Entity
from cabildo.privacy import demo
from cabildo.privacy.models import Consent, PrivacyPolicy
from cabildo.privacy.services import POLICY_VERSION, consent_record, policy_publish
from tests.pqrs.test_views import form_data

pytestmark = pytest.mark.django_db

TODAY = datetime.date.today()


def publish(entity, version, days_ago, text="Texto de la política"):
    return policy_publish(
        entity=entity,
        version=version,
        text=f"{text} {version}",
        effective_date=TODAY - datetime.timedelta(days=days_ago),
    )


def test_public_page_shows_current_and_past_versions_not_future(client, entity):
    publish(entity, "2024.1", 400)
    publish(entity, "2025.1", 30)
    publish(entity, "2099.1", -10)  # not yet in force
    page = client.get(reverse("privacy:policy") + "?entidad=" + entity.slug)
    html = page.content.decode()
    assert page.status_code == 200
    assert "Versión 2025.1" in html and "Texto de la política 2025.1" in html
    assert "2024.1" in html and "Versiones anteriores" in html
    assert "2099.1" not in html


def test_page_without_policy_explains_default(client, entity):
    html = client.get(reverse("privacy:policy") + "?entidad=" + entity.slug).content.decode()
    assert POLICY_VERSION in html


def test_consent_references_version_in_force(entity):
    policy = publish(entity, "2025.7", 1)
    consent = consent_record(entity=entity, purpose="pqrs", text="t", channel="web")
    assert consent.policy == policy and consent.policy_version == "2025.7"


def test_versions_are_unique_and_move_forward(entity):
    publish(entity, "2025.1", 10)
    with pytest.raises(ValidationError):
        publish(entity, "2025.1", 1)
    with pytest.raises(ValidationError):
        publish(entity, "2025.2", 20)  # effective before the latest version
    assert PrivacyPolicy.objects.count() == 1


def test_staff_publishes_new_version_and_bad_input_saves_nothing(staff_client, entity):
    client = staff_client(Role.ENTITY_ADMIN, entity=entity)
    url = reverse("privacy:policy_create")
    bad = client.post(url, {"version": "", "title": "P", "text": "", "effective_date": "x"})
    assert bad.status_code == 200 and PrivacyPolicy.objects.count() == 0
    response = client.post(
        url,
        {
            "version": "2026.2",
            "title": "Política",
            "text": "Nuevo texto",
            "effective_date": TODAY.isoformat(),
        },
    )
    assert response.status_code == 302
    assert PrivacyPolicy.objects.get().version == "2026.2"
    viewer = staff_client(Role.VIEWER, entity=entity)
    assert viewer.get(url).status_code == 403


def test_minor_consent_needs_guardian(entity):
    with pytest.raises(ValidationError):
        consent_record(
            entity=entity, purpose="pqrs", text="t", channel="web", subject_is_minor=True
        )
    assert Consent.objects.count() == 0
    consent = consent_record(
        entity=entity,
        purpose="pqrs",
        text="t",
        channel="web",
        subject_is_minor=True,
        guardian_name="Rosa Pérez",
    )
    assert consent.subject_is_minor and consent.guardian_name == "Rosa Pérez"


MINOR = {
    "anonymous": None,
    "requester_name": "Tomás Gil",
    "requester_email": "tomas@correo.test",
    "consent": "on",
    "is_minor": "on",
}


def test_pqrs_minor_without_guardian_is_refused(client, entity):
    from cabildo.pqrs.models import Petition

    url = reverse("pqrs:file") + "?entidad=" + entity.slug
    response = client.post(url, form_data(entity, **MINOR))
    assert response.status_code == 200
    assert "representante legal" in response.content.decode()
    assert Petition.objects.count() == 0 and Consent.objects.count() == 0


def test_pqrs_minor_with_guardian_records_it(client, entity):
    url = reverse("pqrs:file") + "?entidad=" + entity.slug
    data = form_data(entity, **MINOR, guardian_name="Rosa Gil", guardian_consent="on")
    assert client.post(url, data).status_code == 302
    consent = Consent.objects.get()
    assert consent.subject_is_minor and consent.guardian_name == "Rosa Gil"


def test_demo_is_idempotent(entity):
    entities = {e.slug: e for e in Entity.objects.all()}
    demo.seed(entities=entities)
    demo.seed(entities=entities)
    assert PrivacyPolicy.objects.filter(entity=entity).count() == 2
    assert PrivacyPolicy.objects.in_force(entity, TODAY).version == POLICY_VERSION


def test_event_registration_of_a_minor_needs_the_guardian(client, entity):
    from cabildo.execution.models import Registration
    from tests.execution.factories import EventFactory

    event = EventFactory(entity=entity)
    url = reverse("execution:public_detail", args=[event.pk]) + "?entidad=" + entity.slug
    data = {
        "name": "Sara Gil",
        "email": "sara@correo.test",
        "consent": "on",
        "age_range": "menor18",
    }
    assert client.post(url, data).status_code == 200
    assert Registration.objects.count() == 0 and Consent.objects.count() == 0
    data.update(guardian_name="Rosa Gil", guardian_consent="on")
    assert client.post(url, data).status_code == 302
    consent = Consent.objects.get()
    assert consent.subject_is_minor and consent.guardian_name == "Rosa Gil"


def test_habeas_data_terms_come_from_the_law(client, entity, monkeypatch):
    """The policy page and the PQRSD kinds read Ley 1581's terms from ``privacy.law``."""
    from cabildo.pqrs.deadlines import DEFAULT_KINDS
    from cabildo.privacy import law

    kinds = {k["code"]: k for k in DEFAULT_KINDS}
    assert (kinds["habeas_consulta"]["term_days"], kinds["habeas_consulta"]["extension_days"]) == (
        law.CONSULTA_TERM_DAYS,
        law.CONSULTA_EXTENSION_DAYS,
    )
    assert (kinds["habeas_reclamo"]["term_days"], kinds["habeas_reclamo"]["extension_days"]) == (
        law.RECLAMO_TERM_DAYS,
        law.RECLAMO_EXTENSION_DAYS,
    )
    url = reverse("privacy:policy") + "?entidad=" + entity.slug
    html = client.get(url).content.decode()
    assert "las consultas se responden en 10 días hábiles (prorrogables 5)" in html
    monkeypatch.setattr(law.LAW, "consulta_term_days", 12)
    html = client.get(url).content.decode()
    assert "las consultas se responden en 12 días hábiles (prorrogables 5)" in html
