from django.urls import path

from cabildo.plans import views

app_name = "plans"

urlpatterns = [
    # Public.
    path("", views.PublicPlanListView.as_view(), name="public_list"),
    path("<int:year>/", views.PublicPlanView.as_view(), name="public_plan"),
    path("<int:year>/matriz.xlsx", views.PublicPlanXlsxView.as_view(), name="public_xlsx"),
    path("<int:year>/plan.pdf", views.PublicPlanPdfView.as_view(), name="public_pdf"),
    path("<int:year>/consulta/", views.ConsultationView.as_view(), name="consultation"),
    # Staff.
    path("gestion/", views.PlanListView.as_view(), name="plan_list"),
    path("gestion/nuevo/", views.PlanCreateView.as_view(), name="plan_create"),
    path("gestion/version/<int:pk>/", views.VersionDetailView.as_view(), name="version_detail"),
    path("gestion/version/<int:pk>/verificacion/", views.ChecksView.as_view(), name="checks"),
    path("gestion/version/<int:pk>/cronograma/", views.CronogramaView.as_view(), name="cronograma"),
    path(
        "gestion/version/<int:pk>/actividades/nueva/",
        views.ActivityCreateView.as_view(),
        name="activity_create",
    ),
    path("gestion/version/<int:pk>/matriz.xlsx", views.VersionExportView.as_view(), name="export"),
    path("gestion/version/<int:pk>/importar/", views.VersionImportView.as_view(), name="import"),
    path(
        "gestion/version/<int:version_pk>/importar/<int:pk>/",
        views.ImportPreviewView.as_view(),
        name="import_preview",
    ),
    path(
        "gestion/version/<int:pk>/publicar/",
        views.TransitionView.as_view(action="publish"),
        name="publish",
    ),
    path(
        "gestion/version/<int:pk>/ajustar/",
        views.TransitionView.as_view(action="adjust"),
        name="adjust",
    ),
    path(
        "gestion/version/<int:pk>/aprobar/",
        views.TransitionView.as_view(action="approve"),
        name="approve",
    ),
    path(
        "gestion/version/<int:pk>/ejecutar/",
        views.TransitionView.as_view(action="execute"),
        name="execute",
    ),
    path(
        "gestion/version/<int:pk>/cerrar/",
        views.TransitionView.as_view(action="close"),
        name="close",
    ),
    path(
        "gestion/version/<int:pk>/nueva-version/",
        views.TransitionView.as_view(action="new_version"),
        name="new_version",
    ),
    path(
        "gestion/actividad/<int:pk>/editar/",
        views.ActivityUpdateView.as_view(),
        name="activity_update",
    ),
    path(
        "gestion/actividad/<int:pk>/eliminar/",
        views.ActivityDeleteView.as_view(),
        name="activity_delete",
    ),
    path("gestion/observaciones/", views.ObservationListView.as_view(), name="observation_list"),
    path(
        "gestion/observacion/<int:pk>/",
        views.ObservationAnalyseView.as_view(),
        name="observation_analyse",
    ),
    path(
        "gestion/observacion/<int:pk>/asignar/",
        views.ObservationAssignView.as_view(),
        name="observation_assign",
    ),
    path(
        "gestion/observacion/<int:pk>/ocultar/",
        views.ObservationHideView.as_view(),
        name="observation_hide",
    ),
]
