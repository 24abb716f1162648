from django.contrib import admin
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog

from cabildo.core import views as core_views

handler400 = core_views.error_400
handler403 = core_views.error_403
handler404 = core_views.error_404
handler500 = "config.db_unavailable.server_error"  # 503 when the database is down

urlpatterns = [
    path("", include("cabildo.core.urls")),
    path("healthz", core_views.healthz, name="healthz"),
    path("robots.txt", core_views.robots_txt, name="robots_txt"),
    path("favicon.ico", core_views.favicon, name="favicon"),
    path("cuentas/", include("cabildo.accounts.urls")),
    path("plazos/", include("cabildo.workdays.urls")),
    path("actividad/", include("cabildo.audit.urls")),
    path("territorios/", include("cabildo.territories.urls")),
    path("grupos-de-valor/", include("cabildo.stakeholders.urls")),
    path("instancias/", include("cabildo.bodies.urls")),
    path("autodiagnostico/", include("cabildo.assessment.urls")),
    path("plan/", include("cabildo.plans.urls")),
    path("importaciones/", include("cabildo.matrices.urls")),
    path("eventos/", include("cabildo.execution.urls")),
    path("pqrs/", include("cabildo.pqrs.urls")),
    path("privacidad/", include("cabildo.privacy.urls")),
    path("ejercicios/", include("cabildo.exercises.urls")),
    path("evaluacion/", include("cabildo.evaluation.urls")),
    path("rendicion-de-cuentas/", include("cabildo.accountability.urls")),
    path("control-social/", include("cabildo.accountability.oversight_urls")),
    path("politicas/", include("cabildo.policies.urls")),
    path("participa/", include("cabildo.portal.urls")),
    path("datos-abiertos/", include("cabildo.portal.opendata_urls")),
    path("api/v1/", include("cabildo.api.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("admin-tecnico/", admin.site.urls),
]

# Uploaded files are never served from MEDIA_URL, not even with DEBUG: each is downloaded
# through its app's view, which checks the entity and the permission.
