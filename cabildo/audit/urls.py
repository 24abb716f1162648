from django.urls import path

from cabildo.audit import views

app_name = "audit"

urlpatterns = [
    path("", views.ActivityView.as_view(), name="activity"),
    path("accesos/", views.AccessLogView.as_view(), name="access_log"),
]
