"""cabildo.core.oncommit: one after-commit callback per key and transaction, registered again
after a rollback (the weak reference dies with the callback Django dropped)."""

from __future__ import annotations

import pytest
from django.db import transaction

from cabildo.core.oncommit import on_commit_once, once_key

# Real commits and rollbacks: the tests below open their own transactions.
committing = pytest.mark.django_db(transaction=True)


@committing
def test_outside_a_transaction_runs_at_once():
    ran = []
    on_commit_once("k", lambda: ran.append(1))
    on_commit_once("k", lambda: ran.append(2))
    assert ran == [1, 2]


@committing
def test_once_per_key_and_transaction():
    ran = []
    with transaction.atomic():
        for n in range(50):
            on_commit_once("a", lambda n=n: ran.append(("a", n)))
        on_commit_once("b", lambda: ran.append(("b", 0)))
        assert ran == []
    assert ran == [("a", 0), ("b", 0)]
    # The next transaction registers its own.
    with transaction.atomic():
        on_commit_once("a", lambda: ran.append(("a", "again")))
    assert ran[-1] == ("a", "again")


@committing
def test_registered_again_after_a_rollback():
    ran = []
    with pytest.raises(RuntimeError), transaction.atomic():
        on_commit_once("a", lambda: ran.append("rolled back"))
        raise RuntimeError
    with transaction.atomic():
        on_commit_once("a", lambda: ran.append("committed"))
    assert ran == ["committed"]


@committing
def test_registered_again_after_a_savepoint_rollback():
    ran = []
    with transaction.atomic():
        with pytest.raises(RuntimeError), transaction.atomic():
            on_commit_once("a", lambda: ran.append("savepoint"))
            raise RuntimeError
        on_commit_once("a", lambda: ran.append("outer"))
    assert ran == ["outer"]


@pytest.mark.django_db
def test_once_key_tells_the_callbacks_apart(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        on_commit_once(("cache", 7), lambda: None)
        transaction.on_commit(lambda: None)
    assert [once_key(c) for c in callbacks] == [("cache", 7), None]
