from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import FormView, TemplateView

from cabildo.bodies import selectors, services
from cabildo.bodies.filters import DirectoryFilterSet
from cabildo.bodies.forms import (
    BodyArchiveForm,
    BodyDeleteForm,
    BodyForm,
    CharacterizationForm,
    MemberForm,
    SessionForm,
)
from cabildo.bodies.models import (
    BodyCharacterization,
    BodyMember,
    BodySession,
    ParticipationBody,
    Publication,
)
from cabildo.core import uploads
from cabildo.core.forms import add_service_errors
from cabildo.core.http import request_entity as _entity_or_404
from cabildo.core.mixins import EntityScopedMixin, PublicPageCacheMixin, StaffPermissionMixin
from cabildo.core.sorting import natural_page
from cabildo.matrices.forms import YearMatrixUploadForm
from cabildo.matrices.views import MatrixUploadView

PAGE_SIZE = 25


class BodyListView(StaffPermissionMixin, TemplateView):
    permission_required = "bodies.view_participationbody"
    template_name = "bodies/body_list.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        entity = self.request.entity
        archived = self.request.GET.get("archivadas") == "1"
        filterset = DirectoryFilterSet(
            self.request.GET or None,
            selectors.body_list(entity=entity, archived=archived),
            request=self.request,
        )
        page, bodies = natural_page(
            filterset.qs,
            field="name",
            per_page=50,
            number=self.request.GET.get("page"),
        )
        query = self.request.GET.copy()
        query.pop("page", None)
        context.update(
            filter_form=filterset.form,
            page=page,
            bodies=bodies,
            query=query.urlencode(),
            archived=archived,
            # The matrix export opens on the year the sistema view shows by default.
            matrix_year=system_year(entity),
        )
        return context


class BodyDetailView(StaffPermissionMixin, EntityScopedMixin, TemplateView):
    model = ParticipationBody
    permission_required = "bodies.view_participationbody"
    template_name = "bodies/body_detail.html"
    pk_url_kwarg = "pk"

    def get_object(self, queryset: Any = None) -> ParticipationBody:
        try:
            return selectors.body_detail(entity=self.request.entity, pk=self.kwargs["pk"])
        except ParticipationBody.DoesNotExist as exc:
            raise Http404 from exc

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        body = self.get_object()
        context.update(
            body=body,
            members=selectors.body_members(body=body),
            sessions=selectors.body_sessions(body=body),
            characterizations=selectors.body_characterizations(body=body),
        )
        return context


class BodyFormView(StaffPermissionMixin, EntityScopedMixin, FormView):
    model = ParticipationBody
    template_name = "bodies/body_form.html"
    form_class = BodyForm
    object: ParticipationBody | None = None

    def get_permission_required(self) -> tuple[str, ...]:
        if "pk" in self.kwargs:
            return ("bodies.change_participationbody",)
        return ("bodies.add_participationbody",)

    def get_permission_object(self) -> Any:
        if "pk" in self.kwargs:
            if self.object is None:
                self.object = get_object_or_404(self.get_queryset(), pk=self.kwargs["pk"])
            return self.object
        return self.request.entity

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs.update(entity=self.request.entity, user=self.request.user, instance=self.object)
        return kwargs

    def form_valid(self, form: BodyForm) -> HttpResponse:
        data = {k: form.cleaned_data[k] for k in form.Meta.fields}
        # A fresh instance for the service: the form already mutated its own.
        try:
            if self.object is None:
                body = services.body_create(
                    entity=self.request.entity, actor=self.request.user, **data
                )
                messages.success(self.request, _("Instancia registrada."))
            else:
                fresh = ParticipationBody.objects.get(pk=self.object.pk)
                body = services.body_update(body=fresh, actor=self.request.user, **data)
                messages.success(self.request, _("Instancia actualizada."))
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        return redirect(reverse("bodies:detail", args=[body.pk]))


class BodyDeleteView(StaffPermissionMixin, EntityScopedMixin, FormView):
    """A real delete, only for a body without history: the page lists what would go with it
    and asks for the body's name. A body with history is archived instead."""

    model = ParticipationBody
    permission_required = "bodies.delete_participationbody"
    template_name = "bodies/body_delete.html"
    form_class = BodyDeleteForm

    def get_object(self, queryset: Any = None) -> ParticipationBody:
        if not hasattr(self, "_object"):
            self._object = get_object_or_404(self.get_queryset(), pk=self.kwargs["pk"])
        return self._object

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        body = self.get_object()
        history = services.body_history(body=body)
        kwargs.update(object=body, history=history, has_history=any(history.values()))
        return super().get_context_data(**kwargs)

    def form_valid(self, form: BodyDeleteForm) -> HttpResponse:
        body = self.get_object()
        try:
            services.body_delete(body=body, confirm_name=form.cleaned_data["confirm_name"])
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("Instancia eliminada."))
        return redirect(reverse("bodies:list"))


