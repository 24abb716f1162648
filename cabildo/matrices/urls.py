from django.urls import path

from cabildo.matrices import views

app_name = "matrices"

urlpatterns = [
    path("<int:pk>/", views.MatrixImportPreviewView.as_view(), name="preview"),
]
