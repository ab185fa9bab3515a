"""DESIGN §3's default warning rules, as rows an administrator can then edit."""

from django.db import migrations


def seed(apps, schema_editor):
    from duban.core.warnings import DEFAULT_RULES

    WarningRule = apps.get_model("monitoring", "WarningRule")
    for rule in DEFAULT_RULES:
        WarningRule.objects.update_or_create(
            order=rule.order,
            defaults={
                "level": str(rule.level),
                "condition": str(rule.condition),
                "threshold": rule.threshold,
                "reason_template_zh": rule.reason_template_zh,
                "reason_template_en": rule.reason_template_en,
            },
        )


def unseed(apps, schema_editor):
    apps.get_model("monitoring", "WarningRule").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("monitoring", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
