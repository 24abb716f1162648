from django.urls import path

from cabildo.accountability import council_views, views

app_name = "accountability"

urlpatterns = [
    path("", views.PublicIndexView.as_view(), name="public_index"),
    path("espacios/<int:pk>/", views.PublicSpaceView.as_view(), name="public_space"),
    path(
        "espacios/<int:pk>/informe.pdf",
        views.PublicReportPdfView.as_view(),
        name="public_report_pdf",
    ),
    path("gestion/", views.StrategyListView.as_view(), name="strategy_list"),
    path("gestion/vigencia/", views.YearView.as_view(), name="year"),
    path("gestion/nueva/", views.StrategyCreateView.as_view(), name="strategy_create"),
    path(
        "gestion/estrategia/<int:pk>/", views.StrategyDetailView.as_view(), name="strategy_detail"
    ),
    path(
        "gestion/estrategia/<int:pk>/editar/",
        views.StrategyUpdateView.as_view(),
        name="strategy_update",
    ),
    path(
        "gestion/estrategia/<int:pk>/publicar/",
        views.StrategyPublishView.as_view(),
        name="strategy_publish",
    ),
    path(
        "gestion/estrategia/<int:pk>/tareas/nueva/",
        views.TaskCreateView.as_view(),
        name="task_create",
    ),
    path("gestion/tareas/<int:pk>/", views.TaskUpdateView.as_view(), name="task_update"),
    path(
        "gestion/estrategia/<int:pk>/espacios/nuevo/",
        views.SpaceCreateView.as_view(),
        name="space_create",
    ),
    path("gestion/espacios/<int:pk>/", views.SpaceDetailView.as_view(), name="space_detail"),
    path("gestion/espacios/<int:pk>/editar/", views.SpaceUpdateView.as_view(), name="space_update"),
    path(
        "gestion/espacios/<int:pk>/informe/", views.SpaceReportView.as_view(), name="space_report"
    ),
    path(
        "gestion/espacios/<int:pk>/memoria/", views.SpaceMemoriaView.as_view(), name="space_memoria"
    ),
    path(
        "gestion/espacios/<int:pk>/evaluacion/",
        views.SpaceEvaluationCreateView.as_view(),
        name="space_evaluation",
    ),
    path(
        "gestion/espacios/<int:pk>/preguntas/nueva/",
        views.PaperQuestionView.as_view(),
        name="question_create",
    ),
    path(
        "gestion/espacios/<int:pk>/acciones/nueva/",
        views.ActionCreateView.as_view(),
        name="action_create",
    ),
    path("gestion/acciones/<int:pk>/", views.ActionUpdateView.as_view(), name="action_update"),
    path("gestion/preguntas/", views.QuestionListView.as_view(), name="question_list"),
    path("gestion/preguntas/<int:pk>/", views.QuestionDetailView.as_view(), name="question_detail"),
    path(
        "gestion/preguntas/<int:pk>/asignar/",
        views.QuestionRouteView.as_view(),
        name="question_route",
    ),
    path(
        "gestion/preguntas/<int:pk>/responder/",
        views.QuestionAnswerView.as_view(),
        name="question_answer",
    ),
    path(
        "concejo/<int:pk>/",
        council_views.PublicCouncilReportView.as_view(),
        name="council_public",
    ),
    path("gestion/concejo/", council_views.CouncilManageView.as_view(), name="council_manage"),
    path(
        "gestion/concejo/asuntos/nuevo/",
        council_views.CouncilMatterCreateView.as_view(),
        name="council_matter_create",
    ),
    path(
        "gestion/concejo/debates/nuevo/",
        council_views.CouncilDebateCreateView.as_view(),
        name="council_debate_create",
    ),
    path(
        "gestion/concejo/informes/nuevo/",
        council_views.CouncilReportCreateView.as_view(),
        name="council_report_create",
    ),
    path(
        "gestion/concejo/informes/<int:pk>/",
        council_views.CouncilReportView.as_view(),
        name="council_report",
    ),
    path(
        "gestion/concejo/informes/<int:pk>/publicar/",
        council_views.CouncilReportPublishView.as_view(),
        name="council_report_publish",
    ),
    path(
        "gestion/concejo/informe-alcalde/nuevo/",
        council_views.MayorReviewCreateView.as_view(),
        name="mayor_review_create",
    ),
    path(
        "gestion/concejo/informe-alcalde/<int:pk>/",
        council_views.MayorReviewUpdateView.as_view(),
        name="mayor_review_update",
    ),
]
