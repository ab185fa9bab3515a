"""The four cadence documents a county office starts with, enabled, with their audiences.

Seeded by a migration; ``ensure_schedules`` is also what a fresh or flushed database calls.
"""

SCHEDULES = [
    # kind, title, day, subscribed roles
    ("daily", "{region}重点指标日跟踪（{date}）", 20, ["supervision_office"]),
    ("weekly", "{region}重点指标周监测（{period}）", 20, ["supervision_office", "leader"]),
    ("monthly", "{region}月度调度会材料（{period}）", 20, ["supervision_office", "leader", "department_reporter"]),
    ("quarterly", "{region}主要指标季度晾晒通报（{period}）", 25,
     ["supervision_office", "leader", "department_reporter", "data_office"]),
]


def ensure_schedules(schedule_model, subscription_model) -> None:
    """Create the default schedules that are missing (models passed in: a migration's are historical)."""
    for kind, title, day, roles in SCHEDULES:
        schedule, created = schedule_model.objects.get_or_create(
            kind=kind, defaults={"title_template": title, "day": day})
        if created:
            subscription_model.objects.bulk_create([subscription_model(schedule=schedule, role=r) for r in roles])
