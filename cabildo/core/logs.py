"""Logging helpers: client errors are one line, tracebacks only for real errors."""

from __future__ import annotations

import logging


class ClientErrorsWithoutTraceback(logging.Filter):
    """A 4xx logged by Django (``django.request``: 403 for a permission denied, 404;
    ``django.security``: a bad Host's 400) keeps its message and drops the traceback, which
    only buried the real errors. Records of 5xx and of anything else pass untouched."""

    def filter(self, record: logging.LogRecord) -> bool:
        status = getattr(record, "status_code", None)
        if record.name.startswith("django.security") and status is None:
            status = 400
        if record.exc_info and isinstance(status, int) and 400 <= status < 500:
            record.exc_info = None
            record.exc_text = None
        return True
