"""An activity takes several channels (seed 002's seguimiento lists several for one
activity): the single ``channel`` becomes the list ``channels``, each activity (and each
of its history records) keeping its value as a one-item list."""

from django.db import migrations, models


def carry(apps, schema_editor):
    for name in ("PlannedActivity", "HistoricalPlannedActivity"):
        model = apps.get_model("plans", name)
        for value in model.objects.values_list("channel", flat=True).distinct():
            model.objects.filter(channel=value).update(channels=[value] if value else [])


def carry_back(apps, schema_editor):
    for name in ("PlannedActivity", "HistoricalPlannedActivity"):
        model = apps.get_model("plans", name)
        for row in model.objects.only("pk", "channels").iterator():
            first = (row.channels or ["presencial"])[0]
            model.objects.filter(pk=row.pk).update(channel=first)


CHOICES = [("presencial", "Presencial"), ("virtual", "Virtual"), ("mixto", "Mixto")]

FIELD = models.JSONField(
    blank=True,
    default=list,
    help_text="Uno o varios: presencial, virtual, mixto.",
    verbose_name="canales",
)


class Migration(migrations.Migration):
    dependencies = [
        ("plans", "0005_observation_on_general_consultation"),
    ]

    operations = [
        migrations.AddField(model_name="historicalplannedactivity", name="channels", field=FIELD),
        migrations.AddField(model_name="plannedactivity", name="channels", field=FIELD),
        migrations.RunPython(carry, carry_back),
        # A default only so that the removal can be undone on rows that exist (carry_back
        # then writes each row's first channel).
        migrations.AlterField(
            model_name="historicalplannedactivity",
            name="channel",
            field=models.CharField(
                choices=CHOICES, default="presencial", max_length=20, verbose_name="canal"
            ),
        ),
        migrations.AlterField(
            model_name="plannedactivity",
            name="channel",
            field=models.CharField(
                choices=CHOICES, default="presencial", max_length=20, verbose_name="canal"
            ),
        ),
        migrations.RemoveField(model_name="historicalplannedactivity", name="channel"),
        migrations.RemoveField(model_name="plannedactivity", name="channel"),
    ]
