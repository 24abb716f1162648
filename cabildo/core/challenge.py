"""Self-hosted proof-of-work challenge (ALTCHA) for anonymous public forms.

Many citizens share one public address (carrier NAT, libraries, Puntos Vive Digital), so past
a form's per-address limit (``cabildo.core.throttle``) the form asks the browser to solve a
small proof of work instead of refusing: no third party, no cookie, no puzzle for the person
(the ALTCHA widget solves it by itself in a Web Worker and says «Verificado»).

The server side is the ``altcha`` package (PyPI): challenges of the v2 format
(``PBKDF2/SHA-256``, deterministic counter), signed with an HMAC key derived from
``SECRET_KEY``, expiring after ``ALTCHA_EXPIRES_SECONDS``. A solution is accepted once: its
signature is remembered in the cache until the challenge expires. The widget is the ``altcha``
npm package, vendored by ``scripts/vendor_static.py`` (its CSP-friendly ``external`` build:
stylesheet and worker as separate files).

``settings.PUBLIC_FORM_CHALLENGE`` turns the challenge off (the test settings do; tests of
the challenge turn it on and solve it with :func:`solve_for_tests`). Off, past the limit is a
refusal as before.
"""

from __future__ import annotations

import logging
import secrets
import time
from typing import Any

import altcha
from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, JsonResponse
from django.utils.crypto import salted_hmac
from django.views.decorators.cache import never_cache

logger = logging.getLogger("cabildo.challenge")

FIELD = "altcha"
ALGORITHM = "PBKDF2/SHA-256"
MAX_PAYLOAD_LENGTH = 4000
USED_PREFIX = "cabildo-altcha-used"


def enabled() -> bool:
    return bool(getattr(settings, "PUBLIC_FORM_CHALLENGE", True))


def _secret() -> str:
    return salted_hmac("cabildo.core.challenge", "altcha-hmac").hexdigest()


def challenge_new() -> dict[str, Any]:
    """A fresh signed challenge as the widget expects it (JSON)."""
    cost = int(getattr(settings, "ALTCHA_COST", 1000))
    low, high = getattr(settings, "ALTCHA_COUNTER_RANGE", (500, 2500))
    expires = int(time.time()) + int(getattr(settings, "ALTCHA_EXPIRES_SECONDS", 1800))
    made = altcha.create_challenge(
        ALGORITHM,
        cost,
        counter=low + secrets.randbelow(max(1, high - low + 1)),
        expires_at=expires,
        hmac_secret=_secret(),
    )
    return made.to_dict()


def verify(payload: Any) -> bool:
    """Whether ``payload`` (the widget's base64 field) solves a challenge of ours, unexpired
    and never used before. Any malformed input is simply ``False``."""
    if not isinstance(payload, str) or not payload or len(payload) > MAX_PAYLOAD_LENGTH:
        return False
    try:
        result = altcha.verify_solution(payload, _secret())
    except (ValueError, TypeError, KeyError, AttributeError, OverflowError):
        return False
    if not result.verified:
        return False
    parsed = altcha.Payload.from_base64(payload)
    expires_at = parsed.challenge.parameters.expires_at or 0
    ttl = max(1, int(expires_at - time.time()))
    # Single use: the first request to present this solution records it (atomic add).
    return bool(cache.add(f"{USED_PREFIX}:{parsed.challenge.signature}", 1, ttl))


def solved(request: HttpRequest) -> bool:
    """Whether the request carries a valid, unused solution (always ``True`` when off)."""
    if not enabled():
        return True
    return verify(request.POST.get(FIELD, ""))


@never_cache
def challenge_view(request: HttpRequest) -> JsonResponse:
    """``GET`` a new challenge (the widget fetches it; same origin, so the CSP allows it)."""
    return JsonResponse(challenge_new())


def solve_for_tests(data: dict[str, Any] | None = None) -> str:
    """A valid payload for a fresh challenge, solved in Python (tests and the cluster test)."""
    made = altcha.Challenge.from_dict(data or challenge_new())
    solution = altcha.solve_challenge(made)
    if solution is None:  # pragma: no cover - the counter range is bounded
        raise RuntimeError("challenge not solved")
    return altcha.Payload(made, solution).to_base64()


def widget_strings() -> dict[str, str]:
    """The widget's texts from Cabildo's catalogue (the page's language)."""
    from django.utils.translation import gettext as _

    return {
        "ariaLinkLabel": "ALTCHA",
        "cancel": _("Cancelar"),
        "enterCode": _("Escriba el código"),
        "enterCodeAria": _("Escriba el código que escucha. Pulse Espacio para oír el audio."),
        "enterCodeFromImage": _("Para continuar, escriba el código de la imagen."),
        "error": _("La verificación falló. Vuelva a cargar la página e intente de nuevo."),
        "expired": _("La verificación venció. Intente de nuevo."),
        "footer": "",
        "getAudioChallenge": _("Obtener un código en audio"),
        "label": _("Verificación automática de envío"),
        "loading": _("Cargando…"),
        "reload": _("Volver a cargar"),
        "verify": _("Verificar"),
        "verificationRequired": _("Falta la verificación: espere a que termine."),
        "verified": _("Verificado"),
        "verifying": _("Verificando…"),
        "waitAlert": _("Verificando… espere un momento."),
    }
