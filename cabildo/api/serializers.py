"""Serializers of the shared API endpoints (entities)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from cabildo.core.models import Entity


class EntitySerializer(serializers.ModelSerializer):
    kind_display = serializers.CharField(
        source="get_kind_display", read_only=True, label=_("Tipo de entidad (texto)")
    )

    class Meta:
        model = Entity
        fields = [
            "name",
            "short_name",
            "slug",
            "nit",
            "kind",
            "kind_display",
            "divipola_department",
            "divipola_municipality",
            "department_name",
            "municipality_name",
        ]
        read_only_fields = fields
