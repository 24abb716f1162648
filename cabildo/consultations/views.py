"""The public page of a consultation, shared by its cases: throttled filing (only accepted
comments count, ``core.throttle``), the honeypot (a bot is told "received" and nothing is
stored), the service's refusals shown on the form."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect

from cabildo.core.forms import add_service_errors
from cabildo.core.throttle import ThrottledFormViewMixin

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

    from cabildo.consultations.forms import CommentForm


class CommentFilingMixin(ThrottledFormViewMixin):
    """For a case's ``FormView``: ``file_comment(form)`` calls the case's service."""

    received_message: ClassVar[StrOrPromise]
    spam_message: ClassVar[StrOrPromise]
    comments_anchor: ClassVar[str] = "#comentarios"
    request: Any

    def file_comment(self, form: CommentForm) -> Any:
        raise NotImplementedError

    def form_valid(self, form: CommentForm) -> HttpResponse:
        if form.is_spam:
            # Pretend success to bots; store nothing.
            messages.success(self.request, str(self.spam_message))
            return redirect(self.request.path)
        try:
            self.file_comment(form)
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)  # type: ignore[attr-defined]
        messages.success(self.request, str(self.received_message))
        return redirect(self.request.path + self.comments_anchor)
