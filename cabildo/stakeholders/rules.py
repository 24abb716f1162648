import rules

from cabildo.accounts.predicates import is_area_liaison, is_member, manages_entity

rules.add_perm("stakeholders.view_stakeholdergroup", is_member)
rules.add_perm("stakeholders.add_stakeholdergroup", manages_entity | is_area_liaison)
rules.add_perm("stakeholders.change_stakeholdergroup", manages_entity | is_area_liaison)
rules.add_perm("stakeholders.delete_stakeholdergroup", manages_entity)
rules.add_perm("stakeholders.view_stakeholdertype", is_member)
rules.add_perm("stakeholders.add_stakeholdertype", manages_entity)
rules.add_perm("stakeholders.change_stakeholdertype", manages_entity)
rules.add_perm("stakeholders.export_matrix", is_member)
rules.add_perm("stakeholders.import_matrix", manages_entity)
