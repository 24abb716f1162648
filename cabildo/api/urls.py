"""``/api/v1/``: the schema, its docs, the shared endpoints and every app's ``api.urlpatterns``."""

from importlib import import_module

from django.conf import settings
from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView

from cabildo.api import views

app_name = "api"

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", views.DocsView.as_view(url_name="api:schema"), name="docs"),
    path("entities/", views.EntityListAPIView.as_view(), name="entity_list"),
]

for _app in settings.CABILDO_APPS:
    try:
        _module = import_module(f"{_app}.api")
    except ModuleNotFoundError as exc:
        if exc.name != f"{_app}.api":
            raise
        continue
    if hasattr(_module, "urlpatterns"):
        urlpatterns.append(path("", include((_module.urlpatterns, _app.rsplit(".", 1)[1]))))

# Last: any other address under /api/v1/ answers a JSON 404 (not the HTML error page). Only
# addresses ending in "/" so that APPEND_SLASH still redirects "/api/v1/entities" to its view.
urlpatterns.append(re_path(r"^(?:.*/)?$", views.NotFoundView.as_view(), name="not_found"))
