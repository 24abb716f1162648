"""How many examples a property test draws, and whether they are the same on every run.

``make test`` (and CI) draws the same examples on every run: Hypothesis' ``derandomize`` seeds
each test from its own code, so the suite never fails on an example nobody has seen, and a
failure found once is found again. ``make fuzz`` draws new examples, ``CABILDO_FUZZ`` times as
many, to look for what the fixed set misses; what it finds becomes a plain test or an
``@example`` before it is fixed (the CSV apostrophe and the 1,000,000 % measurement were found
that way).
"""

from __future__ import annotations

import os

from hypothesis import settings

#: Multiplier of every test's examples; 0 (the default) means the fixed, repeatable set.
FUZZ = max(int(os.environ.get("CABILDO_FUZZ") or 0), 0)

settings.register_profile("repeatable", derandomize=True, print_blob=True)
settings.register_profile("fuzz", derandomize=False, print_blob=True)
settings.load_profile("fuzz" if FUZZ else "repeatable")


def examples(count: int) -> int:
    """``count`` examples in ``make test``; ``count × CABILDO_FUZZ`` in ``make fuzz``."""
    return count * FUZZ if FUZZ else count
