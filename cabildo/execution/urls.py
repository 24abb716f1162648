from django.urls import path

from cabildo.execution.views.activity_cancellations import ActivityCancelView, ActivityUncancelView
from cabildo.execution.views.attendance import (
    AttendanceSheetDownloadView,
    AttendanceSheetUploadView,
)
from cabildo.execution.views.commitments import (
    CommitmentCreateView,
    CommitmentListView,
    CommitmentUpdateView,
    EventCommitmentListView,
)
from cabildo.execution.views.contributions import (
    ContributionAnalyseView,
    ContributionCreateView,
    ContributionListView,
    EventContributionListView,
)
from cabildo.execution.views.convocations import (
    ConvocationCreateView,
    ConvocationDetailView,
    ConvocationListView,
    ConvocationProgressView,
    ConvocationSendView,
    ConvocationUpdateView,
)
from cabildo.execution.views.events import (
    CalendarICalView,
    EventCancelView,
    EventCreateView,
    EventDetailView,
    EventICalView,
    EventListView,
    EventUpdateView,
    PublicEventListView,
)
from cabildo.execution.views.registrations import (
    CheckInView,
    PublicEventDetailView,
    RegistrationCancelView,
    StaffRegisterView,
)
from cabildo.execution.views.reports import (
    PublicReportDetailView,
    PublicReportListView,
    PublicReportPDFView,
    ReportDetailView,
    ReportListView,
    ReportReviewView,
    ReportStartView,
    ReportUpdateView,
)

app_name = "execution"

urlpatterns = [
    path("", PublicEventListView.as_view(), name="public_list"),
    path("calendario.ics", CalendarICalView.as_view(), name="calendar_ics"),
    path("<int:pk>/", PublicEventDetailView.as_view(), name="public_detail"),
    path("<int:pk>/evento.ics", EventICalView.as_view(), name="event_ics"),
    path(
        "inscripcion/<str:token>/cancelar/",
        RegistrationCancelView.as_view(),
        name="registration_cancel",
    ),
    path("reportes/", PublicReportListView.as_view(), name="public_report_list"),
    path("reportes/<int:pk>/", PublicReportDetailView.as_view(), name="public_report_detail"),
    path("reportes/<int:pk>/pdf/", PublicReportPDFView.as_view(), name="public_report_pdf"),
    path("gestion/", EventListView.as_view(), name="event_list"),
    path("gestion/nuevo/", EventCreateView.as_view(), name="event_create"),
    path("gestion/<int:pk>/", EventDetailView.as_view(), name="event_detail"),
    path("gestion/<int:pk>/editar/", EventUpdateView.as_view(), name="event_update"),
    path("gestion/<int:pk>/cancelar/", EventCancelView.as_view(), name="event_cancel"),
    path(
        "gestion/inscripciones/<int:pk>/asistencia/",
        CheckInView.as_view(),
        name="check_in",
    ),
    path("gestion/<int:pk>/inscribir/", StaffRegisterView.as_view(), name="staff_register"),
    path("gestion/aportes/", ContributionListView.as_view(), name="contribution_list"),
    path(
        "gestion/<int:pk>/aportes/",
        EventContributionListView.as_view(),
        name="event_contributions",
    ),
    path(
        "gestion/<int:pk>/aportes/nuevo/",
        ContributionCreateView.as_view(),
        name="contribution_create",
    ),
    path(
        "gestion/aportes/<int:pk>/analizar/",
        ContributionAnalyseView.as_view(),
        name="contribution_analyse",
    ),
    path("gestion/compromisos/", CommitmentListView.as_view(), name="commitment_list"),
    path(
        "gestion/<int:pk>/compromisos/",
        EventCommitmentListView.as_view(),
        name="event_commitments",
    ),
    path(
        "gestion/<int:pk>/compromisos/nuevo/",
        CommitmentCreateView.as_view(),
        name="commitment_create",
    ),
    path(
        "gestion/compromisos/<int:pk>/editar/",
        CommitmentUpdateView.as_view(),
        name="commitment_update",
    ),
    path(
        "gestion/<int:pk>/planillas/nueva/",
        AttendanceSheetUploadView.as_view(),
        name="attendance_sheet_upload",
    ),
    path(
        "gestion/planillas/<int:pk>/",
        AttendanceSheetDownloadView.as_view(),
        name="attendance_sheet_download",
    ),
    path(
        "gestion/actividades/<int:pk>/cancelar/",
        ActivityCancelView.as_view(),
        name="activity_cancel",
    ),
    path(
        "gestion/actividades/<int:pk>/deshacer-cancelacion/",
        ActivityUncancelView.as_view(),
        name="activity_uncancel",
    ),
    path(
        "gestion/actividades/<int:pk>/reporte/",
        ReportStartView.as_view(),
        name="report_start",
    ),
    path("gestion/convocatorias/", ConvocationListView.as_view(), name="convocation_list"),
    path(
        "gestion/convocatorias/nueva/",
        ConvocationCreateView.as_view(),
        name="convocation_create",
    ),
    path(
        "gestion/convocatorias/<int:pk>/",
        ConvocationDetailView.as_view(),
        name="convocation_detail",
    ),
    path(
        "gestion/convocatorias/<int:pk>/editar/",
        ConvocationUpdateView.as_view(),
        name="convocation_update",
    ),
    path(
        "gestion/convocatorias/<int:pk>/enviar/",
        ConvocationSendView.as_view(),
        name="convocation_send",
    ),
    path(
        "gestion/convocatorias/<int:pk>/progreso/",
        ConvocationProgressView.as_view(),
        name="convocation_progress",
    ),
    path("gestion/reportes/", ReportListView.as_view(), name="report_list"),
    path("gestion/reportes/<int:pk>/", ReportDetailView.as_view(), name="report_detail"),
    path("gestion/reportes/<int:pk>/editar/", ReportUpdateView.as_view(), name="report_update"),
    path("gestion/reportes/<int:pk>/revisar/", ReportReviewView.as_view(), name="report_review"),
]
