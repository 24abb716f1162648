from django.urls import path

from cabildo.stakeholders import views

app_name = "stakeholders"

urlpatterns = [
    path("", views.GroupListView.as_view(), name="list"),
    path("nuevo/", views.GroupFormView.as_view(), name="create"),
    path("<int:pk>/editar/", views.GroupFormView.as_view(), name="update"),
    path("<int:pk>/eliminar/", views.GroupDeleteView.as_view(), name="delete"),
    path("matriz/exportar/", views.GroupMatrixExportView.as_view(), name="matrix_export"),
    path("matriz/importar/", views.GroupMatrixImportView.as_view(), name="matrix_import"),
    path("tipos/", views.TypeListView.as_view(), name="type_list"),
    path("tipos/nuevo/", views.TypeFormView.as_view(), name="type_create"),
    path("tipos/<int:pk>/editar/", views.TypeFormView.as_view(), name="type_update"),
]
