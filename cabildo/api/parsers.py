"""Request parsers of the API: JSON that cannot exhaust the interpreter's stack."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from rest_framework import parsers
from rest_framework.exceptions import ParseError


class JSONParser(parsers.JSONParser):
    """DRF's JSON parser; JSON nested deeper than Python's recursion limit (a 50,000-deep
    ``[[[[…]]]]``) is a 400 with a Spanish message instead of a RecursionError (500)."""

    def parse(self, stream: Any, media_type: str | None = None, parser_context: Any = None) -> Any:
        try:
            return super().parse(stream, media_type, parser_context)
        except RecursionError as exc:
            raise ParseError(_("El JSON enviado tiene demasiados niveles de anidamiento.")) from exc