class BodyArchiveView(StaffPermissionMixin, EntityScopedMixin, FormView):
    """Archive (out of the directory and the lists, history kept) or restore a body."""

    model = ParticipationBody
    permission_required = "bodies.archive_participationbody"
    template_name = "bodies/body_archive.html"
    form_class = BodyArchiveForm

    def get_object(self, queryset: Any = None) -> ParticipationBody:
        if not hasattr(self, "_object"):
            self._object = get_object_or_404(self.get_queryset(), pk=self.kwargs["pk"])
        return self._object

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        body = self.get_object()
        kwargs.update(object=body, history=services.body_history(body=body))
        return super().get_context_data(**kwargs)

    def post(self, request: Any, *args: Any, **kwargs: Any) -> HttpResponse:
        body = self.get_object()
        if body.is_archived:  # the restore button
            try:
                services.body_restore(body=body, actor=request.user)
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages))
            else:
                messages.success(request, _("Instancia restaurada, con toda su historia."))
            return redirect(reverse("bodies:detail", args=[body.pk]))
        return super().post(request, *args, **kwargs)

    def form_valid(self, form: BodyArchiveForm) -> HttpResponse:
        body = self.get_object()
        try:
            services.body_archive(
                body=body, reason=form.cleaned_data["reason"], actor=self.request.user
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("Instancia archivada: ya no aparece en el directorio; su historia se conserva."),
        )
        return redirect(reverse("bodies:detail", args=[body.pk]))


class BodyPublishView(StaffPermissionMixin, EntityScopedMixin, View):
    """Publish a draft body in the public directory, or take it back to draft (POST)."""

    model = ParticipationBody
    permission_required = "bodies.publish_participationbody"

    def get_object(self, queryset: Any = None) -> ParticipationBody:
        if not hasattr(self, "_object"):
            self._object = get_object_or_404(self.get_queryset(), pk=self.kwargs["pk"])
        return self._object

    def get(self, request: Any, *args: Any, **kwargs: Any) -> HttpResponse:
        """The decision is a POST from the body's page; a GET goes back to that page."""
        return redirect(reverse("bodies:detail", args=[self.get_object().pk]))

    def post(self, request: Any, *args: Any, **kwargs: Any) -> HttpResponse:
        body = self.get_object()
        try:
            if body.publication == Publication.PUBLISHED:
                services.body_unpublish(body=body, actor=request.user)
                messages.success(request, _("La instancia volvió a borrador."))
            else:
                services.body_publish(body=body, actor=request.user)
                messages.success(request, _("Instancia publicada en el directorio."))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        return redirect(reverse("bodies:detail", args=[body.pk]))


class ChildFormView(StaffPermissionMixin, FormView):
    """Create (``pk`` = body, on ``create`` URLs) or update (``pk`` = child) a body's row."""

    model: Any = None
    creating = False
    template_name = "bodies/child_form.html"
    title_create: Any = ""
    title_update: Any = ""
    create_service: Any = None
    update_service: Any = None
    instance_kwarg = ""
    object: Any = None
    body: ParticipationBody | None = None

    def get_queryset(self) -> Any:
        return self.model.objects.for_entity(_entity_or_404(self.request)).select_related("body")

    def get_permission_required(self) -> tuple[str, ...]:
        if self.creating:
            return ("bodies.change_participationbody",)
        return (f"bodies.change_{self.model._meta.model_name}",)

    def get_permission_object(self) -> Any:
        entity = _entity_or_404(self.request)
        if self.creating:
            if self.body is None:
                self.body = get_object_or_404(
                    ParticipationBody.objects.for_entity(entity), pk=self.kwargs["pk"]
                )
            return self.body
        if self.object is None:
            self.object = get_object_or_404(self.get_queryset(), pk=self.kwargs["pk"])
            self.body = self.object.body
        return self.object

    def get_form_kwargs(self) -> dict[str, Any]:
        self.get_permission_object()
        kwargs = super().get_form_kwargs()
        kwargs.update(body=self.body, instance=self.object)
        return kwargs

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(
            body=self.body,
            title=self.title_create if self.creating else self.title_update,
            multipart=self.model is BodySession,
        )
        return context

    def form_valid(self, form: Any) -> HttpResponse:
        if hasattr(form, "service_data"):
            data = form.service_data()
        else:
            data = {k: form.cleaned_data[k] for k in form.Meta.fields}
        try:
            if self.creating:
                self.create_service(body=self.body, **data)
            else:
                fresh = self.model.objects.get(pk=self.object.pk)
                self.update_service(**{self.instance_kwarg: fresh}, **data)
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("Cambios guardados."))
        if self.body is None:  # set by get_permission_object() before the form
            raise Http404
        return redirect(reverse("bodies:detail", args=[self.body.pk]))


