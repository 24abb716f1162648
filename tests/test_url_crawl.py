"""Cross-entity URL crawl: every URL of the project, checked for tenancy and permissions.

The crawl enumerates the project's URL patterns (recursively, from ``get_resolver()``), so a
URL added by any app is covered automatically. Views are classified by their class:

* **staff view**: a class-based view with ``cabildo.core.mixins.StaffPermissionMixin`` in
  its MRO (see ``docs/conventions.md``);
* **public view**: everything else, except the technical admin (``admin-tecnico``), the
  POST-only language switch and the API schema/docs (tested in ``tests/api``).

Rules checked:

1. Every staff URL: an anonymous GET is redirected to the login page (URL kwargs get
   placeholder values: login comes before any lookup).
2. Staff URLs without kwargs: a user whose roles are ONLY in entity B, acting in entity A
   (on entity A's URLs), gets 403 or 404 on GET and on POST.
3. Staff URLs with kwargs (object URLs): an object of entity B is created with the factory of
   the view's model (discovered in ``tests/factories.py`` and ``tests/*/factories.py``, called
   with only ``entity=``); then a user of entity A with each role gets 403 or 404 on GET and on
   POST, and the object is neither deleted nor changed (no new history record). The positive
   control: entity B's administrator acting in B never gets 404 or 5xx on GET.
   How kwargs are filled (the generic rule):
   - ``pk`` (int): the primary key of the object of the view's model (``view.model`` or
     ``view.queryset.model``);
   - ``<name>_pk`` / ``<name>_id`` (int): the object's foreign key ``<name>`` if the view's
     model has one; otherwise a new object of the unique model whose ``model_name`` is
     ``<name>`` (created with its factory for entity B).
   Any other shape fails loudly: follow the convention, or add the URL name to
   ``OBJECT_URL_ALLOW_LIST`` with the reason and where the URL is tested instead.
4. Public URLs whose only kwarg is an int ``pk``: an anonymous visitor of entity A's portal
   asking for an object of entity B gets 403 or 404 (the model comes from the view, or from
   ``OBJECT_MODELS`` for function views). API object URLs (DRF views with a ``pk``) are
   also checked with a logged-in user of each role of entity A: 403 or 404.
5. Every public URL without kwargs: an anonymous GET never answers 5xx, and never redirects
   to the login page (a view that needs login but lacks ``StaffPermissionMixin`` would escape
   rules 1-4).
"""

from __future__ import annotations

import functools
import importlib
import pkgutil
import re
import typing
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import factory
import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.http import HttpResponse
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, include, path, reverse
from django.urls.converters import (
    IntConverter,
    PathConverter,
    SlugConverter,
    StringConverter,
    UUIDConverter,
)
from django.urls.resolvers import RoutePattern
from django.views import View
from rest_framework.views import APIView

from cabildo.accounts.models import Membership, Role
from cabildo.core.mixins import StaffPermissionMixin
from cabildo.core.models import Area, Entity
from tests.factories import AreaFactory, MembershipFactory

# --- Allow-lists: every entry needs a reason (a test checks each names a real URL). -----------

# Staff URLs whose kwargs cannot be filled by the generic rule above.
OBJECT_URL_ALLOW_LIST: dict[str, str] = {
    "plans:import_preview": (
        "The old address of a plan import's preview, kept for old links: the plan now imports "
        "through the shared engine (matrices:preview, crawled), and <pk> named an import model "
        "that no longer exists. It redirects to the version's import page, and answers 404 for "
        "another entity's version. Tested in tests/plans/test_matrix.py (TestPreviewViews)."
    ),
}

