from django.urls import path

from cabildo.assessment import views

app_name = "assessment"

urlpatterns = [
    path("", views.AssessmentListView.as_view(), name="list"),
    path("comparativo/", views.ComparisonView.as_view(), name="comparison"),
    path("<int:pk>/", views.AssessmentDetailView.as_view(), name="detail"),
    path("<int:pk>/cerrar/", views.AssessmentCloseView.as_view(), name="close"),
    path("<int:pk>/fortalezas/", views.FindingsView.as_view(), name="findings"),
    path("<int:pk>/exportar/", views.AssessmentExportView.as_view(), name="export"),
    path("<int:pk>/importar/", views.AssessmentImportView.as_view(), name="import"),
    path(
        "<int:pk>/importar/confirmar/",
        views.AssessmentImportConfirmView.as_view(),
        name="import_confirm",
    ),
    path("<int:pk>/plan/", views.PlanGenerateView.as_view(), name="plan_generate"),
    path("puntajes/<int:pk>/", views.ScoreEvidenceView.as_view(), name="score_evidence"),
    path("evidencias/<int:pk>/", views.EvidenceFileDownloadView.as_view(), name="evidence_file"),
    path(
        "acciones/evidencias/<int:pk>/",
        views.ActionEvidenceDownloadView.as_view(),
        name="action_evidence_file",
    ),
    path("planes/", views.PlanListView.as_view(), name="plan_list"),
    path("planes/<int:pk>/", views.PlanDetailView.as_view(), name="plan_detail"),
    path("planes/<int:pk>/editar/", views.PlanUpdateView.as_view(), name="plan_update"),
    path("planes/<int:pk>/importar/", views.PlanMatrixImportView.as_view(), name="plan_import"),
    path(
        "planes/<int:pk>/desde-anterior/",
        views.PlanFromPreviousView.as_view(),
        name="plan_from_previous",
    ),
    path(
        "planes/<int:pk>/xlsx/",
        views.PlanExportView.as_view(export_format="xlsx"),
        name="plan_xlsx",
    ),
    path(
        "planes/<int:pk>/pdf/", views.PlanExportView.as_view(export_format="pdf"), name="plan_pdf"
    ),
    path("acciones/<int:pk>/", views.ActionUpdateView.as_view(), name="action_update"),
    path("acciones/<int:pk>/seguimiento/", views.ActionTrackView.as_view(), name="action_track"),
    path("acciones/<int:pk>/eficacia/", views.ActionReviewView.as_view(), name="action_review"),
]
