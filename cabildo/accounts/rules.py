import rules

from cabildo.accounts.predicates import is_entity_admin, is_member

rules.add_perm("accounts.view_desk", is_member)
rules.add_perm("accounts.view_membership", is_entity_admin)
rules.add_perm("accounts.add_membership", is_entity_admin)
rules.add_perm("accounts.delete_membership", is_entity_admin)
rules.add_perm("accounts.change_invitation", is_entity_admin)  # send again
rules.add_perm("accounts.delete_invitation", is_entity_admin)  # cancel
