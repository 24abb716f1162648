from django.urls import path

from cabildo.policies import views

app_name = "policies"

urlpatterns = [
    path("", views.PublicIndexView.as_view(), name="public_index"),
    path("<int:pk>/", views.PublicPolicyView.as_view(), name="public_policy"),
    path("<int:pk>/cronograma/", views.PublicCronogramaView.as_view(), name="public_cronograma"),
    path("borradores/<int:pk>/", views.PublicDraftView.as_view(), name="public_draft"),
    path("borradores/<int:pk>/cambios/", views.PublicDiffView.as_view(), name="public_diff"),
    path("borradores/<int:pk>/informe/", views.PublicReportView.as_view(), name="public_report"),
    path(
        "borradores/<int:pk>/informe.pdf",
        views.PublicReportPdfView.as_view(),
        name="public_report_pdf",
    ),
    path("gestion/", views.PolicyListView.as_view(), name="policy_list"),
    path("gestion/nueva/", views.PolicyCreateView.as_view(), name="policy_create"),
    path("gestion/<int:pk>/", views.PolicyDetailView.as_view(), name="policy_detail"),
    path("gestion/<int:pk>/editar/", views.PolicyUpdateView.as_view(), name="policy_update"),
    path("gestion/<int:pk>/cronograma/", views.PolicyCronogramaView.as_view(), name="cronograma"),
    path("gestion/<int:pk>/publicar/", views.PolicyPublishView.as_view(), name="policy_publish"),
    path(
        "gestion/<int:pk>/borradores/nuevo/",
        views.DraftCreateView.as_view(),
        name="draft_create",
    ),
    path(
        "gestion/<int:pk>/componentes/nuevo/",
        views.ComponentCreateView.as_view(),
        name="component_create",
    ),
    path("gestion/etapas/<int:pk>/", views.StageUpdateView.as_view(), name="stage_update"),
    path(
        "gestion/etapas/<int:pk>/documentos/nuevo/",
        views.DocumentCreateView.as_view(),
        name="document_create",
    ),
    path("gestion/borradores/<int:pk>/", views.DraftDetailView.as_view(), name="draft_detail"),
    path(
        "gestion/borradores/<int:pk>/editar/",
        views.DraftUpdateView.as_view(),
        name="draft_update",
    ),
    path(
        "gestion/borradores/<int:pk>/publicar/",
        views.DraftPublishView.as_view(),
        name="draft_publish",
    ),
    path(
        "gestion/borradores/<int:pk>/informe/",
        views.ReportPublishView.as_view(),
        name="report_publish",
    ),
    path(
        "gestion/comentarios/<int:pk>/responder/",
        views.CommentAnswerView.as_view(),
        name="comment_answer",
    ),
    path(
        "gestion/comentarios/<int:pk>/ocultar/",
        views.CommentHideView.as_view(),
        name="comment_hide",
    ),
    path(
        "gestion/componentes/<int:pk>/lineas/nueva/",
        views.LineCreateView.as_view(),
        name="line_create",
    ),
    path(
        "gestion/lineas/<int:pk>/acciones/nueva/",
        views.ActionCreateView.as_view(),
        name="action_create",
    ),
    path("gestion/acciones/<int:pk>/", views.ActionUpdateView.as_view(), name="action_update"),
]
