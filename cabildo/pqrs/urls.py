from django.urls import path

from cabildo.core.mixins import SectionIndexView
from cabildo.pqrs import views

app_name = "pqrs"

urlpatterns = [
    path(
        "",
        SectionIndexView.as_view(
            staff_pattern="pqrs:staff_list",
            public_pattern="pqrs:file",
            permission="pqrs.view_petition_list",
        ),
        name="index",
    ),
    path("radicar/", views.PetitionFileView.as_view(), name="file"),
    path("radicar/constancia/", views.AcknowledgementView.as_view(), name="acknowledgement"),
    path("radicar/constancia/pdf/", views.receipt_download, name="receipt"),
    path("consulta/", views.TrackView.as_view(), name="track"),
    path("consulta/completar/", views.TrackCompleteView.as_view(), name="track_complete"),
    path("consulta/desistir/", views.TrackWithdrawView.as_view(), name="track_withdraw"),
    path("consulta/carta/<int:pk>/", views.track_letter, name="track_letter"),
    path("verificar/", views.VerifyView.as_view(), name="verify"),
    path("consulta/anexo/<str:token>/", views.public_attachment, name="public_attachment"),
    path("estadisticas/", views.PublicStatsView.as_view(), name="public_stats"),
    path("estadisticas/csv/", views.public_stats_csv, name="public_stats_csv"),
    path("gestion/", views.PetitionListView.as_view(), name="staff_list"),
    path("gestion/radicar/", views.StaffPetitionFileView.as_view(), name="staff_file"),
    path("gestion/estadisticas/", views.StatsView.as_view(), name="stats"),
    path("gestion/estadisticas/csv/", views.StatsExportView.as_view(), name="stats_csv"),
    path("gestion/estadisticas/xlsx/", views.StatsXlsxExportView.as_view(), name="stats_xlsx"),
    path("gestion/configuracion/", views.SettingsView.as_view(), name="settings"),
    path("gestion/configuracion/correo/", views.MailboxView.as_view(), name="mailbox"),
    path("gestion/configuracion/canales/", views.ChannelsView.as_view(), name="channels"),
    path(
        "gestion/configuracion/subcanales/<int:pk>/",
        views.SubChannelUpdateView.as_view(),
        name="sub_channel_update",
    ),
    path(
        "gestion/configuracion/cifras/<int:pk>/eliminar/",
        views.ImportedCountDeleteView.as_view(),
        name="imported_count_delete",
    ),
    path("gestion/clases/<int:pk>/", views.KindUpdateView.as_view(), name="kind_update"),
    path("gestion/<int:pk>/", views.PetitionDetailView.as_view(), name="staff_detail"),
    path("gestion/<int:pk>/asignar/", views.AssignView.as_view(), name="assign"),
    path("gestion/<int:pk>/tramitar/", views.StartView.as_view(), name="start"),
    path(
        "gestion/<int:pk>/solicitar-completar/",
        views.RequestCompletionView.as_view(),
        name="request_completion",
    ),
    path("gestion/<int:pk>/completada/", views.CompleteView.as_view(), name="complete"),
    path(
        "gestion/<int:pk>/ampliar-plazo-completar/",
        views.ExtendCompletionView.as_view(),
        name="extend_completion",
    ),
    path("gestion/<int:pk>/prorrogar/", views.ExtendView.as_view(), name="extend"),
    path("gestion/<int:pk>/trasladar/", views.TransferView.as_view(), name="transfer"),
    path("gestion/<int:pk>/responder/", views.AnswerView.as_view(), name="answer"),
    path(
        "gestion/<int:pk>/anular-radicado/",
        views.CancelDocumentView.as_view(),
        name="cancel_document",
    ),
    path("gestion/comunicaciones/<int:pk>/", views.DocumentPdfView.as_view(), name="document_pdf"),
    path("gestion/<int:pk>/archivar/", views.ArchiveAnonymousView.as_view(), name="archive"),
    path("gestion/<int:pk>/reabrir/", views.ReopenView.as_view(), name="reopen"),
    path(
        "gestion/<int:pk>/reintentar-notificacion/",
        views.RetryNotificationView.as_view(),
        name="retry_notification",
    ),
    path("gestion/anexos/<int:pk>/", views.AttachmentDownloadView.as_view(), name="attachment"),
]
