"""Permissions of rendición de cuentas and control social.

The participation lead and the entity admin run the strategy, the dialogue spaces and the
register of veedurías; the liaison of an area answers the questions and observations routed to
it and follows up the actions it owns; planning office and internal control read everything.
"""

import rules

from cabildo.accounts.predicates import (
    is_area_liaison,
    is_internal_control,
    is_liaison_of_object_area,
    is_planning_office,
    is_viewer,
    manages_entity,
)

reads = manages_entity | is_area_liaison | is_planning_office | is_internal_control

rules.add_perm("accountability.view_strategy", reads)
# The vigencia's figures (no personal data): also the read-only role, as the evaluation.
rules.add_perm("accountability.view_year", reads | is_viewer)
rules.add_perm("accountability.add_strategy", manages_entity)
rules.add_perm("accountability.change_strategy", manages_entity)
rules.add_perm("accountability.change_strategytask", manages_entity | is_liaison_of_object_area)
rules.add_perm("accountability.view_dialoguespace", reads)
rules.add_perm("accountability.change_dialoguespace", manages_entity | is_liaison_of_object_area)

rules.add_perm("accountability.view_question", reads)
rules.add_perm("accountability.add_question", manages_entity | is_liaison_of_object_area)
rules.add_perm("accountability.route_question", manages_entity)
rules.add_perm("accountability.answer_question", manages_entity | is_liaison_of_object_area)

rules.add_perm(
    "accountability.change_improvementaction", manages_entity | is_liaison_of_object_area
)

# Control social: the register holds veedores' names (personal data): staff who manage or read.
rules.add_perm("accountability.view_veeduria", reads)
rules.add_perm("accountability.change_veeduria", manages_entity)
rules.add_perm("accountability.change_oversightitem", manages_entity | is_liaison_of_object_area)
rules.add_perm(
    "accountability.answer_veeduriaobservation", manages_entity | is_liaison_of_object_area
)


@rules.predicate
def is_council(user: object, obj: object = None) -> bool:
    """The entity (or the row's entity) is a concejo: arts. 57–59 apply to it."""
    from cabildo.core.models import Entity, EntityKind

    entity = obj if isinstance(obj, Entity) else getattr(obj, "entity", None)
    return entity is not None and entity.kind == EntityKind.COUNCIL


rules.add_perm("accountability.view_council", is_council & reads)
rules.add_perm("accountability.manage_council", is_council & manages_entity)
