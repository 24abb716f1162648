from django.urls import path

from cabildo.bodies import views

app_name = "bodies"

urlpatterns = [
    path("", views.BodyListView.as_view(), name="list"),
    path("nueva/", views.BodyFormView.as_view(), name="create"),
    path("<int:pk>/", views.BodyDetailView.as_view(), name="detail"),
    path("<int:pk>/editar/", views.BodyFormView.as_view(), name="update"),
    path("<int:pk>/eliminar/", views.BodyDeleteView.as_view(), name="delete"),
    path("<int:pk>/archivar/", views.BodyArchiveView.as_view(), name="archive"),
    path("<int:pk>/publicar/", views.BodyPublishView.as_view(), name="publish"),
    path(
        "<int:pk>/integrantes/nuevo/",
        views.MemberFormView.as_view(creating=True),
        name="member_create",
    ),
    path("integrantes/<int:pk>/editar/", views.MemberFormView.as_view(), name="member_update"),
    path("integrantes/<int:pk>/eliminar/", views.MemberDeleteView.as_view(), name="member_delete"),
    path(
        "<int:pk>/sesiones/nueva/",
        views.SessionFormView.as_view(creating=True),
        name="session_create",
    ),
    path("sesiones/<int:pk>/editar/", views.SessionFormView.as_view(), name="session_update"),
    path("sesiones/<int:pk>/eliminar/", views.SessionDeleteView.as_view(), name="session_delete"),
    path("sesiones/<int:pk>/acta/", views.SessionMinutesView.as_view(), name="session_minutes"),
    path(
        "<int:pk>/caracterizaciones/nueva/",
        views.CharacterizationFormView.as_view(creating=True),
        name="characterization_create",
    ),
    path(
        "caracterizaciones/<int:pk>/editar/",
        views.CharacterizationFormView.as_view(),
        name="characterization_update",
    ),
    path(
        "caracterizaciones/<int:pk>/eliminar/",
        views.CharacterizationDeleteView.as_view(),
        name="characterization_delete",
    ),
    path("matriz/exportar/", views.BodyMatrixExportView.as_view(), name="matrix_export"),
    path("matriz/importar/", views.BodyMatrixImportView.as_view(), name="matrix_import"),
    path("sistema/", views.OverviewView.as_view(), name="overview"),
    path("sistema-municipal/", views.PublicOverviewView.as_view(), name="public_overview"),
    path("directorio/", views.DirectoryView.as_view(), name="directory"),
    path("directorio/<int:pk>/", views.PublicBodyView.as_view(), name="public_detail"),
    path("directorio/actas/<int:pk>/", views.public_minutes, name="public_minutes"),
]