# Staff object URLs that answer 404 even to the object's own entity administrator for the
# object the factory builds (so the crawl's positive control cannot pass).
OWN_ENTITY_404_ALLOWED: dict[str, str] = {
    "policies:public_diff": (
        "The changes of a version against the previous one: 404 for a first version, which is "
        "what the factory builds. Shown in tests/policies/test_views.py (version two's diff)."
    ),
    "policies:public_report": (
        "The informe de observaciones: 404 until it is published, and the factory publishes "
        "none. Shown in tests/policies/test_views.py. The draft's page is crawled."
    ),
    "policies:public_report_pdf": (
        "The informe de observaciones' PDF: 404 until the report is published (see "
        "policies:public_report)."
    ),
    "accountability:public_report_pdf": (
        "The published report's PDF: 404 while the dialogue space has no PDF, and the factory "
        "uploads none. The public page of the same space is crawled (accountability:public_space)."
    ),
    "matrices:preview": (
        "A pending import of a matrix is shown only to the official who uploaded it (404 for "
        "everyone else, in its entity too); the factory's import has no uploader. Tested in "
        "tests/matrices/test_engine.py (test_views_upload_preview_confirm)."
    ),
    "pqrs:track_letter": (
        "The PDF of an answer letter is served only to the visitor who has just looked up its "
        "petition with the radicado and the tracking code (held in the session, for a few "
        "minutes); a crawl without that lookup gets 404 on every portal. Tested in "
        "tests/pqrs/test_letters.py (the lookup, the download, another petition's and another "
        "entity's letter refused)."
    ),
    "bodies:public_minutes": (
        "Public download of a session's minutes: 404 when the session has no file, and the "
        "factory builds none. Tested with a file in tests/bodies."
    ),
    "bodies:session_minutes": (
        "Downloads the minutes file: 404 when the session has none, and the factory builds "
        "sessions without a file. The view filters by entity first (for_entity); its download "
        "is tested in tests/bodies."
    ),
}

# Views that need login on purpose without a role check (rule 4 would flag them).
LOGIN_ONLY_URLS: dict[str, str] = {
    "accounts:index": (
        "The bare /cuentas/ address: a redirect to Mi escritorio for a signed-in user, to the "
        "login page otherwise (tests/core/test_section_index.py); it shows nothing itself."
    ),
    "accounts:desk": (
        "Mi escritorio: every logged-in user may open it (to switch entity); the desk sections "
        "are shown only with a role in the request's entity (test_desk_of_other_entity_user)."
    ),
    "accounts:two_factor": (
        "The user's own second factor (no entity data); tested in tests/accounts/test_two_factor."
    ),
    "accounts:two_factor_setup": (
        "Second step of the login for roles that must use two factors; tests/accounts."
    ),
    "accounts:two_factor_verify": ("Second step of the login (code); tests/accounts."),
}

# Object URLs whose view does not name its model (function views, plain DRF APIViews):
# URL name → model label.
OBJECT_MODELS: dict[str, str] = {
    "bodies:public_detail": "bodies.ParticipationBody",
    "bodies:public_minutes": "bodies.BodySession",
    "api:pqrs:pqrs_staff_detail": "pqrs.Petition",
    "pqrs:track_letter": "pqrs.OutgoingDocument",
}

# URLs outside the crawl entirely.
EXCLUDED_NAMESPACES = {"admin"}  # the technical Django admin (``admin-tecnico``), superusers only
EXCLUDED_PUBLIC_URLS: dict[str, str] = {
    "set_language": "Django's language switch; POST only, GET is a plain redirect.",
    "api:schema": "Tested in tests/api/test_api.py (valid OpenAPI 3).",
    "api:docs": "Tested in tests/api (Swagger UI, CSP).",
}

ROLES = [
    Role.ENTITY_ADMIN,
    Role.PARTICIPATION_LEAD,
    Role.AREA_LIAISON,
    Role.PLANNING_OFFICE,
    Role.INTERNAL_CONTROL,
    Role.VIEWER,
]
DENIED = {403, 404}


# --- URL enumeration --------------------------------------------------------------------------


@dataclass(frozen=True)
class CrawledURL:
    name: str  # "namespace:name" (or "<unnamed route>")
    route: str
    view_class: type | None
    kwargs: dict[str, Any] = field(default_factory=dict)  # kwarg name -> converter
    named: bool = True

    @property
    def is_staff(self) -> bool:
        return self.view_class is not None and issubclass(self.view_class, StaffPermissionMixin)

    def __str__(self) -> str:
        return self.name


def _converters(pattern: Any) -> dict[str, Any]:
    if isinstance(pattern, RoutePattern):
        return dict(pattern.converters)
    # Regex pattern: every named group is a string kwarg.
    return {name: StringConverter() for name in pattern.regex.groupindex}


