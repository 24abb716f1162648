"""Permissions of the execution app.

Participation lead and entity admin manage every event; an area liaison manages the events of
the activities of their area (``Event.get_area_id``); planning office and internal control read.
"""

import rules

from cabildo.accounts.predicates import (
    is_area_liaison,
    is_internal_control,
    is_liaison_of_object_area,
    is_planning_office,
    manages_entity,
)

reads_events = manages_entity | is_area_liaison | is_planning_office | is_internal_control

rules.add_perm("execution.view_event", reads_events)
rules.add_perm("execution.add_event", manages_entity | is_area_liaison)
rules.add_perm("execution.change_event", manages_entity | is_liaison_of_object_area)
rules.add_perm("execution.view_registration", manages_entity | is_liaison_of_object_area)
rules.add_perm("execution.add_registration", manages_entity | is_liaison_of_object_area)

# Contributions: recorded and analysed by the area responsible for the activity (or the lead).
rules.add_perm("execution.view_contribution", reads_events)
rules.add_perm("execution.add_contribution", manages_entity | is_liaison_of_object_area)
rules.add_perm("execution.change_contribution", manages_entity | is_liaison_of_object_area)

# Commitments: the lead manages all; an area liaison records them in the events of their area's
# activities and follows up the ones their area is responsible for (Commitment.get_area_id).
rules.add_perm("execution.view_commitment", reads_events)
rules.add_perm("execution.add_commitment", manages_entity | is_liaison_of_object_area)
rules.add_perm("execution.change_commitment", manages_entity | is_liaison_of_object_area)

# Convocations: prepared and sent by the lead, or by the liaison of the activity's area.
rules.add_perm("execution.view_convocation", reads_events)
rules.add_perm("execution.add_convocation", manages_entity | is_area_liaison)
rules.add_perm("execution.change_convocation", manages_entity | is_liaison_of_object_area)

# Scanned attendance sheets hold personal data: the same people who see the registrations.
rules.add_perm("execution.add_attendancesheet", manages_entity | is_liaison_of_object_area)
rules.add_perm("execution.view_attendancesheet", manages_entity | is_liaison_of_object_area)

# A planned activity that will not take place (its status on the cronograma becomes cancelada).
rules.add_perm("execution.cancel_activity", manages_entity | is_liaison_of_object_area)

# The standard internal report: written by the area (or the lead), reviewed by planning.
rules.add_perm("execution.view_report", reads_events)
rules.add_perm("execution.add_report", manages_entity | is_liaison_of_object_area)
rules.add_perm("execution.change_report", manages_entity | is_liaison_of_object_area)
rules.add_perm("execution.review_report", is_planning_office)
