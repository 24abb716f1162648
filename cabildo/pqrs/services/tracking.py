"""Tracking codes and the citizen's lookup of a petition."""

from __future__ import annotations

import hashlib
import hmac
import secrets

from django.conf import settings

from cabildo.core.models import Entity
from cabildo.pqrs.models import Petition

TRACKING_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
TRACKING_CODE_LENGTH = 12


def tracking_code_new() -> str:
    raw = "".join(secrets.choice(TRACKING_CODE_ALPHABET) for _ in range(TRACKING_CODE_LENGTH))
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"


def tracking_code_normalize(code: str) -> str:
    return "".join(ch for ch in (code or "").upper() if ch.isalnum())


def tracking_code_hash(code: str) -> str:
    key = f"cabildo.pqrs.tracking:{settings.SECRET_KEY}".encode()
    return hmac.new(key, tracking_code_normalize(code).encode(), hashlib.sha256).hexdigest()


def petition_track(*, entity: Entity, filing_number: str, code: str) -> Petition | None:
    """The petition for a filing number and tracking code, or None (same for both errors)."""
    petition = (
        Petition.objects.for_entity(entity)
        .filter(filing_number__iexact=(filing_number or "").strip())
        .select_related("kind", "sub_channel")
        .first()
    )
    expected = tracking_code_hash(code)
    stored = petition.tracking_code_hash if petition else tracking_code_hash("x" * 12)
    if not hmac.compare_digest(expected, stored) or petition is None:
        return None
    return petition
