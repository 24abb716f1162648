from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import FileResponse, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import FormView, ListView

from cabildo.accounts.models import Membership, Role
from cabildo.core import health, selectors, services
from cabildo.core.forms import AreaForm, EntityForm, add_service_errors
from cabildo.core.mixins import EntityScopedMixin, StaffPermissionMixin
from cabildo.core.models import Area, Entity


def healthz(request: HttpRequest) -> JsonResponse:
    """Each dependency's state; 503 only when the database is down (cabildo.core.health)."""
    status, body = health.report()
    return JsonResponse(body, status=status)


# Staff pages need a session anyway; what crawlers should leave alone are the forms and the
# technical corners, and what they should read is the sitemap of the entity (or of the site).
ROBOTS_DISALLOW = (
    "/admin-tecnico/",
    "/i18n/",
    "/cuentas/",
    "/*/cuentas/",
    "/verificacion/",
    "/*/verificacion/",
)


def robots_txt(request: HttpRequest) -> HttpResponse:
    """``/robots.txt`` at the root of the shared site or of an entity's host name."""
    lines = ["User-agent: *"] + [f"Disallow: {path}" for path in ROBOTS_DISALLOW]
    lines.append(f"Sitemap: {request.build_absolute_uri('/sitemap.xml')}")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


def favicon(request: HttpRequest) -> HttpResponse:
    """Browsers that ignore the page's icon link ask for ``/favicon.ico``."""
    return redirect(static("core/img/favicon.svg"), permanent=True)


class AreaListView(StaffPermissionMixin, ListView):
    permission_required = "core.view_area"
    template_name = "core/area_list.html"
    context_object_name = "areas"

    def get_queryset(self) -> Any:
        # Who the area's participation liaison is (one more query, whatever the number of areas).
        liaisons = Membership.objects.filter(role=Role.AREA_LIAISON, user__is_active=True)
        return selectors.area_list(entity=self.request.entity).prefetch_related(
            Prefetch(
                "memberships",
                queryset=liaisons.select_related("user").order_by("user__full_name", "pk"),
                to_attr="liaisons",
            )
        )


class AreaFormView(StaffPermissionMixin, EntityScopedMixin, FormView):
    model = Area
    template_name = "core/area_form.html"
    form_class = AreaForm
    object: Area | None = None

    def get_permission_required(self) -> tuple[str, ...]:
        return ("core.change_area",) if "pk" in self.kwargs else ("core.add_area",)

    def get_permission_object(self) -> Any:
        if "pk" in self.kwargs:
            if self.object is None:
                self.object = get_object_or_404(self.get_queryset(), pk=self.kwargs["pk"])
            return self.object
        return self.request.entity

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs["entity"] = self.request.entity
        kwargs["instance"] = self.object
        return kwargs

    def form_valid(self, form: AreaForm) -> HttpResponse:
        data = form.cleaned_data
        try:
            if self.object is None:
                services.area_create(
                    entity=self.request.entity,
                    name=data["name"],
                    kind=data["kind"],
                    acronym=data["acronym"],
                    parent=data["parent"],
                )
                messages.success(self.request, _("Dependencia creada."))
            else:
                services.area_update(
                    area=self.object,
                    name=data["name"],
                    kind=data["kind"],
                    acronym=data["acronym"],
                    parent=data["parent"],
                    is_active=data["is_active"],
                )
                messages.success(self.request, _("Dependencia actualizada."))
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        return redirect(reverse("core:area_list"))


class EntityUpdateView(StaffPermissionMixin, FormView):
    """The entity's own data: names, NIT, DIVIPOLA, contact channels, Saturday rule, logo."""

    permission_required = "core.change_entity"
    template_name = "core/entity_form.html"
    form_class = EntityForm

    def get_form_kwargs(self) -> dict[str, Any]:
        # A copy: the form's validation must not alter request.entity when it fails.
        instance = Entity.objects.get(pk=self.request.entity.pk)
        return {**super().get_form_kwargs(), "instance": instance}

    def form_valid(self, form: EntityForm) -> HttpResponse:
        fields = {name: form.cleaned_data[name] for name in services.ENTITY_EDITABLE_FIELDS}
        logo = form.cleaned_data.get("logo")
        try:
            services.entity_update(
                entity=Entity.objects.get(pk=self.request.entity.pk),
                logo=logo if logo and logo != form.initial.get("logo") else None,
                **fields,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("Datos de la entidad actualizados."))
        return redirect(reverse("core:entity_update"))


def entity_logo(request: HttpRequest) -> FileResponse:
    """The entity's logo (public: it heads every page). Uploaded files are never served from
    ``MEDIA_URL``; this view serves only the request's entity's own logo, as an image."""
    from django.http import Http404

    from cabildo.core import uploads

    entity = getattr(request, "entity", None)
    if entity is None or not entity.logo:
        raise Http404(_("La entidad no tiene logo."))
    content_type = uploads.JPEG if entity.logo.name.lower().endswith(".jpg") else uploads.PNG
    response = uploads.file_response(
        entity.logo, filename=f"logo-{entity.slug}", content_type=content_type
    )
    response["Cache-Control"] = "public, max-age=3600"
    return response


def error_400(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "400.html", status=400)


def error_403(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "403.html", status=403)


def error_404(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "404.html", status=404)


def error_500(request: HttpRequest) -> HttpResponse:
    return render(request, "500.html", status=500)
