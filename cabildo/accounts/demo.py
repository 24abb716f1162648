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


def demo_email(role: str, slug: str) -> str:
    return f"{ROLE_LOGINS[Role(role)][0]}@{slug}.test"


def liaison_area(entity: Entity) -> Area:
    areas = Area.objects.for_entity(entity).order_by("pk")
    return areas.filter(kind="misional").first() or areas.first()  # type: ignore[return-value]


def seed(*, entities: dict[str, Entity]) -> None:
    for slug, entity in entities.items():
        for role, (_, label) in ROLE_LOGINS.items():
            email = demo_email(role, slug)
            user = User.objects.filter(email=email).first()
            if user is None:
                user = User.objects.create_user(
                    email=email,
                    password=DEMO_PASSWORD,
                    full_name=f"{label} · {entity.short_name}",
                )
            area = liaison_area(entity) if role == Role.AREA_LIAISON else None
            Membership.objects.get_or_create(user=user, entity=entity, role=role, area=area)