def _walk(
    patterns: list[Any], namespaces: tuple[str, ...] = (), prefix: str = "", kwargs: Any = None
) -> Iterator[CrawledURL]:
    kwargs = kwargs or {}
    for entry in patterns:
        found = {**kwargs, **_converters(entry.pattern)}
        if isinstance(entry, URLResolver):
            if entry.namespace in EXCLUDED_NAMESPACES:
                continue
            namespace = (*namespaces, entry.namespace) if entry.namespace else namespaces
            yield from _walk(entry.url_patterns, namespace, prefix + str(entry.pattern), found)
        elif isinstance(entry, URLPattern):
            callback = entry.callback
            view_class = getattr(callback, "view_class", None) or getattr(callback, "cls", None)
            route = prefix + str(entry.pattern)
            name = ":".join((*namespaces, entry.name)) if entry.name else f"<unnamed {route}>"
            yield CrawledURL(name, route, view_class, found, named=bool(entry.name))


def _all_urls() -> list[CrawledURL]:
    seen: dict[str, CrawledURL] = {}
    for url in _walk(get_resolver().url_patterns):
        # Several routes may share a name (reverse() picks the last one); keep the first route
        # of each name with its kwargs shape, and the others as separate cases.
        key = url.name if url.name not in seen else f"{url.name} ({url.route})"
        seen[key] = url
    return list(seen.values())


ALL_URLS = _all_urls()
STAFF_URLS = [u for u in ALL_URLS if u.is_staff]
STAFF_LIST_URLS = [u for u in STAFF_URLS if not u.kwargs]
STAFF_OBJECT_URLS = [u for u in STAFF_URLS if u.kwargs and u.name not in OBJECT_URL_ALLOW_LIST]
PUBLIC_URLS = [
    u for u in ALL_URLS if not u.is_staff and not u.kwargs and u.name not in EXCLUDED_PUBLIC_URLS
]

PUBLIC_OBJECT_URLS = [
    u
    for u in ALL_URLS
    if not u.is_staff
    and set(u.kwargs) == {"pk"}
    and isinstance(u.kwargs["pk"], IntConverter)
    and u.name not in EXCLUDED_PUBLIC_URLS
]

API_OBJECT_URLS = [
    u for u in PUBLIC_OBJECT_URLS if u.view_class and issubclass(u.view_class, APIView)
]


def _ids(urls: list[CrawledURL]) -> list[str]:
    return [u.name for u in urls]


def _placeholder(converter: Any) -> Any:
    if isinstance(converter, IntConverter):
        return 987654
    if isinstance(converter, UUIDConverter):
        return uuid.UUID(int=1)
    if isinstance(converter, (SlugConverter, StringConverter, PathConverter)):
        return "x"
    raise LookupError(
        f"unknown URL converter {type(converter).__name__}: teach tests/test_url_crawl.py "
        "a placeholder value for it"
    )


def _url(crawled: CrawledURL, kwargs: dict[str, Any] | None = None) -> str:
    if not crawled.named:
        pytest.fail(f"Staff and public URLs must be named: {crawled.route!r} has no name.")
    if kwargs is None:
        kwargs = {key: _placeholder(conv) for key, conv in crawled.kwargs.items()}
    if crawled.name.endswith(")"):  # a second route sharing a name: build it by hand
        return "/" + re.sub(r"<(?:\w+:)?(\w+)>", lambda m: str(kwargs[m.group(1)]), crawled.route)
    return reverse(crawled.name, kwargs=kwargs or None)


# --- Factories --------------------------------------------------------------------------------


def _factory_modules() -> list[str]:
    tests_dir = Path(__file__).resolve().parent
    names = ["tests.factories"]
    for info in pkgutil.iter_modules([str(tests_dir)]):
        if info.ispkg and (tests_dir / info.name / "factories.py").exists():
            names.append(f"tests.{info.name}.factories")
    return names


