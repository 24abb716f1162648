"""Reads of the audit trail ("Actividad reciente").

Every tenant model declares ``history = HistoricalRecords()`` (django-simple-history). The
audited models are discovered from the app registry: the historical models whose
``instance_type`` inherits :class:`~cabildo.core.models.TenantModel`, plus ``core.Entity``
(filtered by its own pk). A model added later by any app appears without changes here.

Query budget for a page, whatever its number of rows: per audited model, one query sliced to
the page window (the merge by date happens in Python) and at most one query for the previous
versions of the modified rows; then one query per related model to name foreign-key values.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING, Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models import OuterRef, Q, Subquery
from django.utils import formats, timezone
from django.utils.text import Truncator, capfirst
from django.utils.translation import gettext_lazy as _

from cabildo.core.models import Entity, TenantModel, concrete_field

if TYPE_CHECKING:
    from cabildo.accounts.models import User

PER_PAGE = 50

CHANGE_LABELS = {"+": _("Creado"), "~": _("Modificado"), "-": _("Eliminado")}

# Never shown in the audit trail, whatever the model: credentials and secrets.
SECRET_NAME_PARTS = ("password", "token", "secret", "hash")


def _is_secret(field_name: str) -> bool:
    return any(part in field_name for part in SECRET_NAME_PARTS)


@dataclass(frozen=True)
class AuditedModel:
    key: str  # "<app_label>.<model_name>" of the audited (live) model
    history_model: type[models.Model]
    instance_type: type[models.Model]

    @property
    def label(self) -> str:
        """Its verbose name in the active language (read on each use: the list of audited
        models is cached once per process, whatever language the first request spoke)."""
        return capfirst(str(self.instance_type._meta.verbose_name))

    @property
    def pk_attname(self) -> str:
        return self.instance_type._meta.pk.attname

    @property
    def fk_names(self) -> list[str]:
        """Foreign keys of the audited model (joined to name the object without more queries)."""
        names = []
        for field_ in self.instance_type._meta.concrete_fields:
            if field_.many_to_one:
                try:
                    self.history_model._meta.get_field(field_.name)
                except FieldDoesNotExist:  # excluded from the history table
                    continue
                names.append(field_.name)
        return names


@dataclass
class FieldChange:
    label: str
    old: str
    new: str


@dataclass
class ActivityRow:
    when: dt.datetime
    user: User | None
    change_type: str  # "+", "~" or "-"
    change_label: str
    model_label: str
    object_repr: str
    changes: list[FieldChange] = field(default_factory=list)


@dataclass
class ActivityPage:
    rows: list[ActivityRow]
    number: int
    has_previous: bool
    has_next: bool

    @property
    def previous_number(self) -> int:
        return self.number - 1

    @property
    def next_number(self) -> int:
        return self.number + 1


@cache
def audited_models() -> tuple[AuditedModel, ...]:
    """Every historical model of a tenant model (and of ``Entity``)."""
    found = []
    for model in apps.get_models():
        instance_type = getattr(model, "instance_type", None)
        if not isinstance(instance_type, type) or not issubclass(instance_type, models.Model):
            continue
        if not any(f.name == "history_date" for f in model._meta.fields):
            continue  # m2m history tables
        if not (issubclass(instance_type, TenantModel) or instance_type is Entity):
            continue
        if instance_type is not Entity and not any(f.name == "entity" for f in model._meta.fields):
            continue  # "entity" excluded from its history: its rows cannot be scoped, never shown
        found.append(
            AuditedModel(
                key=instance_type._meta.label_lower,
                history_model=model,
                instance_type=instance_type,
            )
        )
    return tuple(sorted(found, key=lambda a: a.key))


def audited_model_choices() -> list[tuple[str, str]]:
    """The audited models by their verbose name in the active language."""
    return sorted(((a.key, a.label) for a in audited_models()), key=lambda c: c[1])


def _scoped(audited: AuditedModel, entity: Entity) -> models.QuerySet[Any]:
    manager = audited.history_model._default_manager
    if audited.instance_type is Entity:
        return manager.filter(**{audited.pk_attname: entity.pk})
    return manager.filter(entity_id=entity.pk)


def _previous_id(audited: AuditedModel) -> Subquery:
    """The ``history_id`` of the same object's record just before this one."""
    pk = audited.pk_attname
    earlier = Q(history_date__lt=OuterRef("history_date")) | Q(
        history_date=OuterRef("history_date"), history_id__lt=OuterRef("history_id")
    )
    return Subquery(
        audited.history_model._default_manager.filter(earlier, **{pk: OuterRef(pk)})
        .order_by("-history_date", "-history_id")
        .values("history_id")[:1]
    )


