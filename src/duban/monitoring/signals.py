"""Invalidate stored statuses on changes the ledgers do not record (admin edits, rule edits).

Imports write the observation ledger and the targets' history, which ``freshness`` checks
before every read; these handlers cover single saves that bypass them.
"""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from duban.monitoring.models import WarningRule
from duban.monitoring.freshness import invalidate
from duban.observations.models import Observation


@receiver([post_save, post_delete], sender=WarningRule)
def rules_changed(sender, **kwargs):
    invalidate()


@receiver([post_save, post_delete], sender=Observation)
def observation_changed(sender, instance, **kwargs):
    invalidate(instance.period_end)
