"""Public forms (PQRSD, plan observations, event registration) and the public PQRSD API:
per-address rate limit with a Spanish message, honeypot, maximum lengths. A refused
submission stores nothing."""

from __future__ import annotations

import itertools

import pytest
from django import forms
from django.test import override_settings
from django.urls import reverse

from cabildo.core.forms import HONEYPOT_FIELD, PUBLIC_TEXT_MAX_LENGTH, PublicFormMixin
from cabildo.execution.models import Registration
from cabildo.plans.models import Observation
from cabildo.pqrs.models import Petition
from cabildo.privacy.models import Consent
from tests.execution.factories import EventFactory
from tests.plans.factories import ActivityFactory, ConsultationFactory
from tests.pqrs.test_views import _clear_cache, form_data  # noqa: F401 (autouse fixture)

pytestmark = pytest.mark.django_db

LOW_LIMITS = {"default": "2/600", "pqrs": "2/600"}
LIMIT_MESSAGE = "Recibimos demasiados envíos desde su conexión"


@pytest.fixture
def pqrs_case(client, entity):
    url = reverse("pqrs:file") + "?entidad=" + entity.slug
    return url, lambda **kw: form_data(entity, **kw), lambda: Petition.objects.count()


@pytest.fixture
def observation_case(entity, area):
    consultation = ConsultationFactory(entity=entity, version__plan__year=2026)
    ActivityFactory(entity=entity, version=consultation.version, area=area)
    url = reverse("plans:consultation", args=[2026]) + "?entidad=" + entity.slug

    def data(**kw):
        return {"text": "Hagan la mesa en la vereda.", "consent": "on", **kw}

    return url, data, lambda: Observation.objects.count()


@pytest.fixture
def registration_case(entity):
    event = EventFactory(entity=entity)
    url = reverse("execution:public_detail", args=[event.pk]) + "?entidad=" + entity.slug

    emails = itertools.count()

    def data(**kw):
        email = f"persona{next(emails)}@example.com"
        return {"name": "Luz Marina Gómez", "email": email, "consent": "on", **kw}

    return url, data, lambda: Registration.objects.count()


CASES = ["pqrs_case", "observation_case", "registration_case"]


@pytest.mark.parametrize("case", CASES)
@override_settings(PUBLIC_FORM_RATE_LIMITS=LOW_LIMITS)
def test_over_the_limit_is_refused_with_message_and_saves_nothing(client, request, case):
    url, data, count = request.getfixturevalue(case)
    for _ in range(2):
        assert client.post(url, data()).status_code in (200, 302)
    saved = count()
    consents = Consent.objects.count()
    assert saved == 2
    response = client.post(url, data())
    assert response.status_code == 429
    assert LIMIT_MESSAGE in response.content.decode()
    assert int(response["Retry-After"]) > 0
    assert count() == saved and Consent.objects.count() == consents
    # Another address is not affected.
    assert client.post(url, data(), REMOTE_ADDR="10.1.2.3").status_code in (200, 302)
    assert count() == saved + 1


# What a bot that fills the honeypot gets: the PQRSD form comes back as if invalid; the other
# forms pretend success (a redirect to a page with the usual message).
HONEYPOT_ANSWERS = {
    "pqrs_case": (200, "No fue posible radicar la petición. Intente de nuevo."),
    "observation_case": (302, "Gracias. Su observación fue recibida."),
    "registration_case": (302, "Gracias. Su inscripción fue recibida."),
}


@pytest.mark.parametrize("case", CASES)
def test_honeypot_filled_saves_nothing(client, request, case):
    url, data, count = request.getfixturevalue(case)
    page = client.get(url).content.decode()
    assert f'name="{HONEYPOT_FIELD}"' in page and 'tabindex="-1"' in page
    assert 'autocomplete="off"' in page and "Deje este campo vacío" in page
    response = client.post(url, data(**{HONEYPOT_FIELD: "http://spam.example"}))
    status, message = HONEYPOT_ANSWERS[case]
    assert response.status_code == status
    if status == 302:
        response = client.get(response["Location"])
        assert response.status_code == 200
    assert message in response.content.decode()
    assert count() == 0 and Consent.objects.count() == 0