def factories_by_model() -> dict[type[models.Model], type[factory.django.DjangoModelFactory]]:
    """``factory._meta.model`` → factory, from every ``factories.py`` under ``tests/``.

    When several factories build the same model, the one named ``<Model>Factory`` wins.
    """
    found: dict[type[models.Model], type[factory.django.DjangoModelFactory]] = {}
    for module_name in _factory_modules():
        module = importlib.import_module(module_name)
        for value in vars(module).values():
            if not (
                isinstance(value, type)
                and issubclass(value, factory.django.DjangoModelFactory)
                and value.__module__ == module.__name__
            ):
                continue
            model = value._meta.model
            if model is None or isinstance(model, str):
                continue
            model = apps.get_model(model) if isinstance(model, str) else model
            if model not in found or value.__name__ == f"{model.__name__}Factory":
                found[model] = value
    return found


def _view_model(view_class: type) -> type[models.Model] | None:
    """``view.object_model`` (``EntityObjectMixin``), ``view.model``, ``view.queryset.model``,
    or the return annotation of ``get_object``."""
    model = getattr(view_class, "object_model", None) or getattr(view_class, "model", None)
    if model is None:
        model = getattr(getattr(view_class, "queryset", None), "model", None)
    if model is None:
        # The first ``get_object`` in the MRO annotated with a model (mixins such as
        # StaffPermissionMixin define an unannotated one that delegates to ``super()``).
        for klass in view_class.__mro__:
            getter = vars(klass).get("get_object")
            if getter is None:
                continue
            try:
                hinted = typing.get_type_hints(getter).get("return")
            except Exception:
                hinted = None
            if isinstance(hinted, type) and issubclass(hinted, models.Model):
                model = hinted
                break
    return model


class UnknownShape(Exception):
    """The crawl cannot fill this URL's kwargs generically."""


@dataclass
class ObjectURL:
    url: str
    obj: models.Model  # the object of entity B the URL points to
    own_entity_status: int  # GET by entity B's administrator acting in B


@functools.cache
def factories_by_model_cached() -> dict[Any, Any]:
    return factories_by_model()


def _create(model: type[models.Model], entity: Any, why: str) -> models.Model:
    factory_class = factories_by_model_cached().get(model)
    if factory_class is None:
        raise UnknownShape(
            f"no factory for {model._meta.label} ({why}). Add a factory-boy factory for it in "
            "tests/<app>/factories.py that works with only entity= given"
        )
    try:
        return factory_class(entity=entity)
    except Exception as exc:
        raise UnknownShape(
            f"{factory_class.__module__}.{factory_class.__name__}(entity=...) failed: {exc!r}. "
            "Every model reachable by a staff URL needs a factory that works with only entity="
        ) from exc


def _model_named(name: str) -> type[models.Model] | None:
    candidates = [
        m
        for m in apps.get_models()
        if m._meta.model_name == name.replace("_", "") and m.__module__.startswith("cabildo.")
    ]
    return candidates[0] if len(candidates) == 1 else None


def _parents(obj: models.Model) -> list[models.Model]:
    """The objects ``obj`` points to by foreign key (``pk`` of "create under parent" URLs)."""
    parents = []
    for field_ in obj._meta.fields:
        if (
            field_.many_to_one
            and field_.related_model not in (Entity, get_user_model())
            and getattr(obj, field_.attname) is not None
        ):
            parents.append(getattr(obj, field_.name))
    return parents


