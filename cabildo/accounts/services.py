"""Writes on users and memberships."""

from __future__ import annotations

import secrets
from datetime import timedelta

from django.contrib.auth.tokens import default_token_generator
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from cabildo.accounts.models import Invitation, Membership, Role, User
from cabildo.audit.models import AccessAction
from cabildo.audit.services import access_record
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
    access_record(
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
    access_record(
        request=request,
        action=AccessAction.ROLE_CHANGE,
        entity=membership.entity,
        target=membership.user,
        detail=_("Rol retirado: %(role)s") % {"role": _role_label(membership)},
    )
    membership.delete()


# Invitations -------------------------------------------------------------------------------

INVITATION_DAYS = 7
_INVITATION_SALT = "cabildo.accounts.invitation"


class InvitationError(Exception):
    """A link that cannot be used; ``code`` is ``invalid``, ``expired`` or ``used``."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


def invitation_token(invitation: Invitation) -> str:
    """The signed, timestamped token of the invitation's link."""
    return signing.dumps({"i": invitation.pk, "n": invitation.nonce}, salt=_INVITATION_SALT)


def invitation_link(invitation: Invitation) -> str:
    return entity_url(
        invitation.entity,
        "accounts:invitation_accept",
        kwargs={"token": invitation_token(invitation)},
    )


def invitation_from_token(*, token: str, entity: Entity | None) -> Invitation:
    """The invitation a link names, or :class:`InvitationError` (never another entity's)."""
    try:
        data = signing.loads(token, salt=_INVITATION_SALT, max_age=timedelta(days=INVITATION_DAYS))
    except signing.SignatureExpired as exc:
        raise InvitationError("expired") from exc
    except signing.BadSignature as exc:
        raise InvitationError("invalid") from exc
    if not isinstance(data, dict) or not isinstance(data.get("i"), int):
        raise InvitationError("invalid")
    invitation = (
        Invitation.objects.for_entity(entity)
        .select_related("entity", "area")
        .filter(pk=data["i"], nonce=str(data.get("n", "")))
        .first()
    )
    if invitation is None:
        raise InvitationError("invalid")
    if invitation.accepted_at is not None:
        raise InvitationError("used")
    if invitation.expires_at <= timezone.now():
        raise InvitationError("expired")
    return invitation


def _check_role(*, entity: Entity, role: str, area: Area | None) -> Area | None:
    if role not in Role.values:
        raise ValidationError({"role": _("Elija un rol válido.")})
    if area is not None and area.entity_id != entity.pk:
        raise ValidationError({"area": _("La dependencia debe ser de la misma entidad.")})
    if role == Role.AREA_LIAISON and area is None:
        raise ValidationError({"area": _("El enlace de participación debe tener una dependencia.")})
    return area if role == Role.AREA_LIAISON else None


def _send_role_invitation(invitation: Invitation) -> None:
    body = render_to_string(
        "accounts/email/role_invitation.txt",
        {
            "invitation": invitation,
            "entity": invitation.entity,
            "link": invitation_link(invitation),
            "days": INVITATION_DAYS,
        },
    )
    email_queue(
        entity=invitation.entity,
        to=invitation.email,
        subject=_("Cabildo: invitación a %(entity)s") % {"entity": invitation.entity.short_name},
        body=body,
        template="accounts.role_invitation",
        related=invitation,
    )


def _lock_pending(invitation: Invitation) -> Invitation:
    locked = (
        Invitation.objects.select_for_update()
        .filter(pk=invitation.pk, entity_id=invitation.entity_id)
        .first()
    )
    if locked is None:
        raise ValidationError(_("La invitación ya no existe."))
    if locked.accepted_at is not None:
        raise ValidationError(_("La invitación ya fue aceptada: la persona ya tiene el rol."))
    return locked


def _log_invitation(invitation: Invitation, text: str, request: HttpRequest | None) -> None:
    access_record(
        request=request,
        action=AccessAction.ROLE_CHANGE,
        entity=invitation.entity,
        target=invitation,
        detail=text % {"role": invitation.get_role_display()},
    )


@transaction.atomic
def invitation_resend(*, invitation: Invitation, request: HttpRequest | None = None) -> Invitation:
    """Send a pending (or expired) invitation again with a new link valid for
    :data:`INVITATION_DAYS` days; the link sent before stops working (new nonce)."""
    locked = _lock_pending(invitation)
    locked.nonce = secrets.token_hex(16)
    locked.expires_at = timezone.now() + timedelta(days=INVITATION_DAYS)
    locked.full_clean()
    locked.save(update_fields=["nonce", "expires_at"])
    locked.entity = invitation.entity
    _send_role_invitation(locked)
    _log_invitation(locked, _("Invitación reenviada: %(role)s"), request)
    return locked


@transaction.atomic
def invitation_cancel(*, invitation: Invitation, request: HttpRequest | None = None) -> None:
    """Withdraw a pending invitation: its link stops working (the row is deleted; its history
    and the access log keep who cancelled it and when)."""
    locked = _lock_pending(invitation)
    locked.entity = invitation.entity
    _log_invitation(locked, _("Invitación cancelada: %(role)s"), request)
    locked.delete()


@transaction.atomic
def invitation_create(
    *,
    entity: Entity,
    email: str,
    full_name: str,
    role: str,
    area: Area | None = None,
    invited_by: User | None = None,
    request: HttpRequest | None = None,
) -> Invitation:
    """Invite a person to a role in the entity: an email (through the outbox) with a link
    valid for :data:`INVITATION_DAYS` days. Nothing about an existing account is looked up or
    shown: the person accepts (signed in, if they already have an account)."""
    email = email.strip().lower()
    area = _check_role(entity=entity, role=role, area=area)
    if Membership.objects.filter(
        entity=entity, role=role, area=area, user__email__iexact=email
    ).exists():
        raise ValidationError(_("Esta persona ya tiene ese rol en la entidad."))
    invitation = Invitation(
        entity=entity,
        email=email,
        full_name=full_name.strip(),
        role=role,
        area=area,
        invited_by=invited_by,
        nonce=secrets.token_hex(16),
        expires_at=timezone.now() + timedelta(days=INVITATION_DAYS),
    )
    invitation.full_clean()
    invitation.save()
    _send_role_invitation(invitation)
    access_record(
        request=request,
        action=AccessAction.ROLE_CHANGE,
        entity=entity,
        target=invitation,
        detail=_("Invitación enviada: %(role)s") % {"role": invitation.get_role_display()},
    )
    return invitation


@transaction.atomic
def invitation_accept(
    *,
    invitation: Invitation,
    user: User | None = None,
    full_name: str = "",
    password: str = "",
    request: HttpRequest | None = None,
) -> Membership:
    """Accept once: the signed-in ``user`` (whose email must be the invited one), or a new
    account with ``full_name`` and ``password`` when no account has that email."""
    locked = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if locked.accepted_at is not None:
        raise InvitationError("used")
    if locked.expires_at <= timezone.now():
        raise InvitationError("expired")
    existing = User.objects.filter(email__iexact=locked.email).first()
    if user is not None:
        if existing is None or existing.pk != user.pk:
            raise ValidationError(
                _("Esta invitación es para otra cuenta. Salga e ingrese con %(email)s.")
                % {"email": locked.email}
            )
    elif existing is not None:
        raise ValidationError(
            _("Ya existe una cuenta con este correo: ingrese con ella para aceptar.")
        )
    else:
        user = User(email=locked.email, full_name=full_name.strip() or locked.full_name)
        user.set_password(password)
        user.full_clean()
        user.save()
    membership = Membership.objects.filter(
        user=user, entity_id=locked.entity_id, role=locked.role, area=locked.area
    ).first()
    if membership is None:
        membership = Membership(
            user=user, entity_id=locked.entity_id, role=locked.role, area=locked.area
        )
        membership.full_clean()
        membership.save()
    locked.accepted_at = timezone.now()
    locked.accepted_by = user
    locked.save(update_fields=["accepted_at", "accepted_by"])
    access_record(
        request=request,
        action=AccessAction.ROLE_CHANGE,
        entity=Entity(pk=locked.entity_id),
        target=user,
        user=user,
        detail=_("Invitación aceptada: %(role)s") % {"role": _role_label(membership)},
    )
    return membership
