"""OpenAPI post-processing: every operation documents the error answers any API view may give
(found by fuzzing the schema with schemathesis): 400 invalid data, 403 not logged in or not
allowed, 404 not found (or another entity's object), 429 too many requests. All share the one
error shape of ``cabildo.api.exceptions``."""

from __future__ import annotations

from typing import Any

ERROR_SCHEMA = {
    "type": "object",
    "properties": {
        "detail": {"type": "string"},
        "errors": {"type": "object", "additionalProperties": True},
    },
    "required": ["detail", "errors"],
}
ERROR_DESCRIPTIONS = {
    "400": "Los datos enviados no son válidos.",
    "403": "Sin sesión o sin permiso.",
    "404": "No encontrado.",
    "429": "Demasiadas solicitudes.",
}


def add_error_responses(result: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
    result.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR_SCHEMA
    for operations in result.get("paths", {}).values():
        for method, operation in operations.items():
            if method not in ("get", "post", "put", "patch", "delete"):
                continue
            responses = operation.setdefault("responses", {})
            for code, description in ERROR_DESCRIPTIONS.items():
                responses.setdefault(
                    code,
                    {
                        "description": description,
                        "content": {
                            "application/json": {"schema": {"$ref": "#/components/schemas/Error"}}
                        },
                    },
                )
    return result
