"""Recording consent. Callers pass the exact text they showed to the person."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.http import HttpRequest

from cabildo.core.models import Entity
from cabildo.privacy.models import Consent

# Version of the data-treatment policy shown in the forms. Bump it when the text changes.
POLICY_VERSION = "2026.1"


def client_ip(request: HttpRequest | None) -> str | None:
    if request is None:
        return None
    return request.META.get("REMOTE_ADDR") or None


@transaction.atomic
def consent_record(
    *,
    entity: Entity,
    purpose: str,
    text: str,
    channel: str,
    request: HttpRequest | None = None,
    sensitive: bool = False,
    subject_name: str = "",
    subject_email: str = "",
    guardian_name: str = "",
    policy_version: str = POLICY_VERSION,
) -> Consent:
    consent = Consent(
        entity=entity,
        purpose=purpose,
        text=text,
        channel=channel,
        sensitive=sensitive,
        subject_name=subject_name,
        subject_email=subject_email,
        guardian_name=guardian_name,
        policy_version=policy_version,
        ip_address=client_ip(request),
    )
    consent.full_clean()
    consent.save()
    return consent


def consent_text(purpose_text: Any) -> str:
    """The standard authorization text for a purpose (shown next to the unticked box)."""
    from django.utils.translation import gettext as _

    return _(
        "Autorizo de manera previa, expresa e informada el tratamiento de mis datos personales "
        "para %(purpose)s, conforme a la Ley 1581 de 2012 y a la política de tratamiento de "
        "datos de la entidad (versión %(version)s). Puedo conocer, actualizar, rectificar y "
        "suprimir mis datos y revocar esta autorización."
    ) % {"purpose": purpose_text, "version": POLICY_VERSION}
