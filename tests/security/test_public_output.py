"""Public pages, open datasets and the public API never show the personal data of citizens.

Identifiable data are created in every module that collects them (PQRSD requester, event
registration, contribution author, plan observation, body member, consent); then every public
URL (pages, CSV/JSON datasets, exports), every public object page of the entity and every
public GET endpoint of the API schema is fetched anonymously, and none of those values may
appear in any answer.
"""

from __future__ import annotations

import pytest
from django.apps import apps

from cabildo.core.registry import open_datasets
from cabildo.execution.models import Contribution, Registration
from cabildo.pqrs.services.filing import Requester
from cabildo.privacy.services import consent_record
from tests.execution.factories import EventFactory
from tests.plans.factories import ConsultationFactory, ObservationFactory
from tests.pqrs.factories import file_petition
from tests.test_url_crawl import (
    PUBLIC_OBJECT_URLS,
    PUBLIC_URLS,
    _object_model,
    _url,
    factories_by_model_cached,
)

pytestmark = pytest.mark.django_db

SECRETS = {
    "name": "Wilfrido Zúñiga Quintero",
    "email": "wilfrido.zq@correo-privado.test",
    "phone": "3157788990",
    "document": "1098765432",
    "address": "Carrera 77 # 12-34 apto 501",
    "guardian": "Hermelinda Quintero",
    "contact": "wz-contacto@correo-privado.test",
}


@pytest.fixture
def identifiable(entity, area):
    """Personal data in every module that collects it, inside public-facing objects."""
    file_petition(
        entity,
        anonymous=False,
        consent_given=True,
        requester=Requester(
            name=SECRETS["name"],
            document_type="CC",
            document_number=SECRETS["document"],
            email=SECRETS["email"],
            phone=SECRETS["phone"],
            address=SECRETS["address"],
        ),
    )
    event = EventFactory(entity=entity)
    Registration.objects.create(
        entity=entity,
        event=event,
        name=SECRETS["name"],
        email=SECRETS["email"],
        phone=SECRETS["phone"],
    )
    Contribution.objects.create(
        entity=entity,
        event=event,
        kind="propuesta",
        text="Más luminarias",
        author_name=SECRETS["name"],
    )
    consultation = ConsultationFactory(entity=entity, version__plan__year=2026)
    ObservationFactory(entity=entity, consultation=consultation, email=SECRETS["email"])
    member_model = apps.get_model("bodies.bodymember")
    member = factories_by_model_cached()[member_model](entity=entity)
    member_model.objects.filter(pk=member.pk).update(
        name=SECRETS["name"], contact=SECRETS["contact"], is_public=False
    )
    consent_record(
        entity=entity,
        purpose="pqrs",
        text="t",
        channel="web",
        subject_name=SECRETS["name"],
        subject_email=SECRETS["email"],
        subject_is_minor=True,
        guardian_name=SECRETS["guardian"],
    )
    return entity


def _leaks(content: bytes) -> list[str]:
    text = content.decode("utf-8", "replace")
    return [key for key, value in SECRETS.items() if value in text or value.lower() in text]


def _fetch(client, url):
    response = client.get(url)
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return response.status_code, body


def test_no_personal_data_on_public_pages_datasets_or_api(client, identifiable):
    entity = identifiable
    client.get(f"/?entidad={entity.slug}")
    fetched, leaks = [], []

    urls = [_url(crawled) for crawled in PUBLIC_URLS]
    for dataset in open_datasets():
        urls += [
            f"/datos-abiertos/{dataset.slug}.csv",
            f"/datos-abiertos/{dataset.slug}.json",
            f"/datos-abiertos/{dataset.slug}/",
        ]
    for crawled in PUBLIC_OBJECT_URLS:
        model = _object_model(crawled)
        if model is None or not hasattr(model, "entity"):
            continue
        for pk in model._default_manager.filter(entity=entity).values_list("pk", flat=True)[:3]:
            urls.append(_url(crawled, {"pk": pk}))
    schema = client.get("/api/v1/schema/?format=json", HTTP_ACCEPT="application/json")
    for path_, operations in schema.json()["paths"].items():
        if "get" in operations and "{" not in path_:
            urls.append(path_)
        elif "get" in operations and path_.count("{") == 1 and "{slug}" in path_:
            urls += [path_.replace("{slug}", d.slug) for d in open_datasets()]

    for url in sorted(set(urls)):
        if "logout" in url or "salir" in url:
            continue
        status, body = _fetch(client, url)
        fetched.append((url, status))
        if found := _leaks(body):
            leaks.append(f"{url} ({status}): {', '.join(found)}")
    ok = [u for u, s in fetched if s == 200]
    assert len(ok) > 20, fetched  # the scan really read pages
    assert not leaks, "Personal data on public output:\n" + "\n".join(leaks)


def test_the_scan_detects_a_leak(identifiable):
    """Positive control: the detector finds the values when they are there."""
    assert _leaks(f"<p>{SECRETS['email']}</p>".encode()) == ["email"]
    assert _leaks(SECRETS["name"].upper().encode()) == []
    assert Registration.objects.filter(email=SECRETS["email"]).exists()