def build_object_url(crawled: CrawledURL, entity: Any, probe: Callable[[str], int]) -> ObjectURL:
    """Create the objects of ``entity`` that ``crawled`` needs and reverse its URL.

    ``probe(url)`` answers the status for entity ``entity``'s own administrator: with a lone
    ``pk`` kwarg, the object of the view's model is tried first, then the objects it points to
    by foreign key (``pk`` of "create a row under this parent" URLs); the first that answers
    something other than 404 is the URL's object.
    """
    assert crawled.view_class is not None
    model = _view_model(crawled.view_class)
    if model is None:
        raise UnknownShape(
            f"{crawled.view_class.__name__} has no `model` (nor `queryset`, nor a `get_object` "
            "return annotation), so the crawl cannot know which object its URL points to. "
            "Set `model = <Model>` on the view"
        )
    obj = _create(model, entity, f"model of {crawled.view_class.__name__}")
    if set(crawled.kwargs) == {"pk"} and isinstance(crawled.kwargs["pk"], IntConverter):
        for candidate in [obj, *_parents(obj)]:
            url = _url(crawled, {"pk": candidate.pk})
            status = probe(url)
            if status != 404:
                return ObjectURL(url, candidate, status)
        return ObjectURL(_url(crawled, {"pk": obj.pk}), obj, 404)
    values: dict[str, Any] = {}
    for name, converter in crawled.kwargs.items():
        if not isinstance(converter, IntConverter):
            raise UnknownShape(f"kwarg <{name}> is not an int")
        if name == "pk":
            values[name] = obj.pk
            continue
        if name.endswith(("_pk", "_id")):
            field_name = name[:-3]
            if _has_fk(model, field_name) and getattr(obj, f"{field_name}_id") is not None:
                values[name] = getattr(obj, f"{field_name}_id")
                continue
            if _has_fk(model, field_name):  # null on the built object: build the parent
                related = model._meta.get_field(field_name).related_model
                values[name] = _create(related, entity, f"kwarg <{name}>").pk
                continue
            target = _model_named(field_name)
            if target is not None:
                values[name] = _create(target, entity, f"kwarg <{name}>").pk
                continue
        raise UnknownShape(
            f"kwarg <{name}> has no generic meaning (use `pk`, or `<fk>_pk` naming a foreign key "
            "of the view's model or a model of that name)"
        )
    url = _url(crawled, values)
    return ObjectURL(url, obj, probe(url))


def _has_fk(model: type[models.Model], name: str) -> bool:
    try:
        field_ = model._meta.get_field(name)
    except FieldDoesNotExist:
        return False
    return bool(field_.many_to_one)


def _history_count(obj: models.Model) -> int | None:
    history = getattr(obj, "history", None)
    return None if history is None else history.count()


# --- Helpers ----------------------------------------------------------------------------------


def _is_login_redirect(response: Any) -> bool:
    return response.status_code == 302 and response["Location"].startswith(
        reverse("accounts:login")
    )


def _act_in(client: Any, user: Any, entity: Any) -> Any:
    client.force_login(user)
    client.entity = entity
    return client


def _user_with_every_role(entity: Any, make_member: Any) -> Any:
    """One user holding all six roles in ``entity`` (area liaison of a new area)."""
    user = make_member(Role.ENTITY_ADMIN, entity)
    for role in ROLES[1:]:
        area = AreaFactory(entity=entity) if role == Role.AREA_LIAISON else None
        MembershipFactory(user=user, entity=entity, role=role, area=area)
    return user


def _object_url_or_fail(crawled: CrawledURL, entity: Any, make_member: Any) -> ObjectURL:
    """The URL of an object of ``entity``, checked reachable by ``entity``'s own administrator
    (the positive control: without it a 404 for other entities would prove nothing)."""
    owner = Client()
    _act_in(owner, make_member(Role.ENTITY_ADMIN, entity), entity)
    try:
        target = build_object_url(crawled, entity, lambda url: owner.get(url).status_code)
    except UnknownShape as exc:
        pytest.fail(
            f"{crawled.name} ({crawled.route}): {exc}. Fix it, or add the URL name to "
            "OBJECT_URL_ALLOW_LIST in tests/test_url_crawl.py with the reason and where the "
            "URL is tested instead."
        )
    if target.own_entity_status == 404 and crawled.name not in OWN_ENTITY_404_ALLOWED:
        pytest.fail(
            f"{crawled.name}: GET {target.url} by the administrator of the object's own entity "
            "answered 404, so the cross-entity check would prove nothing. Make the factory build "
            "an object this view serves, or add the URL name to OWN_ENTITY_404_ALLOWED with "
            "the reason."
        )
    assert target.own_entity_status < 500, f"{crawled.name}: own entity got 5xx"
    return target


# --- Tests ------------------------------------------------------------------------------------


def test_crawl_finds_the_known_urls():
    names = {u.name for u in ALL_URLS}
    assert {"core:area_list", "core:area_update", "audit:activity", "healthz"} <= names
    assert {"core:area_list", "core:area_update", "audit:activity"} <= set(_ids(STAFF_URLS))
    assert "core:home" in _ids(PUBLIC_URLS)
    assert not any(u.route.startswith("admin-tecnico/") for u in ALL_URLS)


