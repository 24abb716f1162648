from django.db import migrations

DEFAULT_TYPES = [
    "Ciudadanía en general",
    "Organizaciones sociales",
    "JAC/JAL",
    "Gremios",
    "Academia",
    "Veedurías",
    "Población étnica",
    "Jóvenes",
    "Mujeres",
    "Personas con discapacidad",
    "Víctimas",
    "Adulto mayor",
    "LGBTIQ+",
    "Campesinos",
]


def seed_types(apps, schema_editor):
    Entity = apps.get_model("core", "Entity")
    StakeholderType = apps.get_model("stakeholders", "StakeholderType")
    for entity in Entity.objects.all():
        for order, name in enumerate(DEFAULT_TYPES, start=1):
            StakeholderType.objects.get_or_create(
                entity=entity, name=name, defaults={"order": order}
            )


class Migration(migrations.Migration):
    dependencies = [
        ("stakeholders", "0001_initial"),
        ("core", "0001_initial"),
    ]

    operations = [migrations.RunPython(seed_types, migrations.RunPython.noop)]
