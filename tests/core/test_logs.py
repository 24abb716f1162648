"""403 and 404 are logged as one line; 500 keeps its traceback."""

import io
import logging

import pytest
from django.test import Client, override_settings
from django.urls import include, path

from cabildo.core.logs import ClientErrorsWithoutTraceback


def _forbidden(request):
    from django.core.exceptions import PermissionDenied

    raise PermissionDenied("no")


def _broken(request):
    raise RuntimeError("real error")


urlpatterns = [
    path("prohibido/", _forbidden),
    path("roto/", _broken),
    path("", include("config.urls")),  # the error pages link to the project's pages
]


@pytest.fixture
def log():
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(ClientErrorsWithoutTraceback())
    logger = logging.getLogger("django.request")
    logger.addHandler(handler)
    yield stream
    logger.removeHandler(handler)


@override_settings(ROOT_URLCONF=__name__, MIDDLEWARE=[])
@pytest.mark.parametrize(("url", "status"), [("/prohibido/", 403), ("/no-existe/", 404)])
def test_client_errors_are_one_line(log, url, status):
    assert Client().get(url).status_code == status
    lines = log.getvalue().strip().splitlines()
    assert len(lines) == 1, lines
    assert url in lines[0]


@override_settings(ROOT_URLCONF=__name__, MIDDLEWARE=[])
def test_real_errors_keep_their_traceback(log):
    assert Client(raise_request_exception=False).get("/roto/").status_code == 500
    text = log.getvalue()
    assert "Traceback" in text and "RuntimeError: real error" in text


def test_security_records_lose_the_traceback():
    try:
        raise ValueError("bad host")
    except ValueError:
        import sys

        record = logging.LogRecord(
            "django.security.DisallowedHost", logging.ERROR, "", 0, "bad host", (), sys.exc_info()
        )
    assert ClientErrorsWithoutTraceback().filter(record)
    assert record.exc_info is None
