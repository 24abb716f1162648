from django.urls import path

from cabildo.core import challenge, views
from cabildo.portal import views as portal_views

app_name = "core"

urlpatterns = [
    # The public home is the portal's (what is open now, events, results, "Participa").
    path("", portal_views.HomeView.as_view(), name="home"),
    path("sitemap.xml", portal_views.SitemapView.as_view(), name="sitemap"),
    path("dependencias/", views.AreaListView.as_view(), name="area_list"),
    path("dependencias/nueva/", views.AreaFormView.as_view(), name="area_create"),
    path("dependencias/<int:pk>/editar/", views.AreaFormView.as_view(), name="area_update"),
    path("entidad/logo/", views.entity_logo, name="entity_logo"),
    path("entidad/editar/", views.EntityUpdateView.as_view(), name="entity_update"),
    # A proof-of-work challenge for the ALTCHA widget of public forms (cabildo.core.challenge).
    path("verificacion/reto/", challenge.challenge_view, name="challenge"),
]
