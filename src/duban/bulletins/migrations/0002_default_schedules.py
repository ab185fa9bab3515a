"""The four cadence documents, enabled, with the audiences a county office would start with."""

from django.db import migrations

SCHEDULES = [
    # kind, title, day, subscribed roles
    ("daily", "{region}重点指标日跟踪（{date}）", 20, ["supervision_office"]),
    ("weekly", "{region}重点指标周监测（{period}）", 20, ["supervision_office", "leader"]),
    ("monthly", "{region}月度调度会材料（{period}）", 20, ["supervision_office", "leader", "department_reporter"]),
    ("quarterly", "{region}主要指标季度晾晒通报（{period}）", 25,
     ["supervision_office", "leader", "department_reporter", "data_office"]),
]


def seed(apps, schema_editor):
    Schedule = apps.get_model("bulletins", "Schedule")
    Subscription = apps.get_model("bulletins", "Subscription")
    for kind, title, day, roles in SCHEDULES:
        schedule, created = Schedule.objects.get_or_create(kind=kind, defaults={"title_template": title, "day": day})
        if created:
            Subscription.objects.bulk_create([Subscription(schedule=schedule, role=role) for role in roles])


class Migration(migrations.Migration):
    dependencies = [("bulletins", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
