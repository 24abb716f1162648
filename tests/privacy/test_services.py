import pytest
from django.core.exceptions import ValidationError
from django.test import RequestFactory

from cabildo.privacy.models import Consent
from cabildo.privacy.services import POLICY_VERSION, consent_record, consent_text

pytestmark = pytest.mark.django_db


def test_consent_record_keeps_proof(entity):
    request = RequestFactory().post("/", REMOTE_ADDR="10.1.2.3")
    text = consent_text("radicar una PQRSD")
    consent = consent_record(
        entity=entity, purpose="pqrs", text=text, channel="web", request=request
    )
    assert consent.policy_version == POLICY_VERSION
    assert consent.ip_address == "10.1.2.3"
    assert "Ley 1581" in consent.text and "radicar una PQRSD" in consent.text
    assert consent.given_at is not None


def test_consent_record_rejects_unknown_channel(entity):
    with pytest.raises(ValidationError):
        consent_record(entity=entity, purpose="pqrs", text="x", channel="paloma")
    assert Consent.objects.count() == 0
