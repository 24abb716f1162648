"""View mixins that make tenancy and permissions the default for staff views."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.generic import FormView as _FormView
from django.views.generic import RedirectView
from rules.contrib.views import PermissionRequiredMixin

from cabildo.core.forms import add_service_errors
from cabildo.core.http import EntityRequest, request_entity

if TYPE_CHECKING:
    from django.views.generic import FormView
    from django.views.generic.base import TemplateResponseMixin, View

    class EntityView(TemplateResponseMixin, View):
        """What the staff mixins below are mixed into, as mypy sees it: a view whose
        ``request`` is an :class:`EntityRequest`. (Declared on each mixin, ``request`` would
        clash with ``View.request`` in every view class: mypy requires attributes that several
        bases define to have the same type.)"""

        request: EntityRequest

    class EntityFormViewBase(EntityView, FormView[Any]):
        """What a staff form mixin is mixed into, as mypy sees it (``form_class``,
        ``form_invalid``, ``get_context_data``... of ``FormView``)."""

else:
    EntityView = EntityFormViewBase = object


class EntityScopedMixin(EntityView):
    """``get_queryset`` limited to the request's entity: other entities' rows are 404."""

    model: Any = None
    queryset: QuerySet[Any] | None = None

    def get_queryset(self) -> QuerySet[Any]:
        entity = request_entity(self.request)
        base = self.queryset if self.queryset is not None else self.model._default_manager.all()
        return base.filter(entity=entity)


class StaffPermissionMixin(LoginRequiredMixin, PermissionRequiredMixin, EntityView):
    """Login required; then the ``rules`` permission on the object, or on the entity.

    Anonymous users are sent to the login page; authenticated users without the
    permission get 403.
    """

    raise_exception = False

    def get_permission_object(self) -> Any:
        if hasattr(self, "get_object") and getattr(self, "pk_url_kwarg", None) in self.kwargs:
            if not hasattr(self, "_permission_object"):
                self._permission_object = self.get_object()
            return self._permission_object
        return getattr(self.request, "entity", None)

    def get_object(self, queryset: Any = None) -> Any:
        if queryset is None and hasattr(self, "_permission_object"):
            return self._permission_object
        # The view (a DetailView or EntityObjectMixin) after this mixin defines get_object.
        return super().get_object(queryset)  # type: ignore[misc]

    def handle_no_permission(self) -> Any:
        if self.request.user.is_authenticated:
            self.raise_exception = True
        return super().handle_no_permission()

    kwargs: dict[str, Any]


class EntityObjectMixin(EntityView):
    """The view's object is the ``object_model`` row with the URL's ``pk`` (the kwarg named by
    ``pk_url_kwarg``) that belongs to the request's entity (404 otherwise), fetched once per
    request.

    Subclasses set ``object_model`` and, for the related rows the page uses,
    ``object_select_related``; ``StaffPermissionMixin`` checks permissions on this object.
    """

    object_model: Any = None
    object_select_related: tuple[str, ...] = ()
    pk_url_kwarg = "pk"
    kwargs: dict[str, Any]

    def get_object_queryset(self) -> QuerySet[Any]:
        queryset = self.object_model._default_manager.filter(entity=request_entity(self.request))
        if self.object_select_related:
            queryset = queryset.select_related(*self.object_select_related)
        return queryset

    def get_object(self, queryset: Any = None) -> Any:
        cached = self.__dict__.get("_entity_object")
        if cached is None:
            from django.shortcuts import get_object_or_404

            cached = get_object_or_404(
                self.get_object_queryset(), pk=self.kwargs[self.pk_url_kwarg]
            )
            self.__dict__["_entity_object"] = cached
        return cached


class ServiceFormMixin(EntityFormViewBase):
    """A staff form page (``core/service_form.html``): ``save(form)`` calls the service; a
    service's ``ValidationError`` goes onto the form (nothing saved), else a message and a
    redirect to ``get_success_url()`` (by default the page the form came from, ``get_back()``).

    A page that shows something above the form extends the template's ``before_form`` block."""

    template_name = "core/service_form.html"
    success_message: Any = ""
    multipart = False
    saved: Any  # what save() returned

    def get_title(self) -> str:
        raise NotImplementedError

    def get_back(self) -> str:
        raise NotImplementedError

    def save(self, form: Any) -> Any:
        raise NotImplementedError

    def get_success_url(self) -> str:
        return self.get_back()

    def get_success_message(self) -> str:
        return str(self.success_message)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(
            title=self.get_title(), back=self.get_back(), multipart=self.multipart, **kwargs
        )

    def form_valid(self, form: Any) -> HttpResponse:
        try:
            self.saved = self.save(form)
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, self.get_success_message())
        return redirect(self.get_success_url())


class ObjectFormView(ServiceFormMixin, StaffPermissionMixin, EntityObjectMixin, _FormView):
    """A staff form about one row of the entity (the URL's ``pk``)."""

    @property
    def obj(self) -> Any:
        return self.get_object()


class EntityFormView(ServiceFormMixin, StaffPermissionMixin, _FormView):
    """A staff form about the request's entity (no ``pk``)."""


class PublicPageCacheMixin:
    """A public page that is the same for every anonymous visitor of an entity: served from the
    whole-page cache (``cabildo.portal.pagecache``) until any row of the entity changes.

    ``public_cache_params`` lists the query parameters the page reads; an address with any
    other parameter is rendered, not cached. Only for pages that show no per-visitor data (a
    form that keeps what the visitor typed, a personal link) beyond the CSRF token.
    """

    public_cache_params: tuple[str, ...] = ()


class SectionIndexView(RedirectView):
    """The bare address of a section (``/<slug>/pqrs/``, ``/<slug>/evaluacion/``…): an official
    with the section's permission lands on its staff page, anyone else on its public page (or
    on the login page when the section has none). A typed or remembered section address never
    ends on "Página no encontrada"."""

    permanent = False
    staff_pattern: str = ""
    public_pattern: str = ""
    # Empty: any signed-in user has the staff page (Mi escritorio).
    permission: str = ""

    def get_redirect_url(self, *args: Any, **kwargs: Any) -> str | None:
        user = self.request.user
        entity = getattr(self.request, "entity", None)
        allowed = not self.permission or user.has_perm(self.permission, entity)
        if user.is_authenticated and allowed:
            return reverse(self.staff_pattern)
        if self.public_pattern:
            return reverse(self.public_pattern)
        return redirect_to_login(reverse(self.staff_pattern)).url
