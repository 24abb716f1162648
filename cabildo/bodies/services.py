"""Writes on participation bodies, members, sessions and characterizations."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Literal, TypedDict, Unpack

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.db.models import ProtectedError
from django.utils import timezone
from django.utils.translation import gettext as _

from cabildo.accounts.predicates import manages_entity
from cabildo.accounts.selectors import entity_roles
from cabildo.bodies.models import (
    FIGURES,
    BodyCharacterization,
    BodyMember,
    BodySession,
    ParticipationBody,
    Publication,
)
from cabildo.core.models import Area, Entity

if TYPE_CHECKING:
    from cabildo.accounts.models import User
    from cabildo.territories.models import Territory


class BodyFields(TypedDict, total=False):
    """What an official (or the matrix import) may set on a participation body."""

    name: str
    acronym: str
    kind: str
    is_formal: bool
    legal_act_type: str
    legal_act_number: str
    legal_act_date: datetime.date | None
    legal_act_issuer: str
    regulating_norms: str
    functions: str
    scope: str
    territory: Territory | None
    represented: str
    secretariat: Area | None
    accompanying_official: User | None
    meeting_frequency: str
    status: str
    created_on: datetime.date | None
    public_contact: str


class MemberFields(TypedDict, total=False):
    seat: str
    sector: str
    selection: str
    term_start: datetime.date | None
    term_end: datetime.date | None
    is_vacant: bool
    name: str
    contact: str
    is_public: bool


class SessionFields(TypedDict, total=False):
    """``minutes``: a new file; ``None`` (on update) keeps the stored one, ``False`` clears it."""

    date: datetime.date
    place: str
    attendance_count: int
    agenda: str
    minutes: File[bytes] | Literal[False] | None
    decisions: str
    is_public: bool


class CharacterizationFields(TypedDict, total=False):
    """``sessions_held`` and ``active_members`` are the typed figures (see
    ``BodyCharacterization.set_typed_figures``); the rest are stored as given."""

    year: int
    status: str
    sessions_held: int | None
    sessions_held_reason: str
    active_members: int | None
    active_members_reason: str
    results: str
    difficulties: str
    challenges: str
    needs: str
    survey_answers: str


BODY_FIELDS = frozenset(BodyFields.__annotations__)
MEMBER_FIELDS = frozenset(MemberFields.__annotations__)
SESSION_FIELDS = frozenset(SessionFields.__annotations__)
CHARACTERIZATION_FIELDS = frozenset(CharacterizationFields.__annotations__) - set(FIGURES)


def _assign(obj: Any, allowed: frozenset[str], fields: Mapping[str, object]) -> None:
    unknown = set(fields) - allowed
    if unknown:
        raise TypeError(f"Unknown fields: {sorted(unknown)}")
    for name, value in fields.items():
        if isinstance(value, str):
            value = value.strip()
        setattr(obj, name, value)


def _check_actor_area(*, actor: User | None, entity: Entity, secretariat: Area | None) -> None:
    """An area liaison (without an entity-wide role) works only on their areas' bodies."""
    if actor is None or manages_entity(actor, entity):
        return
    area_ids = entity_roles(actor, entity.pk).area_ids
    if secretariat is None or secretariat.pk not in area_ids:
        raise ValidationError(
            {
                "secretariat": _(
                    "Solo puede registrar instancias cuya secretaría técnica sea su dependencia."
                )
            }
        )


def _check_entity(entity: Entity, **related: Any) -> None:
    errors = {}
    for field, obj in related.items():
        if obj is not None and getattr(obj, "entity_id", entity.pk) != entity.pk:
            errors[field] = _("El valor elegido pertenece a otra entidad.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def body_create(
    *, entity: Entity, actor: User | None = None, **fields: Unpack[BodyFields]
) -> ParticipationBody:
    body = ParticipationBody(entity=entity)
    _assign(body, BODY_FIELDS, fields)
    _check_entity(entity, territory=body.territory, secretariat=body.secretariat)
    _check_actor_area(actor=actor, entity=entity, secretariat=body.secretariat)
    # Publishing is a decision of the participation lead or the administrator: a body an area
    # liaison registers waits as a draft (out of the public directory) until they publish it.
    if actor is not None and not manages_entity(actor, entity):
        body.publication = Publication.DRAFT
    body.full_clean()
    body.save()
    return body


@transaction.atomic
def body_publish(*, body: ParticipationBody, actor: User | None = None) -> ParticipationBody:
    if body.is_archived:
        raise ValidationError(_("Una instancia archivada no se publica: restáurela primero."))
    body.publication = Publication.PUBLISHED
    body.save(update_fields=["publication", "updated_at"])
    return body


@transaction.atomic
def body_unpublish(*, body: ParticipationBody, actor: User | None = None) -> ParticipationBody:
    body.publication = Publication.DRAFT
    body.save(update_fields=["publication", "updated_at"])
    return body


def body_history(*, body: ParticipationBody) -> dict[str, int]:
    """What goes with the body if it is deleted: its members, sessions (with their minutes)
    and characterizations."""
    return {
        "members": body.members.count(),
        "sessions": body.sessions.count(),
        "minutes": body.sessions.exclude(minutes="").exclude(minutes__isnull=True).count(),
        "characterizations": body.characterizations.count(),
    }


