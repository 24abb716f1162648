from __future__ import annotations

import hashlib
import logging
from typing import TYPE_CHECKING, Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.utils.translation import gettext_lazy as _

from cabildo.core.forms import form_field

if TYPE_CHECKING:
    from django.http import HttpRequest
    from django_otp.models import Device
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from cabildo.accounts.models import User
    from cabildo.core.models import Area, Entity

logger = logging.getLogger("cabildo.security")


class EmailAuthenticationForm(AuthenticationForm):
    username = forms.EmailField(
        label=_("Correo electrónico"),
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"}),
    )
    error_messages = {
        "invalid_login": _(
            "El correo o la contraseña no son correctos. Revise los datos e intente de nuevo."
        ),
        "inactive": _("Esta cuenta está inactiva."),
    }

    def clean_username(self) -> Any:
        return self.cleaned_data["username"].strip().lower()


class PasswordResetRequestForm(PasswordResetForm):
    """Same answer whether or not the email exists (Django's behaviour): nothing leaks.

    Limited per account and per client address (``PUBLIC_FORM_RATE_LIMITS``
    ``"password_reset"`` and ``"password_reset_address"``): past either, no email is sent and
    the page still says the same, so the limit tells nothing about the account either."""

    email = forms.EmailField(
        label=_("Correo electrónico"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )

    def save(self, *args: Any, request: HttpRequest | None = None, **kwargs: Any) -> None:
        from cabildo.core import throttle
        from cabildo.core.net import client_key

        email = self.cleaned_data["email"].strip().lower()
        account = hashlib.sha256(email.encode()).hexdigest()[:32]
        if not throttle.hit("password_reset_address", client_key(request)):
            logger.warning("Password reset refused: too many requests from one address")
            return
        if not throttle.hit("password_reset", account):
            logger.warning("Password reset refused: too many requests for one account")
            return
        kwargs["request"] = request
        super().save(*args, **kwargs)


class MembershipForm(forms.Form):
    email = forms.EmailField(label=_("Correo electrónico"), max_length=254)
    full_name = forms.CharField(label=_("Nombre completo"), max_length=200)
    role = forms.ChoiceField(label=_("Rol"))
    area: forms.ModelChoiceField[Area] = forms.ModelChoiceField(
        label=_("Dependencia"),
        queryset=None,
        required=False,
        help_text=_("Obligatoria para el enlace de participación de dependencia."),
    )

    def __init__(self, *args: Any, entity: Entity, **kwargs: Any) -> None:
        from cabildo.accounts.models import Role
        from cabildo.core.models import Area

        super().__init__(*args, **kwargs)
        form_field(self, "role", forms.ChoiceField).choices = Role.choices
        form_field(self, "area", forms.ModelChoiceField).queryset = Area.objects.for_entity(
            entity
        ).filter(is_active=True)


CODE_ERROR = _(
    "El código no es válido o ya venció. Revise que la hora de su teléfono sea correcta e "
    "intente de nuevo."
)


class TwoFactorCodeForm(forms.Form):
    """A code from the authenticator app or an unused backup code."""

    code = forms.CharField(
        label=_("Código de verificación"),
        max_length=20,
        help_text=_(
            "Los 6 dígitos que muestra su aplicación de autenticación, o uno de sus códigos "
            "de respaldo."
        ),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        self.device: Device | None = None

    def clean_code(self) -> str:
        from cabildo.accounts import two_factor

        code = self.cleaned_data["code"]
        self.device = two_factor.verify_code(user=self.user, code=code)
        if self.device is None:
            raise forms.ValidationError(CODE_ERROR)
        return code


class TwoFactorSetupForm(forms.Form):
    """The first code of the newly added authenticator: proves the secret was stored."""

    code = forms.CharField(
        label=_("Código que muestra la aplicación"),
        max_length=10,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )

    def __init__(self, *args: Any, user: User, device: TOTPDevice, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        self.device = device
        self.backup_codes: list[str] | None = None

    def clean_code(self) -> str:
        from cabildo.accounts import two_factor

        code = self.cleaned_data["code"]
        self.backup_codes = two_factor.confirm_device(user=self.user, device=self.device, code=code)
        if self.backup_codes is None:
            raise forms.ValidationError(CODE_ERROR)
        return code


class InvitationAcceptForm(forms.Form):
    """A new account from an invitation: the name the person wants shown, and a password."""

    full_name = forms.CharField(label=_("Nombre completo"), max_length=200)
    password1 = forms.CharField(
        label=_("Contraseña"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password2 = forms.CharField(
        label=_("Repita la contraseña"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args: Any, email: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.email = email

    def clean(self) -> dict[str, Any]:
        from django.contrib.auth import password_validation

        from cabildo.accounts.models import User

        data = super().clean() or {}
        first, second = data.get("password1"), data.get("password2")
        if first and second and first != second:
            self.add_error("password2", _("Las dos contraseñas no coinciden."))
        elif first:
            try:
                password_validation.validate_password(
                    first, User(email=self.email, full_name=data.get("full_name", ""))
                )
            except forms.ValidationError as exc:
                self.add_error("password1", exc)
        return data