class ChildDeleteView(StaffPermissionMixin, TemplateView):
    model: Any = None
    delete_service: Any = None
    instance_kwarg = ""
    template_name = "bodies/confirm_delete.html"
    pk_url_kwarg = "pk"

    def get_permission_required(self) -> tuple[str, ...]:
        return (f"bodies.delete_{self.model._meta.model_name}",)

    def get_object(self, queryset: Any = None) -> Any:
        return get_object_or_404(
            self.model.objects.for_entity(_entity_or_404(self.request)).select_related("body"),
            pk=self.kwargs["pk"],
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        obj = self.get_object()
        context.update(object=obj, cancel_url=reverse("bodies:detail", args=[obj.body_id]))
        return context

    def post(self, request: Any, *args: Any, **kwargs: Any) -> HttpResponse:
        obj = self.get_object()
        body_id = obj.body_id
        self.delete_service(**{self.instance_kwarg: obj})
        messages.success(request, _("Registro eliminado."))
        return redirect(reverse("bodies:detail", args=[body_id]))


class MemberFormView(ChildFormView):
    model = BodyMember
    form_class = MemberForm
    title_create = gettext_lazy("Nuevo integrante")
    title_update = gettext_lazy("Editar integrante")
    create_service = staticmethod(services.member_create)
    update_service = staticmethod(services.member_update)
    instance_kwarg = "member"


class SessionFormView(ChildFormView):
    model = BodySession
    form_class = SessionForm
    title_create = gettext_lazy("Nueva sesión")
    title_update = gettext_lazy("Editar sesión")
    create_service = staticmethod(services.session_create)
    update_service = staticmethod(services.session_update)
    instance_kwarg = "session"


class CharacterizationFormView(ChildFormView):
    model = BodyCharacterization
    form_class = CharacterizationForm
    title_create = gettext_lazy("Nueva caracterización")
    title_update = gettext_lazy("Editar caracterización")
    create_service = staticmethod(services.characterization_create)
    update_service = staticmethod(services.characterization_update)
    instance_kwarg = "characterization"

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        if self.creating:
            # The year proposed: ?anio= (the "Proponer cifras" button), the year posted, or this
            # year; the registry's counts are proposed for it.
            raw = self.request.POST.get("year") or self.request.GET.get("anio", "")
            year = int(raw) if raw.isdigit() and 2000 <= int(raw) <= 2100 else None
            kwargs["year"] = year or timezone.localdate().year
        return kwargs


class MemberDeleteView(ChildDeleteView):
    model = BodyMember
    delete_service = staticmethod(services.member_delete)
    instance_kwarg = "member"


class SessionDeleteView(ChildDeleteView):
    model = BodySession
    delete_service = staticmethod(services.session_delete)
    instance_kwarg = "session"


class CharacterizationDeleteView(ChildDeleteView):
    model = BodyCharacterization
    delete_service = staticmethod(services.characterization_delete)
    instance_kwarg = "characterization"


def _minutes_response(session: BodySession) -> FileResponse:
    if not session.minutes:
        raise Http404(_("La sesión no tiene acta."))
    content_type = uploads.detect_content_type(session.minutes) or ""
    name = f"acta-{session.date:%Y-%m-%d}"
    return uploads.file_response(session.minutes, filename=name, content_type=content_type)


class SessionMinutesView(StaffPermissionMixin, View):
    permission_required = "bodies.view_bodysession"
    pk_url_kwarg = "pk"

    def get_object(self, queryset: Any = None) -> BodySession:
        return get_object_or_404(
            BodySession.objects.for_entity(_entity_or_404(self.request)), pk=self.kwargs["pk"]
        )

    def get(self, request: Any, *args: Any, **kwargs: Any) -> FileResponse:
        return _minutes_response(self.get_object())


# ---------------------------------------------------------------- sistema municipal


def _chosen_year(request: Any, years: list[int]) -> int:
    """The year in ``?anio=``; otherwise the vigencia in force: this year, or the latest year
    characterized up to this year (a characterization of a later year does not move it)."""
    raw = request.GET.get("anio", "")
    if raw.isdigit() and 2000 <= int(raw) <= 2100:
        return int(raw)
    return _year_in_force(years)


def _year_in_force(years: list[int]) -> int:
    this_year = timezone.localdate().year
    return next((y for y in years if y <= this_year), this_year)


def system_year(entity: Any) -> int:
    """The year the sistema view, the matrix export and its import open on (no ``?anio=``)."""
    return _year_in_force(selectors.characterization_years(entity=entity))


class OverviewMixin:
    template_name: str | None = "bodies/overview.html"
    public = False
    request: Any

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        # mypy: the view this mixin is mixed into provides get_context_data.
        context = super().get_context_data(**kwargs)  # type: ignore[misc]
        entity = _entity_or_404(self.request)
        years = selectors.characterization_years(entity=entity)
        year = _chosen_year(self.request, years)
        context.update(
            years=years,
            year=year,
            overview=selectors.system_overview(entity=entity, year=year),
            evolution=selectors.system_evolution(entity=entity),
            public=self.public,
        )
        return context


class OverviewView(StaffPermissionMixin, OverviewMixin, TemplateView):
    permission_required = "bodies.view_overview"


class PublicOverviewView(PublicPageCacheMixin, OverviewMixin, TemplateView):
    public_cache_params = ("anio",)
    public = True


# ---------------------------------------------------------------- public directory


class DirectoryView(PublicPageCacheMixin, TemplateView):
    public_cache_params = ("q", "kind", "territory", "area", "status", "page")
    template_name = "bodies/directory.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        entity = _entity_or_404(self.request)
        filterset = DirectoryFilterSet(
            self.request.GET or None,
            selectors.body_list(entity=entity, public=True),
            request=self.request,
        )
        page, bodies = natural_page(
            filterset.qs,
            field="name",
            per_page=PAGE_SIZE,
            number=self.request.GET.get("page"),
        )
        query = self.request.GET.copy()
        query.pop("page", None)
        context.update(
            filter_form=filterset.form, page=page, bodies=bodies, query=query.urlencode()
        )
        return context


class PublicBodyView(PublicPageCacheMixin, TemplateView):
    public_cache_params = ()
    template_name = "bodies/public_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        entity = _entity_or_404(self.request)
        try:
            body = selectors.body_detail(entity=entity, pk=self.kwargs["pk"], public=True)
        except ParticipationBody.DoesNotExist as exc:
            raise Http404 from exc
        context.update(
            body=body,
            members=selectors.public_members(body=body),
            sessions=selectors.body_sessions(body=body, public_only=True),
            characterizations=selectors.body_characterizations(body=body),
        )
        return context


def public_minutes(request: Any, pk: int) -> FileResponse:
    entity = _entity_or_404(request)
    try:
        session = selectors.public_session(entity=entity, pk=pk)
    except BodySession.DoesNotExist as exc:
        raise Http404 from exc
    return _minutes_response(session)


# ---------------------------------------------------------------- XLSX matrix


class MatrixExportMixin:
    filename = ""
    request: Any

    def build(self, entity: Any) -> tuple[bytes, str]:
        raise NotImplementedError

    def get(self, request: Any, *args: Any, **kwargs: Any) -> HttpResponse:
        from cabildo.core.tabular import XLSX_CONTENT_TYPE

        content, filename = self.build(request.entity)
        response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response


class BodyMatrixExportView(StaffPermissionMixin, MatrixExportMixin, View):
    permission_required = "bodies.export_matrix"

    def build(self, entity: Any) -> tuple[bytes, str]:
        from cabildo.bodies.matrix import export_matrix

        years = selectors.characterization_years(entity=entity)
        year = _chosen_year(self.request, years)
        return export_matrix(entity=entity, year=year), f"instancias-{entity.slug}-{year}.xlsx"


class BodyMatrixImportView(MatrixUploadView):
    """Read the year's matrix; the preview (cabildo.matrices) shows what changes first."""

    kind = "instancias"
    form_class = YearMatrixUploadForm

    def get_initial(self) -> dict[str, Any]:
        return {"year": system_year(self.request.entity)}

    def get_target(self, form: Any = None) -> int | None:
        return form.cleaned_data["year"] if form is not None else None
