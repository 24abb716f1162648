from __future__ import annotations

from typing import Any, cast
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.generic import DeleteView, FormView, ListView, TemplateView, View

from cabildo.accounts import services, two_factor
from cabildo.accounts.forms import (
    EmailAuthenticationForm,
    InvitationAcceptForm,
    MembershipForm,
    PasswordResetRequestForm,
    TwoFactorCodeForm,
    TwoFactorSetupForm,
)
from cabildo.accounts.models import Invitation, Membership, User
from cabildo.accounts.selectors import (
    entity_roles,
    membership_list,
    pending_invitations,
    user_entities,
)
from cabildo.audit.models import AccessAction
from cabildo.audit.services import access_record
from cabildo.core import registry
from cabildo.core.forms import add_service_errors
from cabildo.core.http import SiteRequest
from cabildo.core.links import entity_href
from cabildo.core.mixins import EntityObjectMixin, EntityScopedMixin, StaffPermissionMixin


def own_desk_url(request: HttpRequest) -> str | None:
    """The desk of an entity where the signed-in user holds a role, when they hold none in the
    entity of the URL (one signs in at any entity's address and lands where one works)."""
    entity = getattr(request, "entity", None)
    if entity is not None and entity_roles(request.user, entity.pk).roles:
        return None
    own = user_entities(request.user)
    return entity_href(own[0], "accounts:desk") if own else None


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = EmailAuthenticationForm
    redirect_authenticated_user = True

    def get_success_url(self) -> str:
        """After the password, the second factor when the session still needs it."""
        url = super().get_success_url()
        if not self.get_redirect_url():  # no ?next=: the desk of an entity where they work
            url = own_desk_url(self.request) or url
        state = two_factor.session_state(self.request)
        if state in two_factor.PENDING:
            name = (
                "accounts:two_factor_setup"
                if state == two_factor.SETUP
                else "accounts:two_factor_verify"
            )
            return reverse(name) + "?" + urlencode({"next": url})
        return url


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
        entity = cast(SiteRequest, self.request).entity
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

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(
            invitations=pending_invitations(entity=self.request.entity), **kwargs
        )


class MembershipCreateView(StaffPermissionMixin, FormView):
    permission_required = "accounts.add_membership"
    template_name = "accounts/membership_form.html"
    form_class = MembershipForm

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "entity": self.request.entity}

    def form_valid(self, form: MembershipForm) -> HttpResponse:
        data = form.cleaned_data
        try:
            invitation = services.invitation_create(
                entity=self.request.entity,
                email=data["email"],
                full_name=data["full_name"],
                role=data["role"],
                area=data["area"],
                invited_by=self.request.user,
                request=self.request,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _(
                "Invitación enviada a %(email)s. El rol se asigna cuando la persona la acepte "
                "(el enlace vence en %(days)s días)."
            )
            % {"email": invitation.email, "days": services.INVITATION_DAYS},
        )
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


class InvitationResendView(StaffPermissionMixin, EntityObjectMixin, View):
    """Send a pending invitation again (POST): a new link, the one sent before stops working."""

    permission_required = "accounts.change_invitation"
    model = Invitation
    object_model = Invitation

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        try:
            invitation = services.invitation_resend(invitation=self.get_object(), request=request)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(
                request,
                _("Invitación enviada de nuevo a %(email)s; el enlace anterior ya no sirve.")
                % {"email": invitation.email},
            )
        return redirect(reverse("accounts:membership_list") + "#invitaciones")


class InvitationCancelView(StaffPermissionMixin, EntityObjectMixin, View):
    """Withdraw a pending invitation (POST): its link stops working."""

    permission_required = "accounts.delete_invitation"
    model = Invitation
    object_model = Invitation

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        invitation = self.get_object()
        email = invitation.email
        try:
            services.invitation_cancel(invitation=invitation, request=request)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(
                request,
                _("Invitación a %(email)s cancelada; su enlace ya no sirve.") % {"email": email},
            )
        return redirect(reverse("accounts:membership_list") + "#invitaciones")


INVITATION_PROBLEMS = {
    "invalid": (
        404,
        _lazy(
            "El enlace de invitación no es válido. Revise que lo copió completo o pida una "
            "nueva invitación a la administración de la entidad."
        ),
    ),
    "expired": (
        410,
        _lazy("La invitación venció. Pida una nueva a la administración de la entidad."),
    ),
    "used": (
        410,
        _lazy(
            "Esta invitación ya fue aceptada; cada enlace sirve una sola vez. Ingrese con su "
            "cuenta."
        ),
    ),
}


