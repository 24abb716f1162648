"""Control social (mounted at /control-social/)."""

from django.urls import path

from cabildo.accountability import oversight_views as views

app_name = "oversight"

urlpatterns = [
    path("", views.PublicIndexView.as_view(), name="public_index"),
    path("objetos/<int:pk>/", views.PublicItemView.as_view(), name="public_item"),
    path("gestion/", views.ManageView.as_view(), name="manage"),
    path("gestion/veedurias/nueva/", views.VeeduriaCreateView.as_view(), name="veeduria_create"),
    path("gestion/veedurias/<int:pk>/", views.VeeduriaDetailView.as_view(), name="veeduria_detail"),
    path(
        "gestion/veedurias/<int:pk>/editar/",
        views.VeeduriaUpdateView.as_view(),
        name="veeduria_update",
    ),
    path(
        "gestion/veedurias/<int:pk>/integrantes/nuevo/",
        views.MemberAddView.as_view(),
        name="member_add",
    ),
    path(
        "gestion/veedurias/<int:pk>/solicitudes/nueva/",
        views.RequestFileView.as_view(),
        name="request_file",
    ),
    path(
        "gestion/veedurias/<int:pk>/observaciones/nueva/",
        views.ObservationCreateView.as_view(),
        name="observation_create",
    ),
    path(
        "gestion/observaciones/<int:pk>/",
        views.ObservationDetailView.as_view(),
        name="observation_detail",
    ),
    path(
        "gestion/observaciones/<int:pk>/acciones/nueva/",
        views.ObservationActionView.as_view(),
        name="observation_action",
    ),
    path("gestion/objetos/nuevo/", views.ItemCreateView.as_view(), name="item_create"),
    path("gestion/objetos/<int:pk>/", views.ItemDetailView.as_view(), name="item_detail"),
    path("gestion/objetos/<int:pk>/editar/", views.ItemUpdateView.as_view(), name="item_update"),
]
