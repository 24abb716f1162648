import rules

from cabildo.accounts.predicates import is_entity_admin, is_internal_control

# Answering data-subject requests (search, export, rectify, anonymize): administrators and
# internal control.
rules.add_perm("privacy.manage_data_subjects", is_entity_admin | is_internal_control)

# Publishing a new version of the data-treatment policy: administrators.
rules.add_perm("privacy.add_privacypolicy", is_entity_admin)
