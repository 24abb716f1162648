"""Account security middleware: the second factor gate and the Permissions-Policy header."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import Resolver404, resolve, reverse
from django.utils.translation import gettext as _

from cabildo.accounts import two_factor

# Pages a half-logged-in user may still open: the second-factor steps, leaving, password
# recovery, language switch and translation catalogue.
EXEMPT_URL_NAMES = frozenset(
    {
        "accounts:login",
        "accounts:logout",
        "accounts:two_factor_setup",
        "accounts:two_factor_verify",
        "accounts:password_reset",
        "accounts:password_reset_done",
        "accounts:password_reset_confirm",
        "accounts:password_reset_complete",
        "set_language",
        "javascript-catalog",
        "healthz",
    }
)

PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "usb",
        "interest-cohort",
    )
)


def _exempt(request: HttpRequest) -> bool:
    if request.path_info.startswith(settings.STATIC_URL):
        return True
    try:
        match = resolve(request.path_info)
    except Resolver404:
        return True  # a 404 shows nothing
    return match.view_name in EXEMPT_URL_NAMES


class TwoFactorMiddleware:
    """Until the second factor is checked, a logged-in user reaches only the exempt pages.

    Pages send them to set up or verify (keeping ``next``); the API answers 403.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            state = two_factor.session_state(request)
            if state in two_factor.PENDING and not _exempt(request):
                return self._refuse(request, state)
        return self.get_response(request)

    def _refuse(self, request: HttpRequest, state: str) -> HttpResponse:
        if request.path_info.startswith("/api/"):
            return JsonResponse(
                {
                    "detail": _("Complete la verificación en dos pasos para usar la API."),
                    "errors": {},
                },
                status=403,
            )
        name = (
            "accounts:two_factor_setup"
            if state == two_factor.SETUP
            else "accounts:two_factor_verify"
        )
        target = reverse(name)
        if request.method == "GET":
            target += "?" + urlencode({"next": request.get_full_path()})
        return redirect(target)


class PermissionsPolicyMiddleware:
    """Denies browser features Cabildo never uses (camera, geolocation, payment…)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response
