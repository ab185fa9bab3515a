"""Figures of 20 digits kept exactly on SQLite (TEXT of the canonical decimal, ``duban.exact_decimal``);
PostgreSQL's numeric columns are unchanged."""

import duban.exact_decimal
from duban.exact_decimal import canonical_texts
from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('targets', '0001_initial'),
    ]

    operations = [
        migrations.AlterField(
            model_name='historicaltarget',
            name='value',
            field=duban.exact_decimal.ExactDecimalField(blank=True, decimal_places=4, max_digits=20, null=True, verbose_name='目标值'),
        ),
        migrations.AlterField(
            model_name='target',
            name='value',
            field=duban.exact_decimal.ExactDecimalField(blank=True, decimal_places=4, max_digits=20, null=True, verbose_name='目标值'),
        ),
        migrations.RunPython(
            canonical_texts('targets.Target', 'value'), migrations.RunPython.noop, elidable=True,
        ),
        migrations.RunPython(
            canonical_texts('targets.HistoricalTarget', 'value'), migrations.RunPython.noop, elidable=True,
        ),
    ]
