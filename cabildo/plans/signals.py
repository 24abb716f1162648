"""Signals of the plans app, for the apps above it (which plans may not import)."""

from __future__ import annotations

from django.dispatch import Signal

# Sent inside plan_close()'s transaction once a version is closed: ``version`` and ``user``.
# The evaluation app moves it on to «evaluado» when the year's evaluation is published.
version_closed = Signal()
