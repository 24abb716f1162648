"""The terms of habeas data (Ley 1581 de 2012), in business days. The PQRSD module's habeas
data kinds take them (``cabildo.pqrs.deadlines.DEFAULT_KINDS``) and the privacy pages show
them (``{% privacy_law as law %}``), so the numbers are written once.

- Art. 14: a consulta is answered within 10 business days, extendable by 5 (the holder is told
  why before the term ends).
- Art. 15: a reclamo is answered within 15 business days, extendable by 8.
"""

from __future__ import annotations

from types import SimpleNamespace

CONSULTA_TERM_DAYS = 10  # art. 14
CONSULTA_EXTENSION_DAYS = 5  # art. 14, parágrafo
RECLAMO_TERM_DAYS = 15  # art. 15, numeral 3
RECLAMO_EXTENSION_DAYS = 8  # art. 15, numeral 3

LAW = SimpleNamespace(
    consulta_term_days=CONSULTA_TERM_DAYS,
    consulta_extension_days=CONSULTA_EXTENSION_DAYS,
    reclamo_term_days=RECLAMO_TERM_DAYS,
    reclamo_extension_days=RECLAMO_EXTENSION_DAYS,
)
