"""Hooks of django-axes (login throttling)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest


def axes_username(request: HttpRequest, credentials: dict[str, Any] | None) -> str:
    """The account typed, as the login form normalises it: the lower-cased email.

    ``Ana@X.test`` and ``ana@x.test `` count against the same account.
    """
    value = ""
    if credentials:
        value = credentials.get("username") or credentials.get("email") or ""
    if not value and request is not None:
        value = request.POST.get("username", "")
    return str(value).strip().lower()
