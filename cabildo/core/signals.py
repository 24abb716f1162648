"""Signals core sends to the apps above it (core never imports them).

``calendar_changed`` is sent (on commit) when an entity's non-working days change: its
closure days (:mod:`cabildo.workdays.services`) or whether it works on Saturdays
(:func:`cabildo.core.services.entity_update`), so that modules with open deadlines (PQRSD)
recompute them. Receivers get ``entity``.
"""

from django.dispatch import Signal

calendar_changed = Signal()
