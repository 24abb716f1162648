from django.urls import path

from cabildo.core.mixins import SectionIndexView
from cabildo.evaluation import views

app_name = "evaluation"

urlpatterns = [
    path(
        "",
        SectionIndexView.as_view(
            staff_pattern="evaluation:dashboard",
            public_pattern="evaluation:public_results",
            permission="evaluation.view_dashboard",
        ),
        name="index",
    ),
    # Public.
    path("resultados/", views.PublicResultsView.as_view(), name="public_results"),
    path(
        "resultados/informe/<int:pk>/",
        views.PublicReportDownloadView.as_view(),
        name="public_report",
    ),
    # Staff.
    path("tablero/", views.DashboardView.as_view(), name="dashboard"),
    path("indicadores/", views.MatrixView.as_view(), name="matrix"),
    path("indicadores/matriz.xlsx", views.MatrixXlsxView.as_view(), name="matrix_xlsx"),
    path(
        "indicadores/matriz/exportar/",
        views.IndicatorMatrixExportView.as_view(),
        name="indicator_matrix_export",
    ),
    path(
        "indicadores/matriz/importar/",
        views.IndicatorMatrixImportView.as_view(),
        name="indicator_matrix_import",
    ),
    path(
        "mediciones/matriz/exportar/",
        views.MeasurementMatrixExportView.as_view(),
        name="measurement_matrix_export",
    ),
    path(
        "mediciones/matriz/importar/",
        views.MeasurementMatrixImportView.as_view(),
        name="measurement_matrix_import",
    ),
    path("indicadores/nuevo/", views.IndicatorCreateView.as_view(), name="indicator_create"),
    path("indicadores/calcular/", views.ComputeView.as_view(), name="compute"),
    path("indicadores/<int:pk>/", views.IndicatorDetailView.as_view(), name="indicator_detail"),
    path(
        "indicadores/<int:pk>/editar/",
        views.IndicatorUpdateView.as_view(),
        name="indicator_update",
    ),
    path(
        "mediciones/<int:pk>/historial/",
        views.MeasurementHistoryView.as_view(),
        name="measurement_history",
    ),
    path(
        "mediciones/<int:pk>/evidencia/",
        views.MeasurementEvidenceView.as_view(),
        name="measurement_evidence",
    ),
    path("consolidado/", views.EvaluationView.as_view(), name="evaluation"),
    path("consolidado/registros/", views.EvaluationRecordsView.as_view(), name="records"),
    path(
        "consolidado/conclusiones/",
        views.EvaluationUpdateView.as_view(),
        name="evaluation_update",
    ),
    path("buenas-practicas/", views.GoodPracticeListView.as_view(), name="practice_list"),
    path("buenas-practicas/nueva/", views.GoodPracticeCreateView.as_view(), name="practice_create"),
    path(
        "buenas-practicas/<int:pk>/editar/",
        views.GoodPracticeUpdateView.as_view(),
        name="practice_update",
    ),
    path(
        "buenas-practicas/<int:pk>/evidencia/",
        views.PracticeEvidenceView.as_view(),
        name="practice_evidence",
    ),
    path("informes/", views.ReportListView.as_view(), name="report_list"),
    path("informes/<int:pk>/", views.ReportDetailView.as_view(), name="report_detail"),
    path(
        "informes/<int:pk>/descargar/",
        views.ReportDownloadView.as_view(),
        name="report_download",
    ),
    path("rendicion-de-cuentas/", views.AccountabilityView.as_view(), name="accountability"),
    path(
        "rendicion-de-cuentas/actividad/<int:pk>/etapa/",
        views.StageAssignView.as_view(),
        name="stage_assign",
    ),
]
