"""Every link the product emails opens the right page of the right entity in a fresh browser.

The emails are produced by the product's own services (the outbox sends them; Celery is eager
in the tests); each link is then opened with a client that has no cookie, as a citizen who
follows a link from their mail program would.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.test import Client

from cabildo.accounts import services as account_services
from cabildo.accounts.models import Role
from cabildo.core.models import EntityHostname
from cabildo.execution.services.registrations import registration_create
from cabildo.pqrs.services.filing import Requester, petition_file
from tests.execution.factories import EventFactory
from tests.factories import EntityFactory, UserFactory
from tests.pqrs.factories import kind_for

pytestmark = pytest.mark.django_db

URL = re.compile(r"https?://[^\s<>\"']+")


def _links() -> list[str]:
    found: list[str] = []
    for message in mail.outbox:
        found += URL.findall(message.body)
        for alternative, _mimetype in getattr(message, "alternatives", []):
            found += URL.findall(str(alternative))
    return sorted(set(found))


def _open(url: str) -> tuple[int, object]:
    """Open ``url`` with a cookie-less client, following redirects within the site (the login
    page, a one-time link's form): (final status, entity of the final page)."""
    parts = urlsplit(url)
    client = Client(HTTP_HOST=parts.netloc)
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    response = client.get(path, follow=True)
    for hop, _status in response.redirect_chain:
        assert urlsplit(hop).netloc in ("", parts.netloc), hop  # never off to another site
    entity = response.context["entity"] if response.context else None
    return response.status_code, entity


def _emails_of_an_entity(entity, make_member, django_capture_on_commit_callbacks):
    event = EventFactory(entity=entity, is_published=True)
    with django_capture_on_commit_callbacks(execute=True):
        registration_create(
            event=event, name="Ana Pérez", email="ana@example.com", consent_given=True
        )
    with django_capture_on_commit_callbacks(execute=True):
        petition_file(
            entity=entity,
            kind=kind_for(entity),
            subject="Alumbrado del parque",
            description="Las luminarias del parque no encienden desde hace un mes.",
            requester=Requester(name="Ana Pérez", email="ana@example.com"),
            consent_given=True,
        )
    with django_capture_on_commit_callbacks(execute=True):
        account_services.membership_add(
            entity=entity, email="nueva@example.com", full_name="Persona Nueva", role=Role.VIEWER
        )
    return event


@pytest.mark.parametrize("canonical_host", [False, True])
def test_every_emailed_link_opens_the_right_entity_without_a_cookie(
    entity, other_entity, make_member, django_capture_on_commit_callbacks, canonical_host
):
    target = EntityFactory(slug="entidad-correo", name="Municipio del Correo")
    if canonical_host:
        EntityHostname.objects.create(
            entity=target, hostname="participa.correo.gov.co", is_canonical=True
        )
    mail.outbox.clear()
    _emails_of_an_entity(target, make_member, django_capture_on_commit_callbacks)
    links = _links()
    # The event page, the registration's cancellation, the PQRSD tracking page, the invitation.
    assert len(links) >= 4, links
    for url in links:
        if canonical_host:
            assert url.startswith("http://participa.correo.gov.co/"), url
        else:
            assert url.startswith(f"http://testserver/{target.slug}/"), url
        status, page_entity = _open(url)
        assert status == 200, f"{url} answered {status}"
        assert page_entity == target, f"{url} opened {page_entity}"


def test_password_reset_link_names_the_entity(raw_client, entity, other_entity):
    user = UserFactory(email="funcionaria@example.com")
    user.set_password("una-clave-cualquiera-123")
    user.save()
    mail.outbox.clear()
    raw_client.post(f"/{other_entity.slug}/cuentas/recuperar/", {"email": user.email}, follow=True)
    links = _links()
    assert links and all(u.startswith(f"http://testserver/{other_entity.slug}/") for u in links)
    status, page_entity = _open(links[0])
    assert status == 200 and page_entity == other_entity
