from typing import Any

from django.http import HttpRequest

from cabildo.core import registry


def cabildo(request: HttpRequest) -> dict[str, Any]:
    from cabildo.accounts.selectors import user_entities

    user = getattr(request, "user", None)
    return {
        "entity": getattr(request, "entity", None),
        "staff_nav": lambda: registry.staff_nav(request),
        "public_nav": lambda: registry.public_nav(request),
        "user_entities": lambda: user_entities(user) if user is not None else [],
    }
