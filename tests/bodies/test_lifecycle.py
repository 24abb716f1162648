"""An instancia's life: a liaison's new body is a draft until the lead publishes it; a body with
history is archived (out of the directory, history kept, restorable), never deleted."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from cabildo.accounts.models import Role
from cabildo.bodies import selectors, services
from cabildo.bodies.models import BodyMember, BodySession, ParticipationBody, Publication
from tests.bodies.factories import (
    BodyCharacterizationFactory,
    BodyMemberFactory,
    BodySessionFactory,
    ParticipationBodyFactory,
)

pytestmark = pytest.mark.django_db


def _create(client, area, name="Mesa de Juventud"):
    return client.post(
        reverse("bodies:create"),
        {
            "name": name,
            "kind": "poblacional",
            "is_formal": "",
            "secretariat": area.pk,
            "status": "activa",
        },
    )


def test_liaisons_new_body_is_a_draft_until_the_lead_publishes_it(
    staff_client, client, entity, area, make_member
):
    liaison = staff_client(Role.AREA_LIAISON, area=area)
    response = _create(liaison, area)
    assert response.status_code == 302, response.content.decode()[:2000]
    body = ParticipationBody.objects.get(name="Mesa de Juventud")
    assert body.publication == Publication.DRAFT and not body.is_public
    assert body not in selectors.body_list(entity=entity, public=True)
    assert body in selectors.body_list(entity=entity)
    # The liaison cannot publish it.
    assert liaison.post(reverse("bodies:publish", args=[body.pk])).status_code == 403
    client.logout()
    client.entity = entity
    assert client.get(reverse("bodies:public_detail", args=[body.pk])).status_code == 404
    # The participation lead publishes it.
    lead = make_member(Role.PARTICIPATION_LEAD, entity)
    client.force_login(lead)
    assert client.post(reverse("bodies:publish", args=[body.pk])).status_code == 302
    body.refresh_from_db()
    assert body.is_public
    client.logout()
    assert client.get(reverse("bodies:public_detail", args=[body.pk])).status_code == 200


def test_leads_new_body_is_published(staff_client, area):
    lead = staff_client(Role.PARTICIPATION_LEAD)
    assert _create(lead, area, name="Consejo de Cultura").status_code == 302
    assert ParticipationBody.objects.get(name="Consejo de Cultura").is_public


def test_body_with_history_is_archived_not_deleted_and_restored_whole(staff_client, entity):
    body = ParticipationBodyFactory(entity=entity)
    BodyMemberFactory(entity=entity, body=body)
    BodySessionFactory(entity=entity, body=body)
    BodyCharacterizationFactory(entity=entity, body=body)
    admin = staff_client(Role.ENTITY_ADMIN)
    # The delete page lists what would go and offers archiving; a POST deletes nothing.
    page = admin.get(reverse("bodies:delete", args=[body.pk])).content.decode()
    assert "1 integrante" in page and "1 sesión" in page and "1 caracterización" in page
    assert reverse("bodies:archive", args=[body.pk]) in page
    admin.post(reverse("bodies:delete", args=[body.pk]), {"confirm_name": body.name})
    assert ParticipationBody.objects.filter(pk=body.pk).exists()
    with pytest.raises(ValidationError):
        services.body_delete(body=body, confirm_name=body.name)
    # Archiving needs a reason; bad input changes nothing.
    url = reverse("bodies:archive", args=[body.pk])
    assert admin.post(url, {"reason": " "}).status_code == 200
    body.refresh_from_db()
    assert not body.is_archived
    assert admin.post(url, {"reason": "Suprimida por el Acuerdo 05 de 2026"}).status_code == 302
    body.refresh_from_db()
    assert body.is_archived and not body.is_public
    assert body not in selectors.body_list(entity=entity)
    assert body in selectors.body_list(entity=entity, archived=True)
    assert body not in selectors.body_list(entity=entity, public=True)
    assert BodyMember.objects.filter(body=body).count() == 1
    assert BodySession.objects.filter(body=body).count() == 1
    listing = admin.get(reverse("bodies:list") + "?archivadas=1").content.decode()
    assert body.name in listing
    # Restored with everything.
    assert admin.post(url).status_code == 302
    body.refresh_from_db()
    assert not body.is_archived and body.is_public
    assert body.characterizations.count() == 1


def test_archive_and_publish_are_the_leads_decision(staff_client, entity, area):
    body = ParticipationBodyFactory(entity=entity, secretariat=area)
    liaison = staff_client(Role.AREA_LIAISON, area=area)
    url = reverse("bodies:archive", args=[body.pk])
    assert liaison.post(url, {"reason": "x"}).status_code == 403
    viewer = staff_client(Role.VIEWER)
    assert viewer.get(url).status_code == 403
    body.refresh_from_db()
    assert not body.is_archived


def test_archived_body_cannot_be_published_until_restored(entity):
    body = ParticipationBodyFactory(entity=entity)
    services.body_archive(body=body, reason="Duplicada")
    with pytest.raises(ValidationError):
        services.body_publish(body=body)
    with pytest.raises(ValidationError):
        services.body_archive(body=body, reason="otra vez")
