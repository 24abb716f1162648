"""One demo user per role per entity. Idempotent."""

from __future__ import annotations

from cabildo.accounts.models import Membership, Role, User
from cabildo.core.models import Area, Entity

DEMO_PASSWORD = "cabildo-demo-2026"  # noqa: S105 - public demo credential, printed by make run

ROLE_LOGINS = {
    Role.ENTITY_ADMIN: ("admin", "Administración"),
    Role.PARTICIPATION_LEAD: ("lider", "Liderazgo de participación"),
    Role.AREA_LIAISON: ("enlace", "Enlace de participación"),
    Role.PLANNING_OFFICE: ("planeacion", "Oficina de planeación"),
    Role.INTERNAL_CONTROL: ("control", "Control interno"),
    Role.VIEWER: ("consulta", "Consulta"),
}

# Fictitious people, one per role; the entity's short name is added to tell them apart.
DEMO_NAMES = {
    Role.ENTITY_ADMIN: "Andrés Felipe Ríos",
    Role.PARTICIPATION_LEAD: "Luz Marina Castaño",
    Role.AREA_LIAISON: "Jhon Jairo Ocampo",
    Role.PLANNING_OFFICE: "Diana Patricia Muñoz",
    Role.INTERNAL_CONTROL: "Carlos Alberto Zapata",
    Role.VIEWER: "Sandra Milena Restrepo",
}


def demo_email(role: str, slug: str) -> str:
    return f"{ROLE_LOGINS[Role(role)][0]}@{slug}.test"


def liaison_area(entity: Entity) -> Area:
    areas = Area.objects.for_entity(entity).order_by("pk")
    # mypy: every demo entity has areas (seeded before).
    return areas.filter(kind="misional").first() or areas.first()  # type: ignore[return-value]


def seed(*, entities: dict[str, Entity]) -> None:
    for slug, entity in entities.items():
        for role in ROLE_LOGINS:
            email = demo_email(role, slug)
            full_name = f"{DEMO_NAMES[role]} ({entity.short_name})"
            user = User.objects.filter(email=email).first()
            if user is None:
                user = User.objects.create_user(
                    email=email, password=DEMO_PASSWORD, full_name=full_name
                )
            elif user.full_name != full_name:
                user.full_name = full_name
                user.save(update_fields=["full_name"])
            area = liaison_area(entity) if role == Role.AREA_LIAISON else None
            Membership.objects.get_or_create(user=user, entity=entity, role=role, area=area)