def test_allow_lists_name_real_urls_and_give_reasons():
    names = {u.name for u in ALL_URLS}
    for allow_list in (
        OBJECT_MODELS,
        OBJECT_URL_ALLOW_LIST,
        OWN_ENTITY_404_ALLOWED,
        EXCLUDED_PUBLIC_URLS,
        LOGIN_ONLY_URLS,
    ):
        for name, reason in allow_list.items():
            assert name in names, f"stale allow-list entry {name!r}: no such URL"
            assert reason.strip(), f"allow-list entry {name!r} needs a reason"


@pytest.mark.parametrize("crawled", STAFF_URLS, ids=_ids(STAFF_URLS))
def test_staff_url_redirects_anonymous_to_login(crawled, client, entity):
    url = _url(crawled)
    response = client.get(url)
    assert _is_login_redirect(response), (
        f"{crawled.name}: anonymous GET {url} answered {response.status_code}, "
        "expected a redirect to the login page"
    )


@pytest.mark.parametrize("crawled", STAFF_LIST_URLS, ids=_ids(STAFF_LIST_URLS))
def test_staff_url_denies_member_of_other_entity(
    crawled, client, entity, other_entity, make_member
):
    url = _url(crawled)
    # Every role, but in entity B only; the request acts in entity A.
    _act_in(client, _user_with_every_role(other_entity, make_member), entity)
    for method in ("get", "post"):
        response = getattr(client, method)(url)
        assert response.status_code in DENIED, (
            f"{crawled.name}: {method.upper()} {url} by a user holding every role in entity B, "
            f"acting in entity A, answered {response.status_code}; expected 403 or 404"
        )


@pytest.mark.parametrize("crawled", STAFF_OBJECT_URLS, ids=_ids(STAFF_OBJECT_URLS))
def test_staff_object_url_denies_every_role_of_other_entity(
    crawled, client, entity, other_entity, make_member
):
    target = _object_url_or_fail(crawled, other_entity, make_member)
    _assert_object_denied(crawled.name, target, client, entity, make_member)


def _assert_object_denied(
    name: str, target: ObjectURL, client: Any, entity: Any, make_member: Any
) -> None:
    """Anonymous → login; a user holding every role of ``entity`` → 403/404 on GET and POST,
    object intact.

    One user with all six roles stands for each of them: a permission is a union of role
    predicates with no negation (``test_a_user_with_every_role_has_every_role_s_permissions``),
    so whatever any one role may open, this user may too; the role-by-role answers inside an
    entity are ``tests/security/test_role_matrix.py``'s."""
    obj = target.obj
    history_before = _history_count(obj)
    client.logout()
    assert _is_login_redirect(client.get(target.url)), f"{name}: anonymous not redirected"
    _act_in(client, _user_with_every_role(entity, make_member), entity)
    for method in ("get", "post"):
        response = getattr(client, method)(target.url)
        assert response.status_code in DENIED, (
            f"{name}: {method.upper()} {target.url} (an object of entity B) by a user holding "
            f"every role of entity A answered {response.status_code}; expected 403 or 404"
        )
    assert type(obj)._default_manager.filter(pk=obj.pk).exists(), (
        f"{name}: a member of entity A deleted an object of entity B"
    )
    assert _history_count(obj) == history_before, (
        f"{name}: a member of entity A changed an object of entity B"
    )


def test_a_user_with_every_role_has_every_role_s_permissions(entity, make_member):
    """What the crawl's one user with every role stands on: no permission is lost by holding
    more roles (every rule is a union of role predicates), on the entity and on an area's row."""
    import rules

    area = AreaFactory(entity=entity)
    row = SimpleNamespace(entity_id=entity.pk, area_id=area.pk)
    union = _user_with_every_role(entity, make_member)
    MembershipFactory(user=union, entity=entity, role=Role.AREA_LIAISON, area=area)
    singles = [make_member(role, entity) for role in ROLES if role != Role.AREA_LIAISON]
    liaison = make_member(Role.AREA_LIAISON, entity)
    MembershipFactory(user=liaison, entity=entity, role=Role.AREA_LIAISON, area=area)
    names = sorted(rules.permissions.permissions)
    assert len(names) > 50  # the apps' rules are loaded
    for perm in names:
        for obj in (entity, row):
            if any(rules.has_perm(perm, user, obj) for user in [*singles, liaison]):
                assert rules.has_perm(perm, union, obj), f"{perm} lost by holding every role"


