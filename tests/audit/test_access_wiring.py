"""Sensitive reads of other modules land in the access log (downloads, exports, role changes)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from cabildo.accounts import services as account_services
from cabildo.accounts.models import Membership, Role
from cabildo.audit.models import AccessAction, AccessLog

pytestmark = pytest.mark.django_db


def _only_log() -> AccessLog:
    logs = list(AccessLog.objects.exclude(action=AccessAction.LOGIN))
    assert len(logs) == 1, logs
    return logs[0]


def test_pqrs_attachment_download_is_logged(staff_client, entity, other_entity):
    from tests.pqrs.factories import AttachmentFactory

    client = staff_client(Role.PARTICIPATION_LEAD)
    attachment = AttachmentFactory(entity=entity, original_name="cedula.txt")
    response = client.get(reverse("pqrs:attachment", args=[attachment.pk]))
    assert response.status_code == 200
    log = _only_log()
    assert log.action == AccessAction.ATTACHMENT_DOWNLOAD
    assert log.user == client.user and log.entity == entity
    assert log.target_id == str(attachment.pk) and "cedula.txt" in log.detail
    # A refused download (another entity's file) logs nothing.
    theirs = AttachmentFactory(entity=other_entity)
    assert client.get(reverse("pqrs:attachment", args=[theirs.pk])).status_code == 404
    assert AccessLog.objects.filter(action=AccessAction.ATTACHMENT_DOWNLOAD).count() == 1


@pytest.mark.parametrize(
    "url_name", ["assessment:evidence_file", "assessment:action_evidence_file"]
)
def test_assessment_evidence_download_is_logged(staff_client, entity, url_name):
    from tests.assessment.factories import ActionEvidenceFactory, EvidenceFileFactory

    factory = {
        "assessment:evidence_file": EvidenceFileFactory,
        "assessment:action_evidence_file": ActionEvidenceFactory,
    }[url_name]
    item = factory(entity=entity)
    client = staff_client(Role.VIEWER)
    assert client.get(reverse(url_name, args=[item.pk])).status_code == 200
    log = _only_log()
    assert log.action == AccessAction.ATTACHMENT_DOWNLOAD
    assert log.target_type.model == type(item)._meta.model_name
    assert log.user == client.user


def test_stakeholder_matrix_export_is_logged(staff_client, entity):
    client = staff_client(Role.ENTITY_ADMIN)
    response = client.get(reverse("stakeholders:matrix_export"))
    assert response.status_code == 200
    log = _only_log()
    assert log.action == AccessAction.PERSONAL_DATA_EXPORT
    assert log.entity == entity and log.detail.endswith(".xlsx")


def test_refused_export_logs_nothing(client, entity):
    assert client.get(reverse("stakeholders:matrix_export")).status_code == 302
    assert not AccessLog.objects.exists()


def test_role_add_and_remove_are_logged(rf, entity, make_member):
    admin = make_member(Role.ENTITY_ADMIN, entity)
    request = rf.post("/", REMOTE_ADDR="198.51.100.7")
    request.user = admin
    request.entity = entity
    membership = account_services.membership_add(
        entity=entity,
        email="nueva@prueba.test",
        full_name="Nueva Persona",
        role=Role.INTERNAL_CONTROL,
        request=request,
    )
    account_services.membership_remove(membership=membership, request=request)
    added, removed = AccessLog.objects.order_by("id")
    assert added.action == removed.action == AccessAction.ROLE_CHANGE
    assert added.user == admin and added.ip == "198.51.100.7"
    assert added.target_repr == "Nueva Persona" and added.entity == entity
    assert added.detail == "Rol asignado: Control interno"
    assert removed.detail == "Rol retirado: Control interno"
    assert not Membership.objects.filter(user__email="nueva@prueba.test").exists()


def test_refused_role_change_logs_nothing(entity, make_member):
    from django.core.exceptions import ValidationError

    admin = make_member(Role.ENTITY_ADMIN, entity)
    membership = admin.memberships.get()
    with pytest.raises(ValidationError):
        account_services.membership_remove(membership=membership)
    assert not AccessLog.objects.exists()


def test_membership_views_log_the_acting_admin(staff_client, entity):
    client = staff_client(Role.ENTITY_ADMIN)
    response = client.post(
        reverse("accounts:membership_create"),
        {"email": "enlace@prueba.test", "full_name": "Enlace", "role": Role.VIEWER},
    )
    assert response.status_code == 302
    log = AccessLog.objects.get(action=AccessAction.ROLE_CHANGE)
    assert log.user == client.user and log.detail == "Invitación enviada: Consulta"
