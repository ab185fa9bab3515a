"""The colour rules' one row with issue 14's defaults, for the administrator to edit."""

from django.db import migrations


def default_rules(apps, schema_editor):
    rules = apps.get_model("projects", "ProjectStatusRules")
    if not rules.objects.exists():
        rules.objects.create()


class Migration(migrations.Migration):
    dependencies = [("projects", "0002_milestone_escalation")]
    operations = [migrations.RunPython(default_rules, migrations.RunPython.noop)]
