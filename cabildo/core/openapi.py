"""Helpers for the OpenAPI schema (drf-spectacular)."""

from __future__ import annotations

from typing import cast

from django.utils.functional import Promise


def tag(name: str | Promise) -> str:
    """An OpenAPI tag. A lazy (translated) name is kept lazy: drf-spectacular renders it in the
    schema request's language, though its type hints only name ``str``."""
    return cast(str, name)
