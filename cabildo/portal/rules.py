"""Permissions of the portal: the entity's administrator and participation lead manage the
channels of attention; any member may read the staff list."""

import rules

from cabildo.accounts.predicates import is_entity_admin, is_member, is_participation_lead

can_manage = is_entity_admin | is_participation_lead

rules.add_perm("portal.view_attentionchannel", is_member)
rules.add_perm("portal.add_attentionchannel", can_manage)
rules.add_perm("portal.change_attentionchannel", can_manage)
rules.add_perm("portal.delete_attentionchannel", can_manage)
