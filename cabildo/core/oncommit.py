"""Work to do once the current transaction commits, at most once per key.

``transaction.on_commit`` registers a callback per call; a service that writes a thousand rows
of one entity would register a thousand identical cache bumps. :func:`on_commit_once` registers
one per key and transaction, using only Django's public API: the callback waiting for the commit
is remembered through a weak reference, and Django drops its pending callbacks when the
transaction (or the savepoint that registered them) rolls back, so a rolled-back key is
registered again by the next transaction instead of being skipped.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable, Hashable
from typing import Any

from django.db import DEFAULT_DB_ALIAS, transaction

# (database alias, key) → the callback registered for it, while it waits for the commit.
_pending: dict[tuple[str, Hashable], weakref.ReferenceType[Callable[[], None]]] = {}


def on_commit_once(
    key: Hashable, func: Callable[[], None], *, using: str = DEFAULT_DB_ALIAS
) -> None:
    """Run ``func`` when the current transaction commits (at once outside a transaction),
    unless a callback for ``key`` is already waiting for this commit."""
    if not transaction.get_connection(using).in_atomic_block:
        func()
        return
    slot = (using, key)
    waiting = _pending.get(slot)
    if waiting is not None and waiting() is not None:
        return

    def run() -> None:
        _pending.pop(slot, None)
        func()

    # mypy: the key marks the callback for on_commit_once (a function attribute).
    run.on_commit_key = key  # type: ignore[attr-defined]
    _pending[slot] = weakref.ref(run, lambda _ref: _forget(slot, _ref))
    transaction.on_commit(run, using=using)


def _forget(slot: tuple[str, Hashable], ref: Any) -> None:
    if _pending.get(slot) is ref:
        del _pending[slot]


def once_key(func: Any) -> Hashable | None:
    """The key an :func:`on_commit_once` callback was registered with (``None`` for others):
    tests that capture on-commit callbacks tell the project's own from the ones they count."""
    return getattr(func, "on_commit_key", None)
