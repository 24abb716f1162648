"""``calendar_changed`` is sent (on commit) when an entity's non-working days change,
so that modules with open deadlines (PQRSD) recompute them. Receivers get ``entity``.
Defined in :mod:`cabildo.core.signals` (core sends it too, and never imports workdays)."""

from cabildo.core.signals import calendar_changed

__all__ = ["calendar_changed"]
