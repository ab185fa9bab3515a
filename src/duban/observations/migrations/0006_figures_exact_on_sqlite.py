"""Figures of 20 digits kept exactly on SQLite (TEXT of the canonical decimal, ``duban.exact_decimal``);
PostgreSQL's numeric columns are unchanged."""

import duban.exact_decimal
from duban.exact_decimal import canonical_texts
from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('observations', '0005_unchecked_user_keys_no_series_index_time_defaults'),
    ]

    operations = [
        migrations.AlterField(
            model_name='observation',
            name='value',
            field=duban.exact_decimal.ExactDecimalField(blank=True, decimal_places=4, max_digits=20, null=True, verbose_name='数值'),
        ),
        migrations.AlterField(
            model_name='observationrevision',
            name='new_value',
            field=duban.exact_decimal.ExactDecimalField(blank=True, decimal_places=4, max_digits=20, null=True, verbose_name='新数值'),
        ),
        migrations.AlterField(
            model_name='observationrevision',
            name='old_value',
            field=duban.exact_decimal.ExactDecimalField(blank=True, decimal_places=4, max_digits=20, null=True, verbose_name='原数值'),
        ),
        migrations.RunPython(
            canonical_texts('observations.Observation', 'value'), migrations.RunPython.noop, elidable=True,
        ),
        migrations.RunPython(
            canonical_texts('observations.ObservationRevision', 'old_value', 'new_value'), migrations.RunPython.noop, elidable=True,
        ),
    ]
