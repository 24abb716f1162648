from django.urls import path

from cabildo.core import views

app_name = "core"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("dependencias/", views.AreaListView.as_view(), name="area_list"),
    path("dependencias/nueva/", views.AreaFormView.as_view(), name="area_create"),
    path("dependencias/<int:pk>/editar/", views.AreaFormView.as_view(), name="area_update"),
    path("entidad/editar/", views.EntityUpdateView.as_view(), name="entity_update"),
]
