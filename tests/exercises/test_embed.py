"""The characterization questions embedded in the PQRSD filing and event registration forms."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.urls import reverse

from cabildo.exercises.models import Characterization
from cabildo.pqrs.models import Petition
from cabildo.privacy.models import Consent
from tests.execution.factories import EventFactory
from tests.pqrs.factories import kind_for
from tests.territories.factories import TerritoryFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


def _petition(entity, **extra):
    return {
        "kind": kind_for(entity, "queja").pk,
        "subject": "Mal servicio en la ventanilla",
        "description": "Me atendieron de forma grosera el lunes.",
        "anonymous": "on",
        **extra,
    }


def test_filing_form_shows_the_optional_questions(client, entity):
    html = client.get(reverse("pqrs:file") + "?entidad=entidad-a").content.decode()
    assert 'name="car-consent"' in html and 'name="car-occupation"' in html
    assert "Caracterización (opcional)" in html


def test_characterization_needs_its_own_consent_on_filing(client, entity):
    url = reverse("pqrs:file") + "?entidad=entidad-a"
    client.post(url, _petition(entity, **{"car-occupation": "estudiante"}))
    assert Petition.objects.count() == 1
    assert Characterization.objects.count() == 0
    territory = TerritoryFactory(entity=entity)
    client.post(
        url,
        _petition(
            entity,
            **{
                "car-consent": "on",
                "car-occupation": "estudiante",
                "car-education_level": "universitaria",
                "car-territory": territory.pk,
            },
        ),
    )
    record = Characterization.objects.get()
    assert record.petition == Petition.objects.order_by("-pk").first()
    assert record.territory == territory
    assert Consent.objects.filter(purpose="caracterizacion_usuarios").count() == 1


def test_refused_filing_stores_no_characterization(client, entity):
    url = reverse("pqrs:file") + "?entidad=entidad-a"
    client.post(
        url,
        _petition(entity, subject="", **{"car-consent": "on", "car-occupation": "estudiante"}),
    )
    assert Petition.objects.count() == 0
    assert Characterization.objects.count() == 0


def test_registration_form_records_characterization(client, entity):
    event = EventFactory(entity=entity)
    url = reverse("execution:public_detail", args=[event.pk]) + "?entidad=entidad-a"
    html = client.get(url).content.decode()
    assert 'name="car-consent"' in html and 'name="car-occupation"' in html
    # The registration asks the age range and the territory itself: not asked twice.
    assert html.count('name="age_range"') == 1 and 'name="car-age_range"' not in html
    assert 'name="car-territory"' not in html
    client.post(
        url,
        {
            "name": "Rosa Elena Vélez",
            "email": "rosa@correo.test",
            "consent": "on",
            "share_age_range": "on",
            "age_range": "29-59",
            "car-consent": "on",
            "car-occupation": "estudiante",
        },
    )
    record = Characterization.objects.get()
    assert record.registration.event == event
    assert record.occupation == "estudiante"
    assert record.registration.age_range == "29-59"
