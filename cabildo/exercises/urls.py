from django.urls import path

from cabildo.core.mixins import SectionIndexView
from cabildo.exercises import views

app_name = "exercises"

urlpatterns = [
    path(
        "",
        SectionIndexView.as_view(
            staff_pattern="exercises:survey_list",
            public_pattern="exercises:public_surveys",
            permission="exercises.view_survey",
        ),
        name="index",
    ),
    # Public
    path("encuestas/", views.PublicSurveyListView.as_view(), name="public_surveys"),
    path("encuestas/<int:pk>/", views.PublicSurveyView.as_view(), name="public_survey"),
    path(
        "encuestas/<int:pk>/resultados/",
        views.PublicSurveyResultsView.as_view(),
        name="public_results",
    ),
    path("foros/", views.PublicForumListView.as_view(), name="public_forums"),
    path("foros/<int:pk>/", views.PublicForumView.as_view(), name="public_forum"),
    path("diagnosticos/", views.PublicDiagnosisListView.as_view(), name="public_diagnoses"),
    path("diagnosticos/<int:pk>/", views.PublicDiagnosisView.as_view(), name="public_diagnosis"),
    # Staff: surveys
    path("gestion/encuestas/", views.SurveyListView.as_view(), name="survey_list"),
    path("gestion/encuestas/nueva/", views.SurveyCreateView.as_view(), name="survey_create"),
    path("gestion/encuestas/<int:pk>/", views.SurveyDetailView.as_view(), name="survey_detail"),
    path(
        "gestion/encuestas/<int:pk>/editar/",
        views.SurveyUpdateView.as_view(),
        name="survey_update",
    ),
    path(
        "gestion/encuestas/<int:pk>/secciones/nueva/",
        views.SectionCreateView.as_view(),
        name="section_create",
    ),
    path(
        "gestion/encuestas/<int:pk>/preguntas/nueva/",
        views.QuestionCreateView.as_view(),
        name="question_create",
    ),
    path(
        "gestion/preguntas/<int:pk>/editar/",
        views.QuestionUpdateView.as_view(),
        name="question_update",
    ),
    path(
        "gestion/preguntas/<int:pk>/mover/", views.QuestionMoveView.as_view(), name="question_move"
    ),
    path(
        "gestion/preguntas/<int:pk>/eliminar/",
        views.QuestionDeleteView.as_view(),
        name="question_delete",
    ),
    path(
        "gestion/encuestas/<int:pk>/resultados/",
        views.SurveyResultsView.as_view(),
        name="survey_results",
    ),
    path(
        "gestion/encuestas/<int:pk>/resultados.csv",
        views.SurveyCsvView.as_view(),
        name="survey_csv",
    ),
    path(
        "gestion/encuestas/<int:pk>/resultados.xlsx",
        views.SurveyXlsxView.as_view(),
        name="survey_xlsx",
    ),
    path(
        "gestion/encuestas/<int:pk>/publicar-resultados/",
        views.SurveyPublishResultsView.as_view(),
        name="survey_publish_results",
    ),
    path(
        "gestion/encuestas/<int:pk>/respuesta-en-papel/",
        views.PaperAnswerView.as_view(),
        name="paper_answer",
    ),
    # Staff: forums
    path("gestion/foros/", views.ForumListView.as_view(), name="forum_list"),
    path("gestion/foros/nuevo/", views.ForumCreateView.as_view(), name="forum_create"),
    path("gestion/foros/<int:pk>/", views.ForumDetailView.as_view(), name="forum_detail"),
    path("gestion/foros/<int:pk>/editar/", views.ForumUpdateView.as_view(), name="forum_update"),
    path("gestion/foros/<int:pk>/cerrar/", views.ForumCloseView.as_view(), name="forum_close"),
    path(
        "gestion/comentarios/<int:pk>/moderar/",
        views.CommentModerateView.as_view(),
        name="comment_moderate",
    ),
    path(
        "gestion/comentarios/<int:pk>/aporte/",
        views.CommentToContributionView.as_view(),
        name="comment_contribution",
    ),
    # Staff: participatory diagnosis
    path("gestion/diagnosticos/", views.DiagnosisListView.as_view(), name="diagnosis_list"),
    path(
        "gestion/diagnosticos/nuevo/",
        views.DiagnosisCreateView.as_view(),
        name="diagnosis_create",
    ),
    path(
        "gestion/diagnosticos/<int:pk>/",
        views.DiagnosisDetailView.as_view(),
        name="diagnosis_detail",
    ),
    path(
        "gestion/diagnosticos/<int:pk>/editar/",
        views.DiagnosisUpdateView.as_view(),
        name="diagnosis_update",
    ),
    path(
        "gestion/diagnosticos/<int:pk>/obstaculos/nuevo/",
        views.ObstacleCreateView.as_view(),
        name="obstacle_create",
    ),
    path(
        "gestion/obstaculos/<int:pk>/editar/",
        views.ObstacleUpdateView.as_view(),
        name="obstacle_update",
    ),
    path(
        "gestion/diagnosticos/<int:pk>/escenarios/nuevo/",
        views.ScenarioCreateView.as_view(),
        name="scenario_create",
    ),
    path(
        "gestion/escenarios/<int:pk>/editar/",
        views.ScenarioUpdateView.as_view(),
        name="scenario_update",
    ),
    # Staff: characterization statistics
    path(
        "gestion/caracterizacion/",
        views.CharacterizationStatsView.as_view(),
        name="characterization_stats",
    ),
]