class InvitationAcceptView(TemplateView):
    """The invited person accepts a role: a new account sets its name and password; an
    existing account accepts while signed in. Bad, expired or used links say so."""

    template_name = "accounts/invitation_accept.html"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        try:
            self.invitation = services.invitation_from_token(
                token=kwargs["token"], entity=cast(SiteRequest, request).entity
            )
        except services.InvitationError as exc:
            return self.problem(exc.code)
        self.has_account = User.objects.filter(email__iexact=self.invitation.email).exists()
        return super().dispatch(request, *args, **kwargs)

    def problem(self, code: str) -> HttpResponse:
        status, text = INVITATION_PROBLEMS[code]
        return render(
            self.request, "accounts/invitation_problem.html", {"problem": text}, status=status
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        user = self.request.user
        signed_in_as_other = user.is_authenticated and user.email.lower() != self.invitation.email
        form = kwargs.pop("form", None)
        if form is None and not self.has_account:
            form = InvitationAcceptForm(
                email=self.invitation.email, initial={"full_name": self.invitation.full_name}
            )
        return super().get_context_data(
            invitation=self.invitation,
            has_account=self.has_account,
            signed_in_as_other=signed_in_as_other,
            form=form,
            login_url=reverse("accounts:login") + "?" + urlencode({"next": self.request.path}),
            **kwargs,
        )

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form = None
        try:
            if self.has_account:
                if not request.user.is_authenticated:
                    return redirect(
                        reverse("accounts:login") + "?" + urlencode({"next": request.path})
                    )
                services.invitation_accept(
                    invitation=self.invitation, user=request.user, request=request
                )
                messages.success(request, _("Invitación aceptada: ya tiene el rol."))
                return redirect("accounts:desk")
            form = InvitationAcceptForm(request.POST, email=self.invitation.email)
            if not form.is_valid():
                return self.render_to_response(self.get_context_data(form=form), status=400)
            services.invitation_accept(
                invitation=self.invitation,
                full_name=form.cleaned_data["full_name"],
                password=form.cleaned_data["password1"],
                request=request,
            )
        except services.InvitationError as exc:
            return self.problem(exc.code)
        except ValidationError as exc:
            if form is None:
                messages.error(request, " ".join(exc.messages))
                return redirect(request.path)
            add_service_errors(form, exc)
            return self.render_to_response(self.get_context_data(form=form), status=400)
        messages.success(request, _("Su cuenta quedó creada. Ingrese con su correo y contraseña."))
        return redirect("accounts:login")


def _safe_next(request: HttpRequest, default: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


class TwoFactorVerifyView(LoginRequiredMixin, FormView):
    """Second step of the login: a code from the app or a backup code."""

    template_name = "accounts/two_factor_verify.html"
    form_class = TwoFactorCodeForm

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if request.user.is_authenticated and two_factor.session_state(request) != two_factor.VERIFY:
            return redirect(_safe_next(request, reverse(settings.LOGIN_REDIRECT_URL)))
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(next=_safe_next(self.request, ""), **kwargs)

    def form_valid(self, form: TwoFactorCodeForm) -> HttpResponse:
        two_factor.mark_verified(self.request, form.device)
        return redirect(_safe_next(self.request, reverse(settings.LOGIN_REDIRECT_URL)))


def _signed_in_user(request: HttpRequest) -> User:
    """The user of a ``LoginRequiredMixin`` view (never anonymous there)."""
    user = request.user
    assert isinstance(user, User), "LoginRequiredMixin lets no anonymous visitor in"
    return user


class TwoFactorSetupView(LoginRequiredMixin, FormView):
    """Add an authenticator app: QR code (and the secret as text), then a first code."""

    template_name = "accounts/two_factor_setup.html"
    form_class = TwoFactorSetupForm

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if request.user.is_authenticated and two_factor.session_state(request) == two_factor.VERIFY:
            # A device already protects the account: prove it before replacing it.
            return redirect(reverse("accounts:two_factor_verify"))
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self) -> dict[str, Any]:
        self.device = two_factor.pending_device(_signed_in_user(self.request))
        return {**super().get_form_kwargs(), "user": self.request.user, "device": self.device}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(
            qr_data_uri=two_factor.qr_data_uri(self.device),
            secret=two_factor.secret_base32(self.device),
            otpauth_uri=self.device.config_url,
            required=two_factor.is_required(self.request.user),
            next=_safe_next(self.request, ""),
        )
        return context

    def form_valid(self, form: TwoFactorSetupForm) -> HttpResponse:
        two_factor.mark_verified(self.request, form.device)
        access_record(request=self.request, action=AccessAction.TWO_FACTOR_ENABLED)
        return render(
            self.request,
            "accounts/two_factor_backup_codes.html",
            {
                "codes": form.backup_codes,
                "next": _safe_next(self.request, reverse(settings.LOGIN_REDIRECT_URL)),
            },
        )


class TwoFactorView(LoginRequiredMixin, TemplateView):
    """The account's second factor: state, new backup codes, removal (when optional)."""

    template_name = "accounts/two_factor.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        user = self.request.user
        return super().get_context_data(
            has_device=two_factor.has_device(user),
            required=two_factor.is_required(user),
            **kwargs,
        )

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        user = _signed_in_user(request)
        action = request.POST.get("accion")
        if action == "codigos" and two_factor.has_device(user):
            codes = two_factor.regenerate_backup_codes(user=user)
            return render(
                request,
                "accounts/two_factor_backup_codes.html",
                {"codes": codes, "next": reverse("accounts:two_factor")},
            )
        if action == "desactivar" and two_factor.has_device(user):
            if two_factor.is_required(user):
                messages.error(
                    request,
                    _("Su rol exige la verificación en dos pasos: no puede desactivarla."),
                )
                return redirect(reverse("accounts:two_factor"))
            two_factor.remove_devices(user=user)
            request.session[two_factor.SESSION_KEY] = two_factor.NONE
            access_record(request=request, action=AccessAction.TWO_FACTOR_DISABLED)
            messages.success(request, _("Verificación en dos pasos desactivada."))
            return redirect(reverse("accounts:two_factor"))
        messages.error(request, _("La acción solicitada no es válida."))
        return redirect(reverse("accounts:two_factor"))


def lockout_response(
    request: HttpRequest, original_response: Any = None, credentials: Any = None
) -> HttpResponse:
    """django-axes' answer to a locked-out login: a clear Spanish page, status 429."""
    cool_off = settings.AXES_COOLOFF_TIME
    return render(
        request,
        "accounts/lockout.html",
        {
            "failure_limit": settings.AXES_FAILURE_LIMIT,
            "lockout_minutes": int(cool_off.total_seconds() // 60),
        },
        status=429,
    )