@transaction.atomic
def body_archive(
    *, body: ParticipationBody, reason: str, actor: User | None = None
) -> ParticipationBody:
    """Out of the directories and lists, with all its history kept (restorable)."""
    if body.is_archived:
        raise ValidationError(_("La instancia ya está archivada."))
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Explique por qué se archiva la instancia.")})
    body.archived_at = timezone.now()
    body.archived_reason = reason.strip()
    body.save(update_fields=["archived_at", "archived_reason", "updated_at"])
    return body


@transaction.atomic
def body_restore(*, body: ParticipationBody, actor: User | None = None) -> ParticipationBody:
    if not body.is_archived:
        raise ValidationError(_("La instancia no está archivada."))
    body.archived_at = None
    body.archived_reason = ""
    body.save(update_fields=["archived_at", "archived_reason", "updated_at"])
    return body


@transaction.atomic
def body_update(
    *, body: ParticipationBody, actor: User | None = None, **fields: Unpack[BodyFields]
) -> ParticipationBody:
    _assign(body, BODY_FIELDS, fields)
    _check_entity(body.entity, territory=body.territory, secretariat=body.secretariat)
    _check_actor_area(actor=actor, entity=body.entity, secretariat=body.secretariat)
    body.full_clean()
    body.save()
    return body


@transaction.atomic
def body_delete(*, body: ParticipationBody, confirm_name: str | None = None) -> None:
    """Only a body without history (no members, sessions nor characterizations), after its
    name is typed; a body with history is archived instead (``body_archive``)."""
    if any(body_history(body=body).values()):
        raise ValidationError(
            _(
                "La instancia tiene integrantes, sesiones o caracterizaciones: no se elimina, "
                "se archiva (queda con su historia y se puede restaurar)."
            )
        )
    if confirm_name is not None and confirm_name.strip() != body.name:
        raise ValidationError(
            {"confirm_name": _("Escriba el nombre exacto de la instancia para eliminarla.")}
        )
    try:
        body.delete()
    except ProtectedError as exc:
        raise ValidationError(
            _(
                "No se puede eliminar la instancia: otros registros la usan (por ejemplo, "
                "actividades del plan de participación). Márquela como suprimida."
            )
        ) from exc


@transaction.atomic
def member_create(*, body: ParticipationBody, **fields: Unpack[MemberFields]) -> BodyMember:
    member = BodyMember(entity_id=body.entity_id, body=body)
    _assign(member, MEMBER_FIELDS, fields)
    member.full_clean()
    member.save()
    return member


@transaction.atomic
def member_update(*, member: BodyMember, **fields: Unpack[MemberFields]) -> BodyMember:
    _assign(member, MEMBER_FIELDS, fields)
    member.full_clean()
    member.save()
    return member


@transaction.atomic
def member_delete(*, member: BodyMember) -> None:
    member.delete()


@transaction.atomic
def session_create(*, body: ParticipationBody, **fields: Unpack[SessionFields]) -> BodySession:
    session = BodySession(entity_id=body.entity_id, body=body)
    _assign(session, SESSION_FIELDS, fields)
    session.full_clean()
    session.save()
    return session


@transaction.atomic
def session_update(*, session: BodySession, **fields: Unpack[SessionFields]) -> BodySession:
    if fields.get("minutes") is None:
        fields.pop("minutes", None)  # keep the stored file
    elif fields.get("minutes") is False:
        fields["minutes"] = None  # cleared
    _assign(session, SESSION_FIELDS, fields)
    session.full_clean()
    session.save()
    return session


@transaction.atomic
def session_delete(*, session: BodySession) -> None:
    session.delete()


def _split_figures(fields: CharacterizationFields) -> dict[str, int | None]:
    typed: dict[str, int | None] = {}
    if "sessions_held" in fields:
        typed["sessions_held"] = fields.pop("sessions_held")
    if "active_members" in fields:
        typed["active_members"] = fields.pop("active_members")
    return typed


@transaction.atomic
def characterization_create(
    *, body: ParticipationBody, **fields: Unpack[CharacterizationFields]
) -> BodyCharacterization:
    """``sessions_held`` and ``active_members``, when given, are the typed figures: blank or
    equal to the registry's recount means the recount; different, a correction with its
    ``<figure>_reason``."""
    typed = _split_figures(fields)
    characterization = BodyCharacterization(entity_id=body.entity_id, body=body)
    _assign(characterization, CHARACTERIZATION_FIELDS, fields)
    characterization.set_typed_figures(typed)
    characterization.full_clean()
    characterization.save()
    return characterization


@transaction.atomic
def characterization_update(
    *, characterization: BodyCharacterization, **fields: Unpack[CharacterizationFields]
) -> BodyCharacterization:
    typed = _split_figures(fields)
    _assign(characterization, CHARACTERIZATION_FIELDS, fields)
    characterization.set_typed_figures(typed)
    characterization.full_clean()
    characterization.save()
    return characterization


@transaction.atomic
def characterization_delete(*, characterization: BodyCharacterization) -> None:
    characterization.delete()
