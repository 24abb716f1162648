"""``calendar_changed`` is sent (on commit) when an entity's non-working days change,
so that modules with open deadlines (PQRSD) recompute them. Receivers get ``entity``."""

from django.dispatch import Signal

calendar_changed = Signal()
