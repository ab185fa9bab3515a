"""Figures of 20 digits kept exactly on SQLite (TEXT of the canonical decimal, ``duban.exact_decimal``);
PostgreSQL's numeric columns are unchanged."""

import duban.exact_decimal
from duban.exact_decimal import canonical_texts
from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('catalogue', '0002_aliases_decimals_additive'),
    ]

    operations = [
        migrations.AlterField(
            model_name='historicalindicator',
            name='max_value',
            field=duban.exact_decimal.ExactDecimalField(blank=True, decimal_places=4, max_digits=20, null=True, verbose_name='合理上限'),
        ),
        migrations.AlterField(
            model_name='historicalindicator',
            name='min_value',
            field=duban.exact_decimal.ExactDecimalField(blank=True, decimal_places=4, max_digits=20, null=True, verbose_name='合理下限'),
        ),
        migrations.AlterField(
            model_name='indicator',
            name='max_value',
            field=duban.exact_decimal.ExactDecimalField(blank=True, decimal_places=4, max_digits=20, null=True, verbose_name='合理上限'),
        ),
        migrations.AlterField(
            model_name='indicator',
            name='min_value',
            field=duban.exact_decimal.ExactDecimalField(blank=True, decimal_places=4, max_digits=20, null=True, verbose_name='合理下限'),
        ),
        migrations.RunPython(
            canonical_texts('catalogue.Indicator', 'min_value', 'max_value'), migrations.RunPython.noop, elidable=True,
        ),
        migrations.RunPython(
            canonical_texts('catalogue.HistoricalIndicator', 'min_value', 'max_value'), migrations.RunPython.noop, elidable=True,
        ),
    ]
