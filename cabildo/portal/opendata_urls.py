from django.urls import path

from cabildo.portal import views

app_name = "opendata"

urlpatterns = [
    path("", views.OpenDataIndexView.as_view(), name="index"),
    path("<slug:slug>.csv", views.DatasetCsvView.as_view(), name="csv"),
    path("<slug:slug>.json", views.DatasetJsonView.as_view(), name="json"),
    path("<slug:slug>/", views.DataDictionaryView.as_view(), name="dictionary"),
]
