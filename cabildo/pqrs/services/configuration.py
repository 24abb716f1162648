"""Writes of the PQRSD configuration: kinds, settings, sub-channels, mailbox, imported counts."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from cabildo.core.models import Entity
from cabildo.pqrs import deadlines
from cabildo.pqrs.models import (
    Channel,
    ImportedYearCount,
    Mailbox,
    Petition,
    PetitionKind,
    PqrsSettings,
    SubChannel,
)
from cabildo.pqrs.services._common import _actor

if TYPE_CHECKING:
    from cabildo.accounts.models import User


@transaction.atomic
def kinds_ensure_defaults(*, entity: Entity) -> list[PetitionKind]:
    """Create the legal default kinds for ``entity`` (existing rows are left as configured)."""
    existing = {k.code: k for k in PetitionKind.objects.filter(entity=entity)}
    if all(spec["code"] in existing for spec in deadlines.DEFAULT_KINDS):
        return [existing[spec["code"]] for spec in deadlines.DEFAULT_KINDS]
    missing = [
        PetitionKind(
            entity=entity,
            code=spec["code"],
            name=spec["name"],
            term_days=spec["term_days"],
            extension_days=spec.get("extension_days"),
            order=order * 10,
        )
        for order, spec in enumerate(deadlines.DEFAULT_KINDS, start=1)
        if spec["code"] not in existing
    ]
    try:
        with transaction.atomic():
            bulk_create_with_history(missing, PetitionKind)
    except IntegrityError:  # a concurrent request created them first: theirs stand
        pass
    existing = {k.code: k for k in PetitionKind.objects.filter(entity=entity)}
    return [existing[spec["code"]] for spec in deadlines.DEFAULT_KINDS]


def settings_for(*, entity: Entity) -> PqrsSettings:
    obj, _created = PqrsSettings.objects.get_or_create(entity=entity)
    return obj


@transaction.atomic
def settings_update(
    *,
    entity: Entity,
    filing_prefix: str,
    due_soon_days: int,
    priority_term_days: int,
    letter_header: str | None = None,
    letter_city: str | None = None,
    signer_name: str | None = None,
    signer_title: str | None = None,
) -> PqrsSettings:
    import re

    obj = PqrsSettings.objects.select_for_update().get(pk=settings_for(entity=entity).pk)
    prefix = (filing_prefix or "").strip().upper()
    if prefix and not re.fullmatch(r"[A-Z0-9][A-Z0-9-]{0,11}", prefix):
        raise ValidationError(
            {"filing_prefix": _("Use solo letras, números y guiones (máximo 12 caracteres).")}
        )
    obj.filing_prefix = prefix
    obj.due_soon_days = due_soon_days
    obj.priority_term_days = priority_term_days
    letter = {
        "letter_header": letter_header,
        "letter_city": letter_city,
        "signer_name": signer_name,
        "signer_title": signer_title,
    }
    for name, value in letter.items():
        if value is not None:  # None: leave as configured
            setattr(obj, name, value.strip())
    obj.full_clean()
    obj.save()
    return obj


@transaction.atomic
def sub_channel_ensure(*, entity: Entity, channel: str, name: str, order: int = 100) -> SubChannel:
    """The entity's sub-channel ``name`` under ``channel`` (created if missing)."""
    if channel not in Channel.values:
        raise ValidationError({"channel": _("Seleccione un canal válido.")})
    if not (name or "").strip():
        raise ValidationError({"name": _("Escriba el nombre del subcanal.")})
    sub, _created = SubChannel.objects.get_or_create(
        entity=entity, channel=channel, name=name.strip(), defaults={"order": order}
    )
    return sub


@transaction.atomic
def sub_channel_create(*, entity: Entity, channel: str, name: str, order: int = 100) -> SubChannel:
    """A new sub-channel under a legal channel (refused if the channel already has that name)."""
    name = (name or "").strip()
    if SubChannel.objects.for_entity(entity).filter(channel=channel, name__iexact=name).exists():
        raise ValidationError({"name": _("Ese canal ya tiene un subcanal con ese nombre.")})
    sub = SubChannel(entity=entity, channel=channel, name=name, order=order)
    sub.full_clean()
    sub.save()
    return sub


@transaction.atomic
def sub_channel_update(
    *, sub_channel: SubChannel, name: str, order: int, is_active: bool
) -> SubChannel:
    """Rename, reorder or retire a sub-channel (a retired one keeps its petitions and figures
    but is no longer offered on the forms)."""
    name = (name or "").strip()
    clash = SubChannel.objects.filter(
        entity_id=sub_channel.entity_id, channel=sub_channel.channel, name__iexact=name
    ).exclude(pk=sub_channel.pk)
    if clash.exists():
        raise ValidationError({"name": _("Ese canal ya tiene un subcanal con ese nombre.")})
    sub_channel.name, sub_channel.order, sub_channel.is_active = name, order, is_active
    sub_channel.full_clean()
    sub_channel.save()
    return sub_channel


