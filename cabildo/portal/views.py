"""Public portal: the home page, the six "Participa" sections, the channels of attention, the
open data pages and the sitemap; staff pages to manage the channels."""

from __future__ import annotations

import json
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect
from django.urls import get_script_prefix, reverse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView, ListView, TemplateView

from cabildo.accounts.selectors import user_entities
from cabildo.core import public_cache
from cabildo.core import selectors as core_selectors
from cabildo.core.forms import add_service_errors
from cabildo.core.http import request_entity as _entity
from cabildo.core.links import absolute_path, entity_href, entity_url, site_url
from cabildo.core.mixins import EntityObjectMixin, PublicPageCacheMixin, StaffPermissionMixin
from cabildo.core.models import Entity
from cabildo.core.registry import ParticipaSection, public_nav
from cabildo.portal import opendata, selectors, services
from cabildo.portal.forms import AttentionChannelForm, EntityDirectoryForm
from cabildo.portal.models import AttentionChannel


class PublicCachedMixin:
    """Public pages whose entity data is rendered inside ``{% cache %}`` with ``cache_key``:
    the key changes whenever a row of the entity changes (see :mod:`cabildo.core.public_cache`),
    so the (lazy) data is only read when the fragment is not cached."""

    cache_name = ""
    request: HttpRequest
    kwargs: dict[str, Any]

    def get_cache_parts(self) -> tuple[Any, ...]:
        return (self.request.get_full_path(),)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        # mypy: the view this mixin is mixed into provides get_context_data.
        context = super().get_context_data(**kwargs)  # type: ignore[misc]
        entity = _entity(self.request)
        context["cache_key"] = public_cache.page_key(
            entity, self.cache_name, *self.get_cache_parts()
        )
        context["cache_timeout"] = public_cache.PUBLIC_CACHE_SECONDS
        return context


class EntityDirectoryView(TemplateView):
    """``/`` on the shared site: the directory of the entities served by this installation, with
    a search that stays usable with the 1,102 municipalities of Colombia."""

    template_name = "portal/entity_directory.html"
    paginate_by = 48

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        form = EntityDirectoryForm(self.request.GET or None)
        filters = form.cleaned_data if form.is_valid() else {}
        directory = core_selectors.entity_directory(
            q=filters.get("q", ""),
            department=filters.get("departamento", ""),
            kind=filters.get("tipo", ""),
        )
        form.set_departments(directory.departments)
        page = Paginator(directory.entities, self.paginate_by).get_page(self.request.GET.get("p"))
        query = self.request.GET.copy()
        query.pop("p", None)
        context.update(
            form=form,
            page=page,
            entities=[(e, entity_href(e, "core:home")) for e in page.object_list],
            found=len(directory.entities),
            total=directory.total,
            searching=bool(filters and any(filters.values())),
            query=query.urlencode(),
            own_entities=[
                (e, entity_href(e, "accounts:desk")) for e in user_entities(self.request.user)
            ],
        )
        return context


class HomeView(PublicPageCacheMixin, PublicCachedMixin, TemplateView):
    """The entity's portal home: what is open now, next events, latest results, quick links,
    the "Participa" menu and the entities on Cabildo."""

    public_cache_params = ()

    template_name = "portal/home.html"
    cache_name = "home"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if getattr(request, "entity", None) is None:  # the shared site's root
            return EntityDirectoryView.as_view()(request, *args, **kwargs)
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        entity = _entity(self.request)
        context = super().get_context_data(**kwargs)
        limit = selectors.HOME_LIMIT
        context.update(
            consultations=SimpleLazyObject(
                lambda: list(selectors.open_consultations(entity=entity))
            ),
            registrations=SimpleLazyObject(
                lambda: list(selectors.open_registrations(entity=entity)[:limit])
            ),
            events=SimpleLazyObject(lambda: list(selectors.next_events(entity=entity)[:limit])),
            results=SimpleLazyObject(lambda: selectors.latest_results(entity=entity)),
            sections=selectors.sections(),
            # On the shared site, its root; from an entity's own host, the shared site.
            directory_url="/" if getattr(self.request, "entity_prefix", "") else f"{site_url()}/",
        )
        return context


class ParticipaView(PublicPageCacheMixin, TemplateView):
    """The "Participa" menu: the six sections of Resolución MinTIC 1519 de 2020."""

    public_cache_params = ()

    template_name = "portal/participa.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["sections"] = selectors.sections()
        return context


class SectionView(PublicPageCacheMixin, TemplateView):
    public_cache_params = ()
    template_name = "portal/section.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        section = selectors.section(self.kwargs["section"])
        if section is None:
            raise Http404(_("Esa sección de Participa no existe."))
        context["section"] = section
        context["sections"] = selectors.sections()
        return context


class ChannelsView(PublicPageCacheMixin, PublicCachedMixin, TemplateView):
    """«Canales de atención»: how to reach the entity, in person, by phone or online."""

    public_cache_params = ()

    template_name = "portal/channels.html"
    cache_name = "channels"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        entity = _entity(self.request)
        context["groups"] = SimpleLazyObject(lambda: selectors.public_channels(entity=entity))
        return context


# ---------------------------------------------------------------- open data


class OpenDataIndexView(PublicPageCacheMixin, TemplateView):
    public_cache_params = ()
    template_name = "portal/opendata_index.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["datasets"] = [
            {"dataset": d, "section": opendata.section_label(d)} for d in opendata.datasets()
        ]
        return context


