"""Permissions of the autodiagnóstico and the improvement plan.

The participation lead and the entity admin edit; internal control reviews the
effectiveness of finished actions; every member reads. The person responsible for an
action reports its progress and evidence.
"""

from __future__ import annotations

from typing import Any

import rules
from django.contrib.auth.models import AnonymousUser

from cabildo.accounts.models import User
from cabildo.accounts.predicates import is_internal_control, is_member, manages_entity


@rules.predicate
def is_action_responsible(user: User | AnonymousUser, obj: Any = None) -> bool:
    return (
        obj is not None
        and getattr(obj, "responsible_id", None) is not None
        and obj.responsible_id == getattr(user, "pk", None)
        and is_member(user, obj)
    )


rules.add_perm("assessment.view_selfassessment", is_member)
rules.add_perm("assessment.add_selfassessment", manages_entity)
rules.add_perm("assessment.change_selfassessment", manages_entity)
rules.add_perm("assessment.close_selfassessment", manages_entity)
rules.add_perm("assessment.view_activityscore", is_member)
rules.add_perm("assessment.change_activityscore", manages_entity)
rules.add_perm("assessment.add_furagresult", manages_entity)
rules.add_perm("assessment.view_improvementplan", is_member)
rules.add_perm("assessment.add_improvementplan", manages_entity)
rules.add_perm("assessment.change_improvementplan", manages_entity)
rules.add_perm("assessment.view_improvementaction", is_member)
rules.add_perm("assessment.change_improvementaction", manages_entity)
rules.add_perm("assessment.track_improvementaction", manages_entity | is_action_responsible)
rules.add_perm("assessment.review_improvementaction", is_internal_control)
