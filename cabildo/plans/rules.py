"""Permissions of the plans app.

Participation lead and entity admin manage plans; area liaisons create and edit only their
area's activities and analyse only the observations assigned to their area; planning office
and internal control read. The consulta (viewer) role reads the plans, as it reads every other
module; citizens' observations (they may carry an email) stay with the roles above.
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

reads_plans = manages_entity | is_area_liaison | is_planning_office | is_internal_control

rules.add_perm("plans.view_participationplan", reads_plans | is_viewer)
rules.add_perm("plans.add_participationplan", manages_entity)
rules.add_perm("plans.change_participationplan", manages_entity)
rules.add_perm("plans.transition_planversion", manages_entity)
rules.add_perm("plans.add_plannedactivity", manages_entity | is_area_liaison)
rules.add_perm("plans.change_plannedactivity", manages_entity | is_liaison_of_object_area)
rules.add_perm("plans.view_observation", reads_plans)
rules.add_perm("plans.analyse_observation", manages_entity | is_liaison_of_object_area)
rules.add_perm("plans.assign_observation", manages_entity)
rules.add_perm("plans.moderate_observation", manages_entity)
rules.add_perm("plans.import_participationplan", manages_entity)
