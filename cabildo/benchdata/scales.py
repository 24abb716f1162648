"""How much data each scale generates."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Scale:
    name: str
    years: int  # the current year and the previous ones
    petitions_per_year: int
    areas: int
    activities_per_year: int
    bodies: int
    stakeholder_groups: int
    events_per_year: int
    registrations: int
    contributions: int


SCALES: dict[str, Scale] = {
    scale.name: scale
    for scale in (
        # For tests: every table gets rows, in a second.
        Scale("small", 2, 150, 6, 12, 4, 5, 6, 60, 120),
        # A tenth of Cali: for developing the benchmark.
        Scale("medium", 3, 30_000, 40, 200, 20, 20, 100, 4_000, 20_000),
        # Issue 10: Cali (seed 004 received 309,638 communications in 2018).
        Scale("cali", 3, 300_000, 40, 1_000, 60, 50, 400, 20_000, 100_000),
    )
}
