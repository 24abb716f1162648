from django.urls import path

from cabildo.accounts import views
from cabildo.core.mixins import SectionIndexView

app_name = "accounts"

urlpatterns = [
    path("", SectionIndexView.as_view(staff_pattern="accounts:desk"), name="index"),
    path("ingresar/", views.LoginView.as_view(), name="login"),
    path("salir/", views.LogoutView.as_view(), name="logout"),
    path("escritorio/", views.DeskView.as_view(), name="desk"),
    path("segundo-factor/", views.TwoFactorView.as_view(), name="two_factor"),
    path("segundo-factor/configurar/", views.TwoFactorSetupView.as_view(), name="two_factor_setup"),
    path(
        "segundo-factor/verificar/", views.TwoFactorVerifyView.as_view(), name="two_factor_verify"
    ),
    path("recuperar/", views.PasswordResetView.as_view(), name="password_reset"),
    path("recuperar/enviado/", views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "recuperar/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "recuperar/listo/",
        views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("usuarios/", views.MembershipListView.as_view(), name="membership_list"),
    path("usuarios/nuevo/", views.MembershipCreateView.as_view(), name="membership_create"),
    path(
        "invitacion/<str:token>/",
        views.InvitationAcceptView.as_view(),
        name="invitation_accept",
    ),
    path(
        "invitaciones/<int:pk>/reenviar/",
        views.InvitationResendView.as_view(),
        name="invitation_resend",
    ),
    path(
        "invitaciones/<int:pk>/cancelar/",
        views.InvitationCancelView.as_view(),
        name="invitation_cancel",
    ),
    path(
        "usuarios/<int:pk>/retirar/",
        views.MembershipDeleteView.as_view(),
        name="membership_delete",
    ),
]
