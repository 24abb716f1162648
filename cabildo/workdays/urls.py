from django.urls import path

from cabildo.workdays import views

app_name = "workdays"

urlpatterns = [
    path("", views.CalculatorView.as_view(), name="calculator"),
    path("dias-de-cierre/", views.ClosureDayListView.as_view(), name="closure_day_list"),
    path("dias-de-cierre/nuevo/", views.ClosureDayFormView.as_view(), name="closure_day_create"),
    path(
        "dias-de-cierre/<int:pk>/editar/",
        views.ClosureDayFormView.as_view(),
        name="closure_day_update",
    ),
    path(
        "dias-de-cierre/<int:pk>/eliminar/",
        views.ClosureDayDeleteView.as_view(),
        name="closure_day_delete",
    ),
]
