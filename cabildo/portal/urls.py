from django.urls import path

from cabildo.portal import views

app_name = "portal"

urlpatterns = [
    path("", views.ParticipaView.as_view(), name="participa"),
    path("canales-de-atencion/", views.ChannelsView.as_view(), name="channels"),
    path("gestion/canales/", views.ChannelListView.as_view(), name="channel_list"),
    path("gestion/canales/nuevo/", views.ChannelFormView.as_view(), name="channel_create"),
    path(
        "gestion/canales/<int:pk>/editar/", views.ChannelFormView.as_view(), name="channel_update"
    ),
    path(
        "gestion/canales/<int:pk>/eliminar/",
        views.ChannelDeleteView.as_view(),
        name="channel_delete",
    ),
    path("<slug:section>/", views.SectionView.as_view(), name="section"),
]