@pytest.mark.parametrize(
    ("case", "field"),
    [
        ("pqrs_case", "description"),
        ("observation_case", "text"),
        ("registration_case", "name"),
    ],
)
def test_text_over_max_length_saves_nothing(client, request, case, field):
    url, data, count = request.getfixturevalue(case)
    response = client.post(url, data(**{field: "x" * (PUBLIC_TEXT_MAX_LENGTH + 1)}))
    assert response.status_code == 200
    assert count() == 0 and Consent.objects.count() == 0


def test_every_text_field_of_the_public_forms_has_a_max_length(entity, area):
    from cabildo.execution.forms.registrations import RegistrationForm
    from cabildo.plans.forms import ObservationForm
    from cabildo.pqrs.forms import PetitionForm

    consultation = ConsultationFactory(entity=entity, version__plan__year=2026)
    built = [
        PetitionForm(entity=entity),
        ObservationForm(version=consultation.version),
        RegistrationForm(entity=entity),
    ]
    for form in built:
        text_fields = {name: f for name, f in form.fields.items() if isinstance(f, forms.CharField)}
        assert text_fields
        for name, field in text_fields.items():
            assert field.max_length, (type(form).__name__, name)
            assert form[name].field.widget.attrs.get("maxlength") or field.max_length


def test_mixin_keeps_declared_lengths():
    class Sample(PublicFormMixin, forms.Form):
        short = forms.CharField(max_length=10)
        long = forms.CharField(widget=forms.Textarea)

    form = Sample({"short": "a" * 11, "long": "b" * (PUBLIC_TEXT_MAX_LENGTH + 1)})
    assert not form.is_valid()
    assert set(form.errors) == {"short", "long"}
    assert form.fields["short"].max_length == 10
    assert not Sample({"short": "ok", "long": "ok", HONEYPOT_FIELD: ""}).is_spam
    assert Sample({"short": "ok", "long": "ok", HONEYPOT_FIELD: "x"}).is_spam


@override_settings(PUBLIC_FORM_RATE_LIMITS=LOW_LIMITS)
def test_api_intake_is_throttled_with_spanish_message(client, entity):
    url = "/api/v1/pqrs/?entidad=" + entity.slug
    body = {
        "kind": "queja",
        "subject": "Ruido",
        "description": "Ruido nocturno.",
        "anonymous": True,
    }
    for _ in range(2):
        assert client.post(url, body, content_type="application/json").status_code == 201
    response = client.post(url, body, content_type="application/json")
    assert response.status_code == 429
    assert LIMIT_MESSAGE in response.json()["detail"]
    assert Petition.objects.count() == 2


@pytest.mark.parametrize("case", CASES)
@override_settings(PUBLIC_FORM_RATE_LIMITS=LOW_LIMITS)
def test_refused_submissions_do_not_use_up_the_limit(client, request, case):
    url, data, count = request.getfixturevalue(case)
    missing = {"pqrs_case": "subject", "observation_case": "text", "registration_case": "name"}
    for _ in range(4):  # a required field left empty: the form comes back with errors
        response = client.post(url, data(**{missing[case]: ""}))
        assert response.status_code == 200
        assert LIMIT_MESSAGE not in response.content.decode()
    assert count() == 0
    for _ in range(2):
        assert client.post(url, data()).status_code in (200, 302)
    assert count() == 2
    assert client.post(url, data()).status_code == 429


@override_settings(PUBLIC_FORM_RATE_LIMITS=LOW_LIMITS)
def test_api_refused_filings_do_not_use_up_the_limit(client, entity):
    url = "/api/v1/pqrs/?entidad=" + entity.slug
    body = {"kind": "queja", "subject": "Ruido", "description": "Ruido nocturno."}
    for _ in range(4):  # no consent and no anonymity: refused
        response = client.post(url, {**body, "anonymous": False}, content_type="application/json")
        assert response.status_code == 400
    for _ in range(2):
        response = client.post(url, {**body, "anonymous": True}, content_type="application/json")
        assert response.status_code == 201
    response = client.post(url, {**body, "anonymous": True}, content_type="application/json")
    assert response.status_code == 429


class TestStaffIntake:
    def test_staff_intake_is_not_limited(self, entity):
        from cabildo.pqrs.views import StaffPetitionFileView

        assert StaffPetitionFileView.throttle_scope == ""
