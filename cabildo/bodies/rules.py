import rules

from cabildo.accounts.predicates import (
    is_area_liaison,
    is_liaison_of_object_area,
    is_member,
    manages_entity,
)

edits_body = manages_entity | is_liaison_of_object_area

rules.add_perm("bodies.view_participationbody", is_member)
rules.add_perm("bodies.add_participationbody", manages_entity | is_area_liaison)
rules.add_perm("bodies.change_participationbody", edits_body)
rules.add_perm("bodies.delete_participationbody", manages_entity)
# Publishing a body in the public directory and archiving it are the lead's or admin's decision.
rules.add_perm("bodies.publish_participationbody", manages_entity)
rules.add_perm("bodies.archive_participationbody", manages_entity)
for model in ("bodymember", "bodysession", "bodycharacterization"):
    rules.add_perm(f"bodies.view_{model}", is_member)
    rules.add_perm(f"bodies.change_{model}", edits_body)
    rules.add_perm(f"bodies.delete_{model}", edits_body)
rules.add_perm("bodies.view_overview", is_member)
rules.add_perm("bodies.export_matrix", is_member)
rules.add_perm("bodies.import_matrix", manages_entity)
