from django.urls import path

from cabildo.privacy import views

app_name = "privacy"

urlpatterns = [
    path("", views.PolicyView.as_view(), name="policy"),
    path("politica/nueva/", views.PolicyCreateView.as_view(), name="policy_create"),
    path("titulares/", views.DataSubjectView.as_view(), name="data_subjects"),
]
