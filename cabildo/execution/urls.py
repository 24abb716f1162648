from django.urls import path

from cabildo.execution import views

app_name = "execution"

urlpatterns = [
    path("", views.PublicEventListView.as_view(), name="public_list"),
    path("calendario.ics", views.CalendarICalView.as_view(), name="calendar_ics"),
    path("<int:pk>/", views.PublicEventDetailView.as_view(), name="public_detail"),
    path("<int:pk>/evento.ics", views.EventICalView.as_view(), name="event_ics"),
    path(
        "inscripcion/<str:token>/cancelar/",
        views.RegistrationCancelView.as_view(),
        name="registration_cancel",
    ),
    path("reportes/", views.PublicReportListView.as_view(), name="public_report_list"),
    path("reportes/<int:pk>/", views.PublicReportDetailView.as_view(), name="public_report_detail"),
    path("reportes/<int:pk>/pdf/", views.PublicReportPDFView.as_view(), name="public_report_pdf"),
    path("gestion/", views.EventListView.as_view(), name="event_list"),
    path("gestion/nuevo/", views.EventCreateView.as_view(), name="event_create"),
    path("gestion/<int:pk>/", views.EventDetailView.as_view(), name="event_detail"),
    path("gestion/<int:pk>/editar/", views.EventUpdateView.as_view(), name="event_update"),
    path("gestion/<int:pk>/cancelar/", views.EventCancelView.as_view(), name="event_cancel"),
    path(
        "gestion/inscripciones/<int:pk>/asistencia/",
        views.CheckInView.as_view(),
        name="check_in",
    ),
    path("gestion/<int:pk>/inscribir/", views.StaffRegisterView.as_view(), name="staff_register"),
    path("gestion/aportes/", views.ContributionListView.as_view(), name="contribution_list"),
    path(
        "gestion/<int:pk>/aportes/",
        views.EventContributionListView.as_view(),
        name="event_contributions",
    ),
    path(
        "gestion/<int:pk>/aportes/nuevo/",
        views.ContributionCreateView.as_view(),
        name="contribution_create",
    ),
    path(
        "gestion/aportes/<int:pk>/analizar/",
        views.ContributionAnalyseView.as_view(),
        name="contribution_analyse",
    ),
    path("gestion/compromisos/", views.CommitmentListView.as_view(), name="commitment_list"),
    path(
        "gestion/<int:pk>/compromisos/",
        views.EventCommitmentListView.as_view(),
        name="event_commitments",
    ),
    path(
        "gestion/<int:pk>/compromisos/nuevo/",
        views.CommitmentCreateView.as_view(),
        name="commitment_create",
    ),
    path(
        "gestion/compromisos/<int:pk>/editar/",
        views.CommitmentUpdateView.as_view(),
        name="commitment_update",
    ),
    path(
        "gestion/<int:pk>/planillas/nueva/",
        views.AttendanceSheetUploadView.as_view(),
        name="attendance_sheet_upload",
    ),
    path(
        "gestion/planillas/<int:pk>/",
        views.AttendanceSheetDownloadView.as_view(),
        name="attendance_sheet_download",
    ),
    path(
        "gestion/actividades/<int:pk>/cancelar/",
        views.ActivityCancelView.as_view(),
        name="activity_cancel",
    ),
    path(
        "gestion/actividades/<int:pk>/deshacer-cancelacion/",
        views.ActivityUncancelView.as_view(),
        name="activity_uncancel",
    ),
    path(
        "gestion/actividades/<int:pk>/reporte/",
        views.ReportStartView.as_view(),
        name="report_start",
    ),
    path("gestion/convocatorias/", views.ConvocationListView.as_view(), name="convocation_list"),
    path(
        "gestion/convocatorias/nueva/",
        views.ConvocationCreateView.as_view(),
        name="convocation_create",
    ),
    path(
        "gestion/convocatorias/<int:pk>/",
        views.ConvocationDetailView.as_view(),
        name="convocation_detail",
    ),
    path(
        "gestion/convocatorias/<int:pk>/editar/",
        views.ConvocationUpdateView.as_view(),
        name="convocation_update",
    ),
    path(
        "gestion/convocatorias/<int:pk>/enviar/",
        views.ConvocationSendView.as_view(),
        name="convocation_send",
    ),
    path(
        "gestion/convocatorias/<int:pk>/progreso/",
        views.ConvocationProgressView.as_view(),
        name="convocation_progress",
    ),
    path("gestion/reportes/", views.ReportListView.as_view(), name="report_list"),
    path("gestion/reportes/<int:pk>/", views.ReportDetailView.as_view(), name="report_detail"),
    path(
        "gestion/reportes/<int:pk>/editar/", views.ReportUpdateView.as_view(), name="report_update"
    ),
    path(
        "gestion/reportes/<int:pk>/revisar/", views.ReportReviewView.as_view(), name="report_review"
    ),
]
