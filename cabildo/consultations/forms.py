"""Forms of the general consultation: the public comment form every case extends (honeypot
and text limits of ``PublicFormMixin``, the text, an optional email, the Ley 1581 consent with
the case's purpose) and the moderation form."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from django import forms
from django.utils.translation import gettext_lazy as _

from cabildo.core.forms import PublicFormMixin

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


class CommentForm(PublicFormMixin, forms.Form):
    """A subclass adds what the comment is about (an activity, an article), orders the fields
    (``field_order``: the consent last; the honeypot comes after it), and sets the labels and
    the purpose of the consent in its case's words."""

    text_label: ClassVar[StrOrPromise] = _("Su comentario")
    email_help: ClassVar[StrOrPromise] = _("No lo publicamos.")
    consent_required: ClassVar[StrOrPromise] = _(
        "Debe autorizar el tratamiento de sus datos para enviar el comentario."
    )

    text = forms.CharField(widget=forms.Textarea(attrs={"rows": 5}), max_length=4000)
    email = forms.EmailField(label=_("Correo electrónico (opcional)"), required=False)
    consent = forms.BooleanField(label="", required=True)

    def purpose_text(self) -> str:
        raise NotImplementedError

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        from cabildo.privacy.services import consent_text

        super().__init__(*args, **kwargs)
        self.fields["text"].label = self.text_label
        self.fields["email"].help_text = self.email_help
        self.fields["consent"].label = consent_text(self.purpose_text())
        self.fields["consent"].error_messages["required"] = self.consent_required


class HideForm(forms.Form):
    reason = forms.CharField(label=_("Motivo de moderación (público)"), max_length=300)
