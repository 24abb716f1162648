"""Retrying a notification to the citizen that failed."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from cabildo.outbox import selectors as outbox_selectors
from cabildo.outbox.models import OutboundEmail
from cabildo.outbox.services import email_retry
from cabildo.pqrs.models import Petition


@transaction.atomic
def petition_notification_retry(*, petition: Petition, email_id: int) -> OutboundEmail:
    """Send again a notification about ``petition`` that failed or is waiting for a retry."""
    email = next(
        (
            e
            for e in outbox_selectors.emails_about(entity=petition.entity, obj=petition)
            if e.pk == email_id
        ),
        None,
    )
    if email is None:
        raise ValidationError(_("Esa notificación no pertenece a esta petición."))
    return email_retry(email=email)
