"""The plan matrix imports on the shared engine: each PlanImport becomes the MatrixImport
(kind "plan", target = the version) that now holds the audit record, then the model goes.
A pending import's rows were stored in the old shape, so it is carried as discarded."""

from django.db import migrations

STATUS = {"pendiente": "descartada", "aplicada": "aplicada", "descartada": "descartada"}


def carry(apps, schema_editor):
    PlanImport = apps.get_model("plans", "PlanImport")
    MatrixImport = apps.get_model("matrices", "MatrixImport")
    for old in PlanImport.objects.all().iterator():
        new = MatrixImport.objects.create(
            entity_id=old.entity_id,
            kind="plan",
            target=old.version_id,
            user_id=old.user_id,
            file_name=old.file_name,
            status=STATUS.get(old.status, "descartada"),
            progress=100,
            withdraw_absent=old.withdraw_absent,
            created_count=old.created_count,
            updated_count=old.updated_count,
            unchanged_count=old.unchanged_count,
            withdrawn_count=old.withdrawn_count,
            applied_at=old.applied_at,
        )
        # auto_now_add set "now": keep when the file was read.
        MatrixImport.objects.filter(pk=new.pk).update(created_at=old.created_at)


class Migration(migrations.Migration):
    dependencies = [
        ("plans", "0003_approval_act_closure_evaluated"),
        ("matrices", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(carry, migrations.RunPython.noop),
        migrations.DeleteModel(name="HistoricalPlanImport"),
        migrations.DeleteModel(name="PlanImport"),
    ]
