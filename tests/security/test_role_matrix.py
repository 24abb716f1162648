"""Authorization matrix: every staff URL, a user of each role, against the rules table.

Two layers:

1. ``POLICY`` below is the explicit rules table: for every permission a staff view checks,
   the roles that hold it entity-wide. ``test_rules_match_the_policy_table`` fails when a
   rule grants or loses a role without this table being updated (a reviewed change).
2. ``test_role_matrix`` crawls every staff URL (the enumeration and object factories of
   ``tests/test_url_crawl.py``) with one user of each role of the URL's own entity (the area
   liaison of the object's area, when it has one) and checks that the answer matches the
   rules evaluated on the view's own permission object: allowed → neither 403 nor a login
   redirect nor 5xx; refused → 403 or 404. Views that compute their permission at run time
   (``get_permission_required``) are covered, and every permission they use must be in
   ``POLICY``. Users of another entity are refused everywhere: ``tests/test_url_crawl.py``.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.http import Http404, HttpResponse
from django.test import RequestFactory
from django.urls import include, path, resolve
from django.views import View

from cabildo.accounts.models import Role
from cabildo.accounts.predicates import area_id_of
from cabildo.accounts.selectors import clear_role_cache
from cabildo.core.mixins import StaffPermissionMixin
from cabildo.core.models import Area, EntityKind
from tests.factories import EntityFactory
from tests.test_url_crawl import (
    OWN_ENTITY_404_ALLOWED,
    ROLES,
    STAFF_LIST_URLS,
    STAFF_OBJECT_URLS,
    CrawledURL,
    _act_in,
    _is_login_redirect,
    _object_url_or_fail,
    _url,
)

pytestmark = pytest.mark.django_db

ADMIN = Role.ENTITY_ADMIN
LEAD = Role.PARTICIPATION_LEAD
LIAISON = Role.AREA_LIAISON
PLANNING = Role.PLANNING_OFFICE
CONTROL = Role.INTERNAL_CONTROL
VIEWER = Role.VIEWER
EVERYONE = {ADMIN, LEAD, LIAISON, PLANNING, CONTROL, VIEWER}

# Every permission of the rules registry → the roles that hold it on their entity (object
# rules may add the liaison of the object's area). Keep sorted; change only together with the
# rule, after review.
STAFF_READERS = {ADMIN, LEAD, LIAISON, PLANNING, CONTROL}

POLICY: dict[str, set[str]] = {
    "accountability.add_question": {ADMIN, LEAD},
    "accountability.add_strategy": {ADMIN, LEAD},
    "accountability.answer_question": {ADMIN, LEAD},
    "accountability.answer_veeduriaobservation": {ADMIN, LEAD},
    "accountability.change_dialoguespace": {ADMIN, LEAD},
    "accountability.change_improvementaction": {ADMIN, LEAD},
    "accountability.change_oversightitem": {ADMIN, LEAD},
    "accountability.change_strategy": {ADMIN, LEAD},
    "accountability.change_strategytask": {ADMIN, LEAD},
    "accountability.change_veeduria": {ADMIN, LEAD},
    "accountability.manage_council": {ADMIN, LEAD},  # on a concejo only: COUNCIL_ONLY
    "accountability.route_question": {ADMIN, LEAD},
    "accountability.view_council": STAFF_READERS,  # on a concejo only: COUNCIL_ONLY
    "accountability.view_dialoguespace": STAFF_READERS,
    "accountability.view_question": STAFF_READERS,
    "accountability.view_strategy": STAFF_READERS,
    "accountability.view_veeduria": STAFF_READERS,
    "accountability.view_year": STAFF_READERS | {VIEWER},
    "accounts.add_membership": {ADMIN},
    "accounts.change_invitation": {ADMIN},
    "accounts.delete_invitation": {ADMIN},
    "accounts.delete_membership": {ADMIN},
    "accounts.view_desk": EVERYONE,
    "accounts.view_membership": {ADMIN},
    "assessment.add_furagresult": {ADMIN, LEAD},
    "assessment.add_improvementplan": {ADMIN, LEAD},
    "assessment.add_selfassessment": {ADMIN, LEAD},
    "assessment.change_activityscore": {ADMIN, LEAD},
    "assessment.change_improvementaction": {ADMIN, LEAD},
    "assessment.change_improvementplan": {ADMIN, LEAD},
    "assessment.change_selfassessment": {ADMIN, LEAD},
    "assessment.close_selfassessment": {ADMIN, LEAD},
    "assessment.review_improvementaction": {CONTROL},
    "assessment.track_improvementaction": {ADMIN, LEAD},
    "assessment.view_activityscore": EVERYONE,
    "assessment.view_improvementaction": EVERYONE,
    "assessment.view_improvementplan": EVERYONE,
    "assessment.view_selfassessment": EVERYONE,
    "audit.view_accesslog": {ADMIN, CONTROL},
    "audit.view_activity": {ADMIN, CONTROL},
    "bodies.add_participationbody": {ADMIN, LEAD, LIAISON},
    "bodies.archive_participationbody": {ADMIN, LEAD},
    "bodies.change_bodycharacterization": {ADMIN, LEAD},
    "bodies.change_bodymember": {ADMIN, LEAD},
    "bodies.change_bodysession": {ADMIN, LEAD},
    "bodies.change_participationbody": {ADMIN, LEAD},
    "bodies.delete_bodycharacterization": {ADMIN, LEAD},
    "bodies.delete_bodymember": {ADMIN, LEAD},
    "bodies.delete_bodysession": {ADMIN, LEAD},
    "bodies.delete_participationbody": {ADMIN, LEAD},
    "bodies.export_matrix": EVERYONE,
    "bodies.import_matrix": {ADMIN, LEAD},
    "bodies.publish_participationbody": {ADMIN, LEAD},
    "bodies.view_bodycharacterization": EVERYONE,
    "bodies.view_bodymember": EVERYONE,
    "bodies.view_bodysession": EVERYONE,
    "bodies.view_overview": EVERYONE,
    "bodies.view_participationbody": EVERYONE,
    "core.add_area": {ADMIN},
    "core.change_area": {ADMIN},
    "core.change_entity": {ADMIN},
    "core.view_area": EVERYONE,
    "evaluation.add_goodpractice": {ADMIN, LEAD, PLANNING},
    "evaluation.add_indicator": {ADMIN, LEAD, PLANNING},
    "evaluation.add_measurement": {ADMIN, LEAD, PLANNING},
    "evaluation.add_reportfile": {ADMIN, LEAD, PLANNING, CONTROL, VIEWER},
    "evaluation.change_accountabilitystage": {ADMIN, LEAD, PLANNING},
    "evaluation.change_evaluation": {ADMIN, LEAD, PLANNING},
    "evaluation.change_goodpractice": {ADMIN, LEAD, PLANNING},
    "evaluation.change_indicator": {ADMIN, LEAD, PLANNING},
    "evaluation.view_dashboard": {ADMIN, LEAD, PLANNING, CONTROL, VIEWER},
    "evaluation.view_evaluation": {ADMIN, LEAD, PLANNING, CONTROL, VIEWER},
    "evaluation.view_goodpractice": {ADMIN, LEAD, PLANNING, CONTROL, VIEWER},
    "evaluation.view_indicator": {ADMIN, LEAD, PLANNING, CONTROL, VIEWER},
    "evaluation.view_reportfile": {ADMIN, LEAD, PLANNING, CONTROL, VIEWER},
    "execution.add_attendancesheet": {ADMIN, LEAD},
    "execution.add_commitment": {ADMIN, LEAD},
    "execution.add_contribution": {ADMIN, LEAD},
    "execution.add_convocation": {ADMIN, LEAD, LIAISON},
    "execution.add_event": {ADMIN, LEAD, LIAISON},
    "execution.add_registration": {ADMIN, LEAD},
    "execution.add_report": {ADMIN, LEAD},
    "execution.cancel_activity": {ADMIN, LEAD},
    "execution.change_commitment": {ADMIN, LEAD},
    "execution.change_contribution": {ADMIN, LEAD},
    "execution.change_convocation": {ADMIN, LEAD},
    "execution.change_event": {ADMIN, LEAD},
    "execution.change_report": {ADMIN, LEAD},
    "execution.review_report": {PLANNING},
    "execution.view_attendancesheet": {ADMIN, LEAD},
    "execution.view_commitment": {ADMIN, LEAD, LIAISON, PLANNING, CONTROL},
    "execution.view_contribution": {ADMIN, LEAD, LIAISON, PLANNING, CONTROL},
    "execution.view_convocation": {ADMIN, LEAD, LIAISON, PLANNING, CONTROL},
    "execution.view_event": {ADMIN, LEAD, LIAISON, PLANNING, CONTROL},
    "execution.view_registration": {ADMIN, LEAD},
    "execution.view_report": {ADMIN, LEAD, LIAISON, PLANNING, CONTROL},
    "exercises.add_diagnosis": {ADMIN, LEAD},
    "exercises.add_forum": {ADMIN, LEAD, LIAISON},
    "exercises.add_survey": {ADMIN, LEAD, LIAISON},
    "exercises.change_diagnosis": {ADMIN, LEAD},
    "exercises.change_forum": {ADMIN, LEAD},
    "exercises.change_forumcomment": {ADMIN, LEAD},
    "exercises.change_question": {ADMIN, LEAD},
    "exercises.change_survey": {ADMIN, LEAD},
    "exercises.view_characterization": EVERYONE,
    "exercises.view_diagnosis": EVERYONE,
    "exercises.view_forum": EVERYONE,
    "exercises.view_survey": EVERYONE,
    "plans.add_participationplan": {ADMIN, LEAD},
    "plans.add_plannedactivity": {ADMIN, LEAD, LIAISON},
    "plans.analyse_observation": {ADMIN, LEAD},
    "plans.assign_observation": {ADMIN, LEAD},
    "plans.change_participationplan": {ADMIN, LEAD},
    "plans.change_plannedactivity": {ADMIN, LEAD},
    "plans.import_participationplan": {ADMIN, LEAD},
    "plans.moderate_observation": {ADMIN, LEAD},
    "plans.transition_planversion": {ADMIN, LEAD},
    "plans.view_observation": {ADMIN, LEAD, LIAISON, PLANNING, CONTROL},
    "plans.view_participationplan": {ADMIN, LEAD, LIAISON, PLANNING, CONTROL, VIEWER},
    "policies.add_policy": {ADMIN, LEAD},
    "policies.answer_draftcomment": {ADMIN, LEAD},
    "policies.change_draft": {ADMIN, LEAD},
    "policies.change_planaction": {ADMIN, LEAD},
    "policies.change_policy": {ADMIN, LEAD},
    "policies.change_policystage": {ADMIN, LEAD},
    "policies.view_policy": {ADMIN, LEAD, LIAISON, PLANNING, CONTROL},
    "portal.add_attentionchannel": {ADMIN, LEAD},
    "portal.change_attentionchannel": {ADMIN, LEAD},
    "portal.delete_attentionchannel": {ADMIN, LEAD},
    "portal.view_attentionchannel": EVERYONE,
    "pqrs.add_petition": {ADMIN, LEAD, LIAISON},
    "pqrs.assign_petition": {ADMIN, LEAD},
    "pqrs.change_petition": {ADMIN, LEAD},
    "pqrs.change_pqrssettings": {ADMIN, LEAD},
    "pqrs.reopen_petition": {ADMIN, LEAD},
    "pqrs.transfer_petition": {ADMIN, LEAD},
    "pqrs.view_petition": {ADMIN, LEAD, PLANNING, CONTROL, VIEWER},
    "pqrs.view_petition_list": EVERYONE,
    "privacy.add_privacypolicy": {ADMIN},
    "privacy.manage_data_subjects": {ADMIN, CONTROL},
    "stakeholders.add_stakeholdergroup": {ADMIN, LEAD, LIAISON},
    "stakeholders.add_stakeholdertype": {ADMIN, LEAD},
    "stakeholders.change_stakeholdergroup": {ADMIN, LEAD, LIAISON},
    "stakeholders.change_stakeholdertype": {ADMIN, LEAD},
    "stakeholders.delete_stakeholdergroup": {ADMIN, LEAD},
    "stakeholders.export_matrix": EVERYONE,
    "stakeholders.import_matrix": {ADMIN, LEAD},
    "stakeholders.view_stakeholdergroup": EVERYONE,
    "stakeholders.view_stakeholdertype": EVERYONE,
    "territories.add_territory": {ADMIN, LEAD},
    "territories.change_territory": {ADMIN, LEAD},
    "territories.delete_territory": {ADMIN, LEAD},
    "territories.view_territory": EVERYONE,
    "workdays.add_closureday": {ADMIN},
    "workdays.change_closureday": {ADMIN},
    "workdays.delete_closureday": {ADMIN},
    "workdays.view_closureday": EVERYONE,
}

# Permissions that exist only on a concejo (Ley 1757 de 2015, arts. 57–59): the roles of POLICY
# hold them on a council; on any other kind of entity nobody does.
COUNCIL_ONLY = {"accountability.manage_council", "accountability.view_council"}


def _role_users(entity: Any, make_member: Any, area: Area | None) -> dict[str, Any]:
    users = {}
    for role in ROLES:
        liaison_area = area if role == LIAISON else None
        users[role] = make_member(role, entity, liaison_area)
    return users


def test_rules_match_the_policy_table(entity, make_member):
    from rules.permissions import permissions

    assert set(permissions.keys()) == set(POLICY), "a permission is missing from POLICY"
    assert entity.kind != EntityKind.COUNCIL
    council = EntityFactory(slug="concejo-a", name="Concejo A", kind=EntityKind.COUNCIL)
    users = _role_users(entity, make_member, None)
    council_users = _role_users(council, make_member, None)
    wrong = {}
    for perm, expected in POLICY.items():
        granted = {role for role, user in users.items() if user.has_perm(perm, entity)}
        on_entity = set() if perm in COUNCIL_ONLY else expected
        if granted != on_entity:
            wrong[perm] = {"table": sorted(on_entity), "rules": sorted(granted)}
        granted = {role for role, user in council_users.items() if user.has_perm(perm, council)}
        if granted != expected:
            wrong[f"{perm} (concejo)"] = {"table": sorted(expected), "rules": sorted(granted)}
    assert not wrong, f"rules differ from the POLICY table: {wrong}"


def _expected(crawled: CrawledURL, url: str, user: Any, entity: Any) -> tuple[bool | None, set]:
    """(allowed by the rules on the view's permission object, permissions checked)."""
    request = RequestFactory().get(url)
    request.user = user
    request.entity = entity
    request.session = {}
    match = resolve(url)
    # The view as the URL builds it (``as_view(creating=True)`` and the like).
    view = crawled.view_class(**getattr(match.func, "view_initkwargs", {}))
    view.setup(request, **match.kwargs)
    clear_role_cache(user)
    try:
        perms = set(view.get_permission_required())
        return view.has_permission(), perms
    except Http404:
        return None, set()  # the view itself hides the object: a 404 is expected


def _mismatches(crawled: CrawledURL, url: str, users: dict, entity: Any, client: Any) -> list:
    """Roles whose answer differs from what the rules allow."""
    mismatches = []
    for role, user in users.items():
        allowed, perms = _expected(crawled, url, user, entity)
        unknown = perms - POLICY.keys()
        assert not unknown, f"{crawled.name} checks {unknown}: add them to POLICY"
        _act_in(client, user, entity)
        response = client.get(url)
        status = response.status_code
        assert status < 500, f"{crawled.name}: GET {url} as {role} answered {status}"
        if allowed is None:
            ok = status == 404
        elif allowed:
            ok = (
                status != 403
                and not _is_login_redirect(response)
                and (status != 404 or crawled.name in OWN_ENTITY_404_ALLOWED)
            )
        else:
            ok = status in {403, 404}
        if not ok:
            mismatches.append(f"{role}: rules {'allow' if allowed else 'refuse'}, got {status}")
    return mismatches


MATRIX_URLS = STAFF_LIST_URLS + STAFF_OBJECT_URLS


@pytest.mark.parametrize("crawled", MATRIX_URLS, ids=[u.name for u in MATRIX_URLS])
def test_role_matrix(crawled, client, entity, make_member):
    if crawled in STAFF_OBJECT_URLS:
        target = _object_url_or_fail(crawled, entity, make_member)
        url, obj = target.url, target.obj
        area_id = area_id_of(obj)
        area = Area.objects.filter(pk=area_id).first() if area_id else None
    else:
        url, obj, area = _url(crawled), None, None
    users = _role_users(entity, make_member, area)
    mismatches = _mismatches(crawled, url, users, entity, client)
    assert not mismatches, f"{crawled.name} ({url}): " + "; ".join(mismatches)


def test_matrix_covers_every_staff_url():
    from tests.test_url_crawl import OBJECT_URL_ALLOW_LIST, STAFF_URLS

    covered = {u.name for u in MATRIX_URLS} | set(OBJECT_URL_ALLOW_LIST)
    assert {u.name for u in STAFF_URLS} <= covered
    assert len(MATRIX_URLS) > 100  # the crawl found the project's URLs, not an empty list


# --- The matrix catches a view that skips its permission: served only in this test ---------


class _SkipsItsCheckView(StaffPermissionMixin, View):
    """Declares the administrators-only permission, then answers everyone."""

    permission_required = "accounts.view_membership"

    def dispatch(self, request: Any, *args: Any, **kwargs: Any) -> HttpResponse:
        return HttpResponse("lista de usuarios")


urlpatterns = [  # used only through @pytest.mark.urls below
    path("sin-control/", _SkipsItsCheckView.as_view(), name="skips_check"),
    path("cuentas/", include("cabildo.accounts.urls")),
]


@pytest.mark.urls("tests.security.test_role_matrix")
def test_matrix_catches_a_view_that_skips_its_permission(client, entity, make_member):
    crawled = CrawledURL("skips_check", "sin-control/", _SkipsItsCheckView, {})
    users = _role_users(entity, make_member, None)
    found = _mismatches(crawled, "/sin-control/", users, entity, client)
    assert sorted(m.split(":")[0] for m in found) == sorted(
        [LEAD, LIAISON, PLANNING, CONTROL, VIEWER]
    )