@transaction.atomic
def imported_count_delete(*, count: ImportedYearCount) -> None:
    """Remove an imported figure (loaded by mistake); the history keeps a record of it."""
    count.delete()


@dataclass
class YearCountRow:
    """One figure of a report from before the system: year, channel, the report's row label,
    optionally the sub-channel it belongs to, and the count."""

    year: int
    channel: str
    label: str
    count: int
    sub_channel: str = ""


@transaction.atomic
def imported_counts_import(
    *, entity: Entity, rows: Sequence[YearCountRow], source: str, actor: User | None = None
) -> list[ImportedYearCount]:
    """Load yearly counts per channel from before the system (imported aggregates, never
    petitions). A year in which the entity already has petitions is refused (it would count
    twice); importing the same row again replaces its figure. All rows or none."""
    errors: list[str] = []
    if not (source or "").strip():
        raise ValidationError({"source": _("Indique la fuente de las cifras (informe, año).")})
    years_with_petitions = set(
        Petition.objects.for_entity(entity).values_list("year", flat=True).distinct()
    )
    subs = {(s.channel, s.name.lower()): s for s in SubChannel.objects.for_entity(entity)}
    saved = []
    for n, row in enumerate(rows, start=1):
        if row.channel not in Channel.values:
            errors.append(_("Fila %(n)s: el canal «%(c)s» no existe.") % {"n": n, "c": row.channel})
            continue
        if row.year in years_with_petitions:
            errors.append(
                _("Fila %(n)s: en %(year)s ya hay peticiones radicadas en el sistema.")
                % {"n": n, "year": row.year}
            )
            continue
        if row.year < 1990 or row.year > timezone.localdate().year:
            errors.append(
                _("Fila %(n)s: el año %(year)s no es válido.") % {"n": n, "year": row.year}
            )
            continue
        if row.count < 0 or not (row.label or "").strip():
            errors.append(_("Fila %(n)s: falta la fila del informe o la cantidad.") % {"n": n})
            continue
        sub = None
        if row.sub_channel:
            sub = subs.get((row.channel, row.sub_channel.strip().lower()))
            if sub is None:
                errors.append(
                    _("Fila %(n)s: el subcanal «%(s)s» no existe en ese canal.")
                    % {"n": n, "s": row.sub_channel}
                )
                continue
        obj, _created = ImportedYearCount.objects.update_or_create(
            entity=entity,
            year=row.year,
            channel=row.channel,
            label=row.label.strip()[:120],
            defaults={
                "count": row.count,
                "sub_channel": sub,
                "source": source.strip()[:300],
                "imported_by": _actor(actor),
            },
        )
        saved.append(obj)
    if errors:
        raise ValidationError(errors)
    return saved


@transaction.atomic
def mailbox_update(
    *,
    entity: Entity,
    address: str,
    host: str,
    port: int,
    use_ssl: bool,
    username: str,
    password: str = "",
    password_env: str = "",
    folder: str = "INBOX",
    is_active: bool = True,
) -> Mailbox:
    """Create or change the entity's PQRSD mailbox. An empty ``password`` keeps the stored
    one; with ``password_env`` the password is read from the environment and none is kept."""
    mailbox = Mailbox.objects.select_for_update().filter(entity=entity).first() or Mailbox(
        entity=entity
    )
    mailbox.address = (address or "").strip()
    mailbox.host = (host or "").strip()
    mailbox.port = port
    mailbox.use_ssl = use_ssl
    mailbox.username = (username or "").strip()
    mailbox.password_env = (password_env or "").strip()
    if mailbox.password_env:
        mailbox.password = ""
    elif password:
        mailbox.password = password
    mailbox.folder = (folder or "").strip() or "INBOX"
    mailbox.is_active = is_active
    if is_active and not (mailbox.password or mailbox.password_env):
        raise ValidationError(
            {"password": _("Escriba la contraseña o la variable de entorno que la contiene.")}
        )
    mailbox.full_clean()
    mailbox.save()
    return mailbox


@transaction.atomic
def kind_update(
    *,
    kind: PetitionKind,
    name: str,
    term_days: int | None,
    extension_days: int | None,
    priority_term_days: int | None,
    is_active: bool,
) -> PetitionKind:
    """Change a kind's terms: applies to petitions filed from now on (filed ones keep theirs)."""
    if term_days is not None and not 1 <= term_days <= 90:
        raise ValidationError({"term_days": _("El término debe estar entre 1 y 90 días hábiles.")})
    if term_days is None and (extension_days or priority_term_days):
        raise ValidationError(
            {
                "term_days": _(
                    "Una clase sin término no puede tener prórroga ni término prioritario."
                )
            }
        )
    if priority_term_days and term_days and priority_term_days > term_days:
        raise ValidationError(
            {"priority_term_days": _("El término prioritario no puede ser mayor que el término.")}
        )
    kind.name = name.strip()
    kind.term_days = term_days
    kind.extension_days = extension_days
    kind.priority_term_days = priority_term_days
    kind.is_active = is_active
    kind.full_clean()
    kind.save()
    return kind
