"""Permissions of the evaluation app.

The planning office and the participation lead (and the entity admin) manage indicators,
measurements, good practices, the evaluation and its reports; internal control and viewers
read everything.
"""

import rules

from cabildo.accounts.predicates import (
    is_internal_control,
    is_planning_office,
    is_viewer,
    manages_entity,
)

manages_evaluation = manages_entity | is_planning_office
reads_evaluation = manages_evaluation | is_internal_control | is_viewer

rules.add_perm("evaluation.view_dashboard", reads_evaluation)
rules.add_perm("evaluation.view_indicator", reads_evaluation)
rules.add_perm("evaluation.add_indicator", manages_evaluation)
rules.add_perm("evaluation.change_indicator", manages_evaluation)
rules.add_perm("evaluation.add_measurement", manages_evaluation)
rules.add_perm("evaluation.view_evaluation", reads_evaluation)
rules.add_perm("evaluation.change_evaluation", manages_evaluation)
rules.add_perm("evaluation.view_goodpractice", reads_evaluation)
rules.add_perm("evaluation.add_goodpractice", manages_evaluation)
rules.add_perm("evaluation.change_goodpractice", manages_evaluation)
rules.add_perm("evaluation.view_reportfile", reads_evaluation)
rules.add_perm("evaluation.add_reportfile", reads_evaluation)
rules.add_perm("evaluation.change_accountabilitystage", manages_evaluation)
