"""Permissions of the policy cycle.

The participation lead and the entity admin run policies, drafts and the plan operativo; the
liaison of the policy's area answers the comments and follows up the actions it owns; planning
office and internal control read everything.
"""

import rules

from cabildo.accounts.predicates import (
    is_area_liaison,
    is_internal_control,
    is_liaison_of_object_area,
    is_planning_office,
    manages_entity,
)

reads = manages_entity | is_area_liaison | is_planning_office | is_internal_control

rules.add_perm("policies.view_policy", reads)
rules.add_perm("policies.add_policy", manages_entity)
rules.add_perm("policies.change_policy", manages_entity)
rules.add_perm("policies.change_policystage", manages_entity | is_liaison_of_object_area)
rules.add_perm("policies.change_draft", manages_entity)
rules.add_perm("policies.answer_draftcomment", manages_entity | is_liaison_of_object_area)
rules.add_perm("policies.change_planaction", manages_entity | is_liaison_of_object_area)
