from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.utils.translation import gettext_lazy as _


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
    """Same answer whether or not the email exists (Django's behaviour): nothing leaks."""

    email = forms.EmailField(
        label=_("Correo electrónico"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )


class MembershipForm(forms.Form):
    email = forms.EmailField(label=_("Correo electrónico"), max_length=254)
    full_name = forms.CharField(label=_("Nombre completo"), max_length=200)
    role = forms.ChoiceField(label=_("Rol"))
    area = forms.ModelChoiceField(
        label=_("Dependencia"),
        queryset=None,
        required=False,
        help_text=_("Obligatoria para el enlace de participación de dependencia."),
    )

    def __init__(self, *args: Any, entity: Any, **kwargs: Any) -> None:
        from cabildo.accounts.models import Role
        from cabildo.core.models import Area

        super().__init__(*args, **kwargs)
        self.fields["role"].choices = Role.choices
        self.fields["area"].queryset = Area.objects.for_entity(entity).filter(is_active=True)
