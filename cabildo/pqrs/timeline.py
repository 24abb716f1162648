"""A petition's timeline in the reader's language.

Each line of the timeline (``PetitionEvent.text``) is written once, in Spanish, by the service
that records the event: it is the record, and it does not change. The product's own sentences
among them ("Petición radicada por el canal Presencial. Término: 15 días hábiles; vence el
24/04/2026.") are shown in the reader's language: the stored text is matched against the
Spanish sentence it was written from, and the same sentence is rendered from the catalogue
with the same values (a value that is itself a catalogue text, such as a channel's name, is
translated too). What an official typed (a reason, a note) is shown as typed.
"""

from __future__ import annotations

import re
from functools import cache

from django.utils.translation import gettext, gettext_noop

# The sentences services write into a timeline (the Spanish source texts of pqrs/services/).
SENTENCES = [
    gettext_noop("Petición radicada por el canal %(channel)s. Esta clase no tiene término legal."),
    gettext_noop(
        "Petición radicada por el canal %(channel)s. Término: %(days)s días hábiles; "
        "vence el %(due)s."
    ),
    gettext_noop("Asignada a %(area)s."),
    gettext_noop("Responsable: %(name)s."),
    gettext_noop("La dependencia inició el trámite."),
    gettext_noop(
        "Se solicitó completar la petición: %(missing)s. El término queda suspendido. "
        "Tiene plazo hasta el %(deadline)s para aportarlo; si antes de esa fecha pide una "
        "prórroga, el plazo se amplía hasta el %(extended)s."
    ),
    # The same sentence as earlier events stored it (kept to read them).
    gettext_noop(
        "Se solicitó completar la petición: %(missing)s. El término queda suspendido; tiene "
        "plazo hasta el %(deadline)s (puede pedir una prórroga de %(months)s mes más)."
    ),
    gettext_noop(
        "Se solicitó completar la petición: %(missing)s. El término queda suspendido; tiene "
        "plazo hasta el %(deadline)s (puede pedir una prórroga de un mes)."
    ),
    gettext_noop(
        "Se solicitó completar la petición: %(missing)s. Tiene plazo hasta el %(deadline)s "
        "para aportarlo."
    ),
    gettext_noop("El plazo para completar se amplió hasta el %(deadline)s."),
    gettext_noop("El ciudadano aportó la información solicitada."),
    gettext_noop("El término no estaba suspendido: la respuesta sigue venciendo el %(due)s."),
    gettext_noop(
        "El ciudadano completó la información. El término de %(days)s días hábiles se "
        "reinicia y vence el %(due)s."
    ),
    gettext_noop(
        "El ciudadano no completó la información dentro del plazo (%(deadline)s): la petición "
        "se entiende desistida y se archiva (Ley 1755 de 2015, art. 17)."
    ),
    gettext_noop("El plazo para completar venció; la petición se entiende desistida."),
    gettext_noop("Se prorrogó el término hasta el %(due)s. Motivo: %(reason)s"),
    gettext_noop("Recibida por traslado de %(entity)s (radicado %(number)s). Motivo: %(reason)s"),
    gettext_noop(
        "La entidad no es competente. La petición se trasladó a %(target)s. Motivo: %(reason)s"
    ),
    gettext_noop("Nuevo radicado en esa entidad: %(number)s."),
    gettext_noop("Respuesta de fondo enviada por %(channel)s."),
    gettext_noop(
        "El calendario de días hábiles de la entidad cambió: el vencimiento pasa del %(old)s "
        "al %(new)s."
    ),
]

_PLACEHOLDER = re.compile(r"%\((\w+)\)s")


@cache
def _patterns() -> list[tuple[str, re.Pattern[str]]]:
    patterns = []
    for sentence in SENTENCES:
        regex, last = "", 0
        for match in _PLACEHOLDER.finditer(sentence):
            regex += re.escape(sentence[last : match.start()]) + f"(?P<{match.group(1)}>.+?)"
            last = match.end()
        regex += re.escape(sentence[last:])
        patterns.append((sentence, re.compile(regex, re.DOTALL)))
    return patterns


def _translate_one(text: str) -> str | None:
    for sentence, pattern in _patterns():
        found = pattern.fullmatch(text)
        if found:
            values = {name: gettext(value) for name, value in found.groupdict().items()}
            return gettext(sentence) % values
    return None


def translated(text: str) -> str:
    """``text`` in the active language when it is one (or two) of the product's sentences."""
    text = text or ""
    # Two sentences written together ("… Motivo: x. Nuevo radicado en esa entidad: 7."): tried
    # first, or the first sentence's free text (the reason) would swallow the second one.
    for cut in (m.end() for m in re.finditer(r"[.:] ", text)):
        first, second = _translate_one(text[: cut - 1]), _translate_one(text[cut:])
        if first is not None and second is not None:
            return f"{first} {second}"
    whole = _translate_one(text)
    return text if whole is None else whole
