"""Writes on users and memberships."""

from __future__ import annotations

from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from cabildo.accounts.models import Membership, Role, User
from cabildo.audit.models import AccessAction
from cabildo.audit.services import record_access
from cabildo.core.links import entity_url
from cabildo.core.models import Area, Entity
from cabildo.outbox.services import email_queue


def _send_invitation(*, user: User, entity: Entity) -> None:
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    link = entity_url(
        entity, "accounts:password_reset_confirm", kwargs={"uidb64": uid, "token": token}
    )
    body = render_to_string(
        "accounts/email/invitation.txt", {"user": user, "entity": entity, "link": link}
    )
    email_queue(
        entity=entity,
        to=user.email,
        subject=_("Cabildo: acceso a %(entity)s") % {"entity": entity.short_name},
        body=body,
        template="accounts.invitation",
    )


def _role_label(membership: Membership) -> str:
    label = str(membership.get_role_display())
    if membership.area_id:
        label += f" ({membership.area})"
    return label


@transaction.atomic
def membership_add(
    *,
    entity: Entity,
    email: str,
    full_name: str,
    role: str,
    area: Area | None = None,
    request: HttpRequest | None = None,
) -> Membership:
    """Give a person a role in the entity, creating the user (invited by email) if needed."""
    email = email.strip().lower()
    if area is not None and area.entity_id != entity.pk:
        raise ValidationError({"area": _("La dependencia debe ser de la misma entidad.")})
    if role == Role.AREA_LIAISON and area is None:
        raise ValidationError({"area": _("El enlace de participación debe tener una dependencia.")})
    if role != Role.AREA_LIAISON:
        area = None
    user = User.objects.filter(email=email).first()
    created = user is None
    if user is None:
        user = User(email=email, full_name=full_name.strip())
        user.set_unusable_password()
        user.full_clean()
        user.save()
    if Membership.objects.filter(user=user, entity=entity, role=role, area=area).exists():
        raise ValidationError(_("Esta persona ya tiene ese rol en la entidad."))
    membership = Membership(user=user, entity=entity, role=role, area=area)
    membership.full_clean()
    membership.save()
    record_access(
        request=request,
        action=AccessAction.ROLE_CHANGE,
        entity=entity,
        target=user,
        detail=_("Rol asignado: %(role)s") % {"role": _role_label(membership)},
    )
    if created:
        _send_invitation(user=user, entity=entity)
    return membership


@transaction.atomic
def membership_remove(*, membership: Membership, request: HttpRequest | None = None) -> None:
    """Remove a role. The entity always keeps at least one administrator."""
    if membership.role == Role.ENTITY_ADMIN:
        admins = Membership.objects.select_for_update().filter(
            entity_id=membership.entity_id, role=Role.ENTITY_ADMIN, user__is_active=True
        )
        if admins.count() <= 1:
            raise ValidationError(_("No se puede quitar el último administrador de la entidad."))
    record_access(
        request=request,
        action=AccessAction.ROLE_CHANGE,
        entity=membership.entity,
        target=membership.user,
        detail=_("Rol retirado: %(role)s") % {"role": _role_label(membership)},
    )
    membership.delete()
