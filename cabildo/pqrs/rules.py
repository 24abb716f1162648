"""PQRSD permissions.

- participation lead and entity admin manage every petition of the entity;
- area liaisons manage the petitions assigned to their area;
- internal control, planning office and viewers read.
"""

import rules

from cabildo.accounts.predicates import (
    is_area_liaison,
    is_internal_control,
    is_liaison_of_object_area,
    is_member,
    is_planning_office,
    is_viewer,
    manages_entity,
)

reads_all = manages_entity | is_internal_control | is_viewer | is_planning_office

# Entity-wide (checked on the Entity).
rules.add_perm("pqrs.view_petition_list", is_member)
rules.add_perm("pqrs.add_petition", manages_entity | is_area_liaison)
rules.add_perm("pqrs.change_pqrssettings", manages_entity)
# Object-level (checked on the Petition).
rules.add_perm("pqrs.view_petition", reads_all | is_liaison_of_object_area)
rules.add_perm("pqrs.change_petition", manages_entity | is_liaison_of_object_area)
rules.add_perm("pqrs.assign_petition", manages_entity | is_liaison_of_object_area)
rules.add_perm("pqrs.transfer_petition", manages_entity)
rules.add_perm("pqrs.reopen_petition", manages_entity)
