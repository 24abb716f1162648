"""Optional read replica: set ``DATABASE_REPLICA_URL`` and reads go to the ``replica`` database.

Writes, migrations and every query inside a transaction stay on ``default`` (the primary):
a read that follows a write in the same ``transaction.atomic`` block, or a
``select_for_update``, must see the primary's rows. Outside transactions a page may read
rows a little behind the primary (streaming replication lag): acceptable for lists and
reports, not for the services, which all run in ``transaction.atomic``.
"""

from __future__ import annotations

from typing import Any

from django.db import connections

PRIMARY = "default"
REPLICA = "replica"


class ReplicaRouter:
    def db_for_read(self, model: Any, **hints: Any) -> str:
        if REPLICA not in connections.settings or connections[PRIMARY].in_atomic_block:
            return PRIMARY
        return REPLICA

    def db_for_write(self, model: Any, **hints: Any) -> str:
        return PRIMARY

    def allow_relation(self, obj1: Any, obj2: Any, **hints: Any) -> bool:
        return True  # both databases hold the same rows

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool:
        return db == PRIMARY
