"""The four cadence documents, enabled, with the audiences a county office would start with."""

from django.db import migrations


def seed(apps, schema_editor):
    from duban.bulletins.defaults import ensure_schedules

    ensure_schedules(apps.get_model("bulletins", "Schedule"), apps.get_model("bulletins", "Subscription"))


class Migration(migrations.Migration):
    dependencies = [("bulletins", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
