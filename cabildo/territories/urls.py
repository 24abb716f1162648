from django.urls import path

from cabildo.territories import views

app_name = "territories"

urlpatterns = [
    path("", views.TerritoryListView.as_view(), name="list"),
    path("nuevo/", views.TerritoryFormView.as_view(), name="create"),
    path("<int:pk>/editar/", views.TerritoryFormView.as_view(), name="update"),
    path("<int:pk>/eliminar/", views.TerritoryDeleteView.as_view(), name="delete"),
]
