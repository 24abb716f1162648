"""Per-entity cache of the public pages (the portal's pages, the PQRSD form, the staff
lists' calendar): it lives in core because every app's writes invalidate it.

Each entity has a version number in the cache; every public page's cached fragment is keyed by
it (plus the entity's creation time, the language and the address). Saving or deleting any row
of the entity (every :class:`~cabildo.core.models.TenantModel`) bumps the version, so a page
never shows stale data after a change; time-dependent content ("abierto ahora") also expires
after :data:`PUBLIC_CACHE_SECONDS`.
"""

from __future__ import annotations

import hashlib
from typing import Any

from django.core.cache import cache
from django.utils.translation import get_language

from cabildo.core.models import Entity, TenantModel
from cabildo.core.oncommit import on_commit_once, once_key

PUBLIC_CACHE_SECONDS = 300
_CALLBACK_KEY = "public_cache"
_VERSION_SECONDS = 60 * 60 * 24 * 30


def _version_key(entity_id: int) -> str:
    return f"portal:version:{entity_id}"


def entity_version(entity: Entity) -> int:
    key = _version_key(entity.pk)
    version = cache.get(key)
    if version is None:
        version = 1
        cache.add(key, version, _VERSION_SECONDS)
    return int(version)


def bump_entity_version(entity_id: int) -> None:
    key = _version_key(entity_id)
    try:
        cache.incr(key)
    except ValueError:  # not in the cache yet: the next read starts a fresh version
        cache.set(key, 2, _VERSION_SECONDS)


def page_key(entity: Entity, name: str, *parts: Any) -> str:
    """Cache key of a public page (or fragment) of ``entity``. The entity's creation time
    keeps two databases that reuse primary keys (tests, restored copies) from sharing keys."""
    raw = ":".join(
        [
            name,
            str(entity.pk),
            entity.created_at.isoformat() if entity.created_at else "",
            str(entity_version(entity)),
            get_language() or "",
            *(str(part) for part in parts),
        ]
    )
    return "portal:page:" + hashlib.sha256(raw.encode()).hexdigest()


def _entry_key(entity: Entity, name: str, parts: tuple[Any, ...]) -> str:
    raw = ":".join(
        [
            name,
            str(entity.pk),
            entity.created_at.isoformat() if entity.created_at else "",
            get_language() or "",
            *(str(part) for part in parts),
        ]
    )
    return "portal:entry:" + hashlib.sha256(raw.encode()).hexdigest()


def versioned_get(entity: Entity, name: str, parts: tuple[Any, ...]) -> tuple[int, Any]:
    """The entity's current version and the value stored for these parts if it was stored
    at that version (else ``None``), in one cache round trip (the whole-page cache's path)."""
    version_key = _version_key(entity.pk)
    key = _entry_key(entity, name, parts)
    found = cache.get_many([version_key, key])
    version = found.get(version_key)
    if version is None:
        version = 1
        cache.add(version_key, version, _VERSION_SECONDS)
    entry = found.get(key)
    if entry is not None and entry[0] == int(version):
        return int(version), entry[1]
    return int(version), None


def versioned_set(
    entity: Entity, name: str, parts: tuple[Any, ...], version: int, value: Any
) -> None:
    """Store ``value`` as of ``version`` (read before it was built: a change meanwhile makes
    it stale at once)."""
    cache.set(_entry_key(entity, name, parts), (version, value), PUBLIC_CACHE_SECONDS)


def cached(entity: Entity, name: str, parts: tuple[Any, ...], build: Any) -> Any:
    """The cached value of ``build()`` for this entity, page and parts (one round trip when
    it is there)."""
    version, value = versioned_get(entity, name, parts)
    if value is None:
        value = build()
        versioned_set(entity, name, parts, version, value)
    return value


def on_tenant_change(sender: Any, instance: Any, **kwargs: Any) -> None:
    """``post_save``/``post_delete`` receiver: a row of an entity changed."""
    if isinstance(instance, Entity):
        entity_id = instance.pk
    elif isinstance(instance, TenantModel):
        if not instance.invalidates_public_pages:
            return
        entity_id = instance.entity_id
    else:
        return
    if entity_id:
        invalidate_entity(entity_id)


def invalidate_entity(entity_id: int) -> None:
    """Forget every cached public page of the entity, now and when the transaction commits.

    Saves and deletes call it through :func:`on_tenant_change`; services that write with
    ``QuerySet.update()``, ``bulk_update()`` or ``bulk_create()`` (which send no signal) call it
    themselves."""
    bump_entity_version(entity_id)
    # After the commit too: a page rendered during the transaction must not survive it.
    # One callback per entity and transaction, however many rows the transaction writes.
    on_commit_once((_CALLBACK_KEY, entity_id), lambda: bump_entity_version(entity_id))


def is_cache_callback(func: Any) -> bool:
    """Whether an on-commit callback is this module's cache bump (tests count the others)."""
    key = once_key(func)
    return isinstance(key, tuple) and key[:1] == (_CALLBACK_KEY,)
