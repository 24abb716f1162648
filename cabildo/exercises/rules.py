"""Permissions of the exercises app.

Participation lead and entity admin manage every survey, forum and diagnosis; an area liaison
manages the surveys and forums of the activities of their area (``get_area_id``); viewers and
internal control read. Planning office reads too (it consolidates the plan).
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

reads = manages_entity | is_area_liaison | is_planning_office | is_internal_control | is_viewer

for model in ("survey", "forum"):
    rules.add_perm(f"exercises.view_{model}", reads)
    rules.add_perm(f"exercises.add_{model}", manages_entity | is_area_liaison)
    rules.add_perm(f"exercises.change_{model}", manages_entity | is_liaison_of_object_area)

# Questions and comments are checked on their survey or forum (same area).
rules.add_perm("exercises.change_question", manages_entity | is_liaison_of_object_area)
rules.add_perm("exercises.change_forumcomment", manages_entity | is_liaison_of_object_area)

# The diagnosis is entity-wide: the participation lead runs it with the areas and instancias.
rules.add_perm("exercises.view_diagnosis", reads)
rules.add_perm("exercises.add_diagnosis", manages_entity)
rules.add_perm("exercises.change_diagnosis", manages_entity)

# Characterization statistics are aggregated and anonymised.
rules.add_perm("exercises.view_characterization", reads)
