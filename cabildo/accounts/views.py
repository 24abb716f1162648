from __future__ import annotations

from typing import Any

from django.contrib.auth import views as auth_views
from django.contrib.auth.mixins import LoginRequiredMixin
from django.urls import reverse_lazy
from django.views.generic import TemplateView

from cabildo.accounts.forms import EmailAuthenticationForm, PasswordResetRequestForm
from cabildo.accounts.selectors import entity_roles, user_entities
from cabildo.core import registry


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = EmailAuthenticationForm
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    pass


class PasswordResetView(auth_views.PasswordResetView):
    template_name = "accounts/password_reset_form.html"
    email_template_name = "accounts/email/password_reset.txt"
    subject_template_name = "accounts/email/password_reset_subject.txt"
    form_class = PasswordResetRequestForm
    success_url = reverse_lazy("accounts:password_reset_done")


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"


class DeskView(LoginRequiredMixin, TemplateView):
    """Mi escritorio: what needs the user's attention in the current entity."""

    template_name = "accounts/desk.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        entity = self.request.entity
        roles = entity_roles(self.request.user, entity.pk if entity else None)
        context["memberships"] = roles.memberships
        context["is_member"] = bool(roles.roles)
        context["other_entities"] = [e for e in user_entities(self.request.user) if e != entity]
        context["sections"] = registry.desk_sections(self.request) if roles.roles else []
        return context
