from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext as _
from django.views.generic import DeleteView, FormView, ListView, TemplateView

from cabildo.accounts import services
from cabildo.accounts.forms import EmailAuthenticationForm, MembershipForm, PasswordResetRequestForm
from cabildo.accounts.models import Membership
from cabildo.accounts.selectors import entity_roles, membership_list, user_entities
from cabildo.core import registry
from cabildo.core.forms import add_service_errors
from cabildo.core.mixins import EntityScopedMixin, StaffPermissionMixin


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


class MembershipListView(StaffPermissionMixin, ListView):
    permission_required = "accounts.view_membership"
    template_name = "accounts/membership_list.html"
    context_object_name = "memberships"

    def get_queryset(self) -> Any:
        return membership_list(entity=self.request.entity)


class MembershipCreateView(StaffPermissionMixin, FormView):
    permission_required = "accounts.add_membership"
    template_name = "accounts/membership_form.html"
    form_class = MembershipForm

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "entity": self.request.entity}

    def form_valid(self, form: MembershipForm) -> HttpResponse:
        data = form.cleaned_data
        try:
            services.membership_add(
                entity=self.request.entity,
                email=data["email"],
                full_name=data["full_name"],
                role=data["role"],
                area=data["area"],
                base_url=self.request.build_absolute_uri("/"),
                request=self.request,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("Rol asignado."))
        return redirect(reverse("accounts:membership_list"))


class MembershipDeleteView(StaffPermissionMixin, EntityScopedMixin, DeleteView):
    permission_required = "accounts.delete_membership"
    model = Membership
    template_name = "accounts/membership_confirm_delete.html"

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        membership = self.get_object()
        try:
            services.membership_remove(membership=membership, request=request)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect(reverse("accounts:membership_list"))
        messages.success(request, _("Rol retirado."))
        return redirect(reverse("accounts:membership_list"))