def _day_start(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def _object_repr(record: Any, audited: AuditedModel) -> str:
    """``str()`` of the object as it was, with its foreign keys from the joined rows."""
    instance_type = audited.instance_type
    values = {
        f.attname: getattr(record, f.attname)
        for f in instance_type._meta.concrete_fields
        if hasattr(record, f.attname)
    }
    instance = instance_type(**values)
    for name in audited.fk_names:
        if record._state.fields_cache.get(name) is not None:
            instance._state.fields_cache[name] = record._state.fields_cache[name]
    try:
        text = str(instance)
    except Exception:  # a related row deleted since: name the object by its key
        text = ""
    text = text or f"{audited.label} #{values.get(audited.pk_attname)}"
    return Truncator(text).chars(120)


def _display(model_field: models.Field[Any, Any], value: Any, names: dict[Any, str]) -> str:
    if value is None or value == "":
        return "—"
    if model_field.many_to_one:
        return names.get((model_field.related_model, value), f"#{value}")
    if model_field.flatchoices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return str(_("Sí") if value else _("No"))
    if isinstance(value, dt.datetime):
        return formats.localize(timezone.localtime(value) if timezone.is_aware(value) else value)
    if isinstance(value, (dt.date, dt.time)):
        return formats.localize(value)
    return Truncator(str(value)).chars(200)


def activity_page(
    *,
    entity: Entity,
    model_key: str | None = None,
    user_id: int | None = None,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    page: int = 1,
    per_page: int = PER_PAGE,
) -> ActivityPage:
    """One page of the entity's changes, newest first."""
    page = max(page, 1)
    start = (page - 1) * per_page
    window = start + per_page + 1  # one more row tells whether there is a next page
    candidates: list[tuple[Any, AuditedModel]] = []
    for audited in audited_models():
        if model_key and audited.key != model_key:
            continue
        queryset = _scoped(audited, entity)
        if user_id:
            queryset = queryset.filter(history_user_id=user_id)
        if date_from:
            queryset = queryset.filter(history_date__gte=_day_start(date_from))
        if date_to:
            queryset = queryset.filter(history_date__lt=_day_start(date_to + dt.timedelta(days=1)))
        queryset = (
            queryset.select_related("history_user", *audited.fk_names)
            .annotate(previous_history_id=_previous_id(audited))
            .order_by("-history_date", "-history_id")
        )
        candidates.extend((record, audited) for record in queryset[:window])
    candidates.sort(key=lambda c: (c[0].history_date, c[1].key, c[0].history_id), reverse=True)
    selected = candidates[start : start + per_page]
    return ActivityPage(
        rows=_rows(selected),
        number=page,
        has_previous=page > 1,
        has_next=len(candidates) > start + per_page,
    )


def _rows(selected: list[tuple[Any, AuditedModel]]) -> list[ActivityRow]:
    # Previous versions of the modified rows: one query per model.
    wanted: dict[AuditedModel, list[int]] = defaultdict(list)
    for record, audited in selected:
        if record.history_type == "~" and record.previous_history_id:
            wanted[audited].append(record.previous_history_id)
    previous: dict[tuple[AuditedModel, int], Any] = {}
    for audited, ids in wanted.items():
        # A historical record's primary key is its history_id.
        for old in audited.history_model._default_manager.filter(pk__in=ids):
            previous[(audited, old.pk)] = old

    # Diffs, with raw foreign-key values collected to be named in one query per model.
    deltas: list[list[tuple[models.Field[Any, Any], Any, Any]]] = []
    fk_values: dict[type[models.Model], set[Any]] = defaultdict(set)
    for record, audited in selected:
        changes: list[tuple[models.Field[Any, Any], Any, Any]] = []
        before = previous.get((audited, record.previous_history_id))
        if record.history_type == "~" and before is not None:
            m2m = {f.name for f in getattr(before, "_history_m2m_fields", [])}
            secret = {f.name for f in audited.instance_type._meta.fields if _is_secret(f.name)}
            delta = record.diff_against(before, excluded_fields=m2m | secret)
            for change in delta.changes:
                model_field = concrete_field(audited.instance_type, change.field)
                changes.append((model_field, change.old, change.new))
                related = model_field.related_model
                if model_field.many_to_one and isinstance(related, type):
                    fk_values[related].update(v for v in (change.old, change.new) if v is not None)
        deltas.append(changes)
    names: dict[Any, str] = {}
    for related_model, pks in fk_values.items():
        for obj in related_model._default_manager.filter(pk__in=pks):
            names[(related_model, obj.pk)] = Truncator(str(obj)).chars(120)

    rows = []
    for (record, audited), changes in zip(selected, deltas, strict=True):
        rows.append(
            ActivityRow(
                when=record.history_date,
                user=record.history_user,
                change_type=record.history_type,
                change_label=str(CHANGE_LABELS.get(record.history_type, record.history_type)),
                model_label=audited.label,
                object_repr=_object_repr(record, audited),
                changes=[
                    FieldChange(
                        label=capfirst(str(model_field.verbose_name)),
                        old=_display(model_field, old_value, names),
                        new=_display(model_field, new_value, names),
                    )
                    for model_field, old_value, new_value in changes
                ],
            )
        )
    return rows


def access_log_list(
    *,
    entity: Entity,
    action: str | None = None,
    user_id: int | None = None,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
) -> models.QuerySet[Any]:
    """The entity's access log, newest first, with the user and the target type joined."""
    from cabildo.audit.models import AccessLog

    queryset = AccessLog.objects.for_entity(entity)
    if action:
        queryset = queryset.filter(action=action)
    if user_id:
        queryset = queryset.filter(user_id=user_id)
    if date_from:
        queryset = queryset.filter(at__gte=_day_start(date_from))
    if date_to:
        queryset = queryset.filter(at__lt=_day_start(date_to + dt.timedelta(days=1)))
    return queryset.select_related("user", "target_type").order_by("-at", "-id")
