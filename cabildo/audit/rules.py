import rules

from cabildo.accounts.predicates import is_entity_admin, is_internal_control

# "Actividad reciente": who changed what and when, for administrators and internal control.
rules.add_perm("audit.view_activity", is_entity_admin | is_internal_control)

# "Registro de accesos": logins, exports, downloads and role changes (internal control).
rules.add_perm("audit.view_accesslog", is_entity_admin | is_internal_control)