# --- The crawl catches a leak: a deliberately unscoped view, served only in this test -----------


class _LeakyAreaView(StaffPermissionMixin, View):
    """Checks the permission on the entity, then reads the area WITHOUT scoping it."""

    permission_required = "core.view_area"
    model = Area

    def get_permission_object(self) -> Any:
        return self.request.entity

    def get(self, request: Any, pk: int) -> HttpResponse:
        return HttpResponse(Area.objects.get(pk=pk).name)

    def post(self, request: Any, pk: int) -> HttpResponse:
        area = Area.objects.get(pk=pk)
        area.name = "Renombrada por otra entidad"
        area.save()
        return HttpResponse("ok")


class _NestedView(StaffPermissionMixin, View):
    permission_required = "core.view_area"
    model = Membership

    def get(self, request: Any, **kwargs: Any) -> HttpResponse:
        return HttpResponse("")


class _AreaChildView(_NestedView):
    model = Area


urlpatterns = [  # used only through @pytest.mark.urls below
    path("fuga/<int:pk>/", _LeakyAreaView.as_view(), name="leaky_area"),
    path("anidada/<int:area_pk>/<int:pk>/", _NestedView.as_view(), name="nested"),
    path("por-nombre/<int:membership_id>/", _AreaChildView.as_view(), name="by_model_name"),
    path("rara/<slug:code>/", _NestedView.as_view(), name="odd"),
    path("cuentas/", include("cabildo.accounts.urls")),
]


@pytest.mark.urls("tests.test_url_crawl")
def test_crawl_catches_an_unscoped_view(client, entity, other_entity, make_member):
    crawled = CrawledURL("leaky_area", "fuga/<int:pk>/", _LeakyAreaView, {"pk": IntConverter()})
    target = build_object_url(crawled, other_entity, probe=lambda url: 200)
    assert target.obj.entity == other_entity
    leaked = "by a user holding every role of entity A answered 200"
    with pytest.raises(AssertionError, match=leaked):
        _assert_object_denied(crawled.name, target, client, entity, make_member)


@pytest.mark.parametrize("crawled", PUBLIC_URLS, ids=_ids(PUBLIC_URLS))
def test_public_url_never_answers_5xx(crawled, client, entity, other_entity):
    url = _url(crawled)
    response = client.get(url)
    assert response.status_code < 500, f"{crawled.name}: GET {url} answered {response.status_code}"


@pytest.mark.parametrize("crawled", PUBLIC_URLS, ids=_ids(PUBLIC_URLS))
def test_login_protected_views_are_staff_views(crawled, client, entity):
    url = _url(crawled)
    response = client.get(url)
    assert crawled.name in LOGIN_ONLY_URLS or not _is_login_redirect(response), (
        f"{crawled.name}: GET {url} requires login but its view does not use "
        "StaffPermissionMixin, so the cross-entity crawl cannot check it"
    )


def test_desk_of_other_entity_user_shows_no_sections(client, entity, other_entity, make_member):
    """The one login-only staff page: a user of entity B acting in A sees no desk section."""
    _act_in(client, _user_with_every_role(other_entity, make_member), entity)
    response = client.get(reverse("accounts:desk"))
    assert response.status_code == 200
    assert response.context["sections"] == []


def _object_model(crawled: CrawledURL) -> type[models.Model] | None:
    if crawled.name in OBJECT_MODELS:
        return apps.get_model(OBJECT_MODELS[crawled.name])
    if crawled.view_class is None:
        return None
    model = _view_model(crawled.view_class)
    serializer = getattr(crawled.view_class, "serializer_class", None)
    if model is None and serializer is not None:
        model = getattr(getattr(serializer, "Meta", None), "model", None)
    return model


