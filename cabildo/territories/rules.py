import rules

from cabildo.accounts.predicates import is_member, manages_entity

rules.add_perm("territories.view_territory", is_member)
rules.add_perm("territories.add_territory", manages_entity)
rules.add_perm("territories.change_territory", manages_entity)
rules.add_perm("territories.delete_territory", manages_entity)
