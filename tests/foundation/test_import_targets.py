from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command

from duban.targets.models import RankTarget, Target


def test_annual_staged_and_rank_targets(jinhua, write_csv):
    call_command("import", write_csv("t.csv", """
indicator,region,period,value,growth_pct,rank_group,rank_max
gyzjz,永康市,2024,320,8.0,,
gyzjz,永康市,2024年一季度,70,8.5,,
gyzjz,永康市,2024,,,jinhua,3
ckze,永康市,2024年,5亿元,,,
"""), kind="targets")
    annual = Target.objects.get(indicator__code="gyzjz", period="2024")
    assert (annual.value, annual.growth_pct) == (Decimal("320"), Decimal("8.0"))
    assert Target.objects.get(period="2024Q1").value == Decimal("70")
    assert Target.objects.get(indicator__code="ckze").value == Decimal("50000")
    assert RankTarget.objects.get().rank_max == 3


def test_rank_target_needs_both_group_and_place_and_periods_must_be_coarse(jinhua, write_csv, capsys):
    path = write_csv("t.csv", """
indicator,region,period,value,growth_pct,rank_group,rank_max
gyzjz,永康市,2024,,,jinhua,
gyzjz,永康市,2024-03-15,1,,,
gyzjz,永康市,2024,,,,
""")
    with pytest.raises(CommandError):
        call_command("import", path, kind="targets")
    err = capsys.readouterr().err
    assert "须同时填写" in err and "年、半年、季度或月" in err and "至少填写一项" in err
    assert not Target.objects.exists() and not RankTarget.objects.exists()
