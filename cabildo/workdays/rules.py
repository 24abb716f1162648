"""Permissions of the business-day calendar: members read the closure days, admins manage them."""

import rules

from cabildo.accounts.predicates import is_entity_admin, is_member

rules.add_perm("workdays.view_closureday", is_member)
rules.add_perm("workdays.add_closureday", is_entity_admin)
rules.add_perm("workdays.change_closureday", is_entity_admin)
rules.add_perm("workdays.delete_closureday", is_entity_admin)
