import rules

from cabildo.accounts.predicates import is_entity_admin, is_member

rules.add_perm("core.view_area", is_member)
rules.add_perm("core.add_area", is_entity_admin)
rules.add_perm("core.change_area", is_entity_admin)
rules.add_perm("core.change_entity", is_entity_admin)