@pytest.mark.parametrize("crawled", API_OBJECT_URLS, ids=_ids(API_OBJECT_URLS))
def test_api_object_of_other_entity_denied_to_every_role(
    crawled, client, entity, other_entity, make_member
):
    model = _object_model(crawled)
    if model is None:
        pytest.fail(
            f"{crawled.name} ({crawled.route}): cannot tell which model its pk points to. Set "
            "`queryset`/`serializer_class` on the view, or add the URL name to OBJECT_MODELS."
        )
    try:
        obj = _create(model, other_entity, f"API URL {crawled.name}")
    except UnknownShape as exc:
        pytest.fail(f"{crawled.name}: {exc}")
    url = _url(crawled, {"pk": obj.pk})
    history_before = _history_count(obj)
    for role in ROLES:
        _act_in(client, make_member(role, entity), entity)
        for method in ("get", "post", "put", "patch", "delete"):
            response = getattr(client, method)(url, content_type="application/json")
            assert response.status_code in DENIED | {405}, (
                f"{crawled.name}: {method.upper()} {url} (an object of entity B) by a {role} of "
                f"entity A answered {response.status_code}; expected 403, 404 or 405"
            )
    assert type(obj)._default_manager.filter(pk=obj.pk).exists()
    assert _history_count(obj) == history_before
    # Positive control: entity B's administrator acting in B reaches the object.
    _act_in(client, make_member(Role.ENTITY_ADMIN, other_entity), other_entity)
    own = client.get(url).status_code
    assert own != 404 or crawled.name in OWN_ENTITY_404_ALLOWED, (
        f"{crawled.name}: GET {url} by the object's own administrator answered 404, so the "
        "check above proves nothing."
    )


@pytest.mark.parametrize("crawled", PUBLIC_OBJECT_URLS, ids=_ids(PUBLIC_OBJECT_URLS))
def test_public_object_of_other_entity_is_not_shown(crawled, client, entity, other_entity):
    model = _object_model(crawled)
    if model is None:
        pytest.fail(
            f"{crawled.name} ({crawled.route}): cannot tell which model its pk points to. Set "
            "`model` on the view, or add the URL name to OBJECT_MODELS."
        )
    try:
        obj = _create(model, other_entity, f"public URL {crawled.name}")
    except UnknownShape as exc:
        pytest.fail(f"{crawled.name}: {exc}")
    url = _url(crawled, {"pk": obj.pk})
    client.entity = entity
    response = client.get(url)
    assert response.status_code in DENIED, (
        f"{crawled.name}: GET {url} (an object of entity B) on entity A's portal answered "
        f"{response.status_code}; expected 403 or 404"
    )
    # Positive control: on entity B's own portal the same URL is not a 404.
    client.entity = other_entity
    own = client.get(url).status_code
    assert own != 404 or crawled.name in OWN_ENTITY_404_ALLOWED, (
        f"{crawled.name}: GET {url} on the object's own portal answered 404, so the check "
        "above proves nothing. Make the factory build an object this view shows, or add the "
        "URL name to OWN_ENTITY_404_ALLOWED with the reason."
    )


@pytest.mark.urls("tests.test_url_crawl")
def test_generic_kwargs_rule(entity):
    def crawled(name: str, kwargs: dict[str, Any]) -> CrawledURL:
        return CrawledURL(name, "", _NestedView, kwargs)

    # <fk>_pk: the view model's foreign key (built when the factory leaves it empty).
    target = build_object_url(
        crawled("nested", {"area_pk": IntConverter(), "pk": IntConverter()}), entity, lambda u: 200
    )
    assert isinstance(target.obj, Membership) and target.obj.entity == entity
    area_pk = int(target.url.strip("/").split("/")[1])
    assert Area.objects.get(pk=area_pk).entity == entity
    # <name>_id naming a model (not a foreign key of the view's model, here Area).
    target = build_object_url(
        CrawledURL("by_model_name", "", _AreaChildView, {"membership_id": IntConverter()}),
        entity,
        lambda u: 200,
    )
    membership = Membership.objects.get(pk=int(target.url.strip("/").split("/")[1]))
    assert membership.entity == entity
    # Anything else fails loudly.
    with pytest.raises(UnknownShape, match="not an int"):
        build_object_url(crawled("odd", {"code": SlugConverter()}), entity, lambda u: 200)