class DataDictionaryView(PublicPageCacheMixin, TemplateView):
    public_cache_params = ()
    template_name = "portal/opendata_dictionary.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        dataset = opendata.dataset_or_404(self.kwargs["slug"])
        context.update(
            dataset=dataset,
            section=opendata.section_label(dataset),
            columns=opendata.columns(dataset),
            api_url=reverse(f"api:portal:{dataset.slug}"),
        )
        return context


def _filename(entity: Entity, slug: str, extension: str) -> str:
    return f"{slug}-{entity.slug}.{extension}"


class DatasetCsvView(View):
    """The dataset as a UTF-8 CSV file with Spanish headers (for datos.gov.co)."""

    def get(self, request: HttpRequest, slug: str) -> HttpResponse:
        dataset = opendata.dataset_or_404(slug)
        entity = _entity(request)
        content = public_cache.cached(
            entity,
            "csv",
            (slug,),
            lambda: "".join(opendata.csv_lines(dataset, opendata.source(dataset, entity))),
        )
        response = HttpResponse(content.encode("utf-8"), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{_filename(entity, slug, "csv")}"'
        return response


class DatasetJsonView(View):
    """The dataset as a JSON array of records (keys are the dictionary's column names)."""

    def get(self, request: HttpRequest, slug: str) -> HttpResponse:
        dataset = opendata.dataset_or_404(slug)
        entity = _entity(request)
        content = public_cache.cached(
            entity,
            "json",
            (slug,),
            lambda: json.dumps(
                list(opendata.records(dataset, opendata.source(dataset, entity))),
                cls=DjangoJSONEncoder,
                ensure_ascii=False,
            ),
        )
        response = HttpResponse(
            content.encode("utf-8"), content_type="application/json; charset=utf-8"
        )
        response["Content-Disposition"] = (
            f'attachment; filename="{_filename(entity, slug, "json")}"'
        )
        return response


# ---------------------------------------------------------------- sitemap


class SitemapView(View):
    """``sitemap.xml`` of the request's entity (the public pages of the portal and modules); on
    the shared site's root, the index of every entity's sitemap."""

    def get(self, request: HttpRequest) -> HttpResponse:
        from django.template.loader import render_to_string

        entity = getattr(request, "entity", None)
        if entity is None:
            sitemaps = [
                entity_url(e, "core:sitemap")
                for e in Entity.objects.filter(is_active=True).with_canonical_host()
            ]
            body = render_to_string("portal/sitemap_index.xml", {"sitemaps": sitemaps})
            return HttpResponse(body, content_type="application/xml; charset=utf-8")
        paths = [reverse("core:home"), reverse("portal:participa")]
        paths += [reverse("portal:section", args=[value]) for value in ParticipaSection.values]
        paths += [reverse("portal:channels"), reverse("opendata:index")]
        paths += [reverse("opendata:dictionary", args=[d.slug]) for d in opendata.datasets()]
        paths += [item["url"] for item in public_nav(request)]
        for section in selectors.sections():
            paths += [link["url"] for link in section.links]
        unique = list(dict.fromkeys(p for p in paths if not p.endswith((".ics", ".csv"))))
        # reverse() gave the request's own paths (its /<slug>/ prefix): the canonical URLs.
        prefix = get_script_prefix()
        urls = [absolute_path(entity, p.removeprefix(prefix)) for p in unique]
        body = render_to_string("portal/sitemap.xml", {"urls": urls})
        return HttpResponse(body, content_type="application/xml; charset=utf-8")


# ---------------------------------------------------------------- staff: channels


class ChannelListView(StaffPermissionMixin, ListView):
    permission_required = "portal.view_attentionchannel"
    template_name = "portal/channel_list.html"
    context_object_name = "channels"

    def get_queryset(self) -> Any:
        return selectors.channel_list(entity=_entity(self.request))


class ChannelFormView(StaffPermissionMixin, EntityObjectMixin, FormView):
    object_model = AttentionChannel
    template_name = "portal/channel_form.html"
    form_class = AttentionChannelForm

    @property
    def is_update(self) -> bool:
        return "pk" in self.kwargs

    def get_permission_required(self) -> tuple[str, ...]:
        if self.is_update:
            return ("portal.change_attentionchannel",)
        return ("portal.add_attentionchannel",)

    def get_permission_object(self) -> Any:
        return self.get_object() if self.is_update else _entity(self.request)

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        if self.is_update:
            kwargs["instance"] = self.get_object()
        return kwargs

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["channel"] = self.get_object() if self.is_update else None
        return context

    def form_valid(self, form: AttentionChannelForm) -> HttpResponse:
        data = {name: form.cleaned_data[name] for name in services.CHANNEL_FIELDS}
        try:
            if self.is_update:
                # The form's instance was already changed by validation: re-read it.
                channel = AttentionChannel.objects.get(pk=self.get_object().pk)
                services.channel_update(channel=channel, **data)
                messages.success(self.request, _("Canal de atención actualizado."))
            else:
                services.channel_create(entity=_entity(self.request), **data)
                messages.success(self.request, _("Canal de atención creado."))
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        return redirect("portal:channel_list")


class ChannelDeleteView(StaffPermissionMixin, EntityObjectMixin, TemplateView):
    object_model = AttentionChannel
    permission_required = "portal.delete_attentionchannel"
    template_name = "portal/channel_confirm_delete.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["channel"] = self.get_object()
        return context

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        services.channel_delete(channel=self.get_object())
        messages.success(request, _("Canal de atención eliminado."))
        return redirect("portal:channel_list")
