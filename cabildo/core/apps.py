from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from cabildo.core.registry import NavItem


class CoreConfig(AppConfig):
    name = "cabildo.core"
    label = "core"
    verbose_name = _("Entidades y dependencias")
    staff_nav = [
        NavItem(_("Dependencias"), "core:area_list", "core.view_area", order=90),
        NavItem(_("Datos de la entidad"), "core:entity_update", "core.change_entity", order=96),
    ]

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from cabildo.core.middleware import forget_resolved_entities
        from cabildo.core.models import Entity, EntityHostname
        from cabildo.core.public_cache import on_tenant_change

        # Any saved or deleted row of an entity forgets its cached public pages.
        post_save.connect(on_tenant_change, dispatch_uid="public_cache_save")
        post_delete.connect(on_tenant_change, dispatch_uid="public_cache_delete")

        for model in (Entity, EntityHostname):
            for signal in (post_save, post_delete):
                signal.connect(
                    forget_resolved_entities,
                    sender=model,
                    dispatch_uid=f"forget_entities_{model.__name__}_{signal is post_save}",
                )
