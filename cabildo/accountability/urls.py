from django.urls import path

from cabildo.accountability import views

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
]
