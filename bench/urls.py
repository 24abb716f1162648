"""The project's URLs plus ``/bench/floor``: a bare view (no database, no template).

It runs through the whole middleware stack like every page; the entity middleware is told to
skip it (as it skips ``/healthz``), so the floor measures the framework and not a query.
"""

from django.http import HttpRequest, HttpResponse
from django.urls import path

from cabildo.core import middleware
from config.urls import urlpatterns as project_urlpatterns

FLOOR_PATH = "/bench/floor"
middleware.NO_ENTITY_PATHS = middleware.NO_ENTITY_PATHS | {FLOOR_PATH}


def floor(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path(FLOOR_PATH.lstrip("/"), floor, name="bench_floor"), *project_urlpatterns]
