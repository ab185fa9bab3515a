"""Regions and indicators have aliases (婺城 for 婺城区); an alias never names two rows."""

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from duban.catalogue.lookups import NameIndex, UnknownName, resolve
from duban.catalogue.models import Indicator, IndicatorAlias, Region, RegionAlias


def test_region_aliases_import_and_resolve_everywhere(jinhua, write_csv):
    call_command("import", write_csv("regions.csv", """
code,name,parent,简称
330782,义乌市,330700,义乌
330784,永康市,330700,永康、永康县
"""), kind="regions")
    assert sorted(RegionAlias.objects.values_list("name", flat=True)) == ["义乌", "永康", "永康县"]
    assert resolve(Region, "永康县").code == "330784"
    assert NameIndex(Region.objects.all()).get("义乌").code == "330782"


def test_a_blank_alias_cell_keeps_the_stored_aliases_and_a_listed_one_replaces_them(jinhua, write_csv):
    RegionAlias.objects.create(region=Region.objects.get(code="330784"), name="永康")
    call_command("import", write_csv("r.csv", "code,name,parent,aliases\n330784,永康市,330700,\n"), kind="regions")
    assert list(RegionAlias.objects.values_list("name", flat=True)) == ["永康"]
    call_command("import", write_csv("r.csv", "code,name,parent,aliases\n330784,永康市,330700,永康县\n"), kind="regions")
    assert list(RegionAlias.objects.values_list("name", flat=True)) == ["永康县"]


def test_an_alias_naming_two_regions_is_refused_with_both_named(jinhua, write_csv, capsys):
    RegionAlias.objects.create(region=Region.objects.get(code="330782"), name="义乌")
    path = write_csv("r.csv", "code,name,parent,别名\n330784,永康市,330700,义乌\n330783,东阳市,330700,永康市\n")
    with pytest.raises(CommandError):
        call_command("import", path, kind="regions")
    err = capsys.readouterr().err
    assert "第 2 行" in err and "“义乌”已指区域“义乌市”（330782），不能再指“永康市”（330784）" in err
    assert "第 3 行" in err and "“永康市”已指区域“永康市”（330784），不能再指“东阳市”（330783）" in err
    assert list(RegionAlias.objects.values_list("name", flat=True)) == ["义乌"]


def test_admin_refuses_an_alias_that_is_another_regions_name(jinhua):
    alias = RegionAlias(region=Region.objects.get(code="330784"), name="义乌市")
    with pytest.raises(ValidationError):
        alias.full_clean()


def test_an_ambiguous_text_is_refused_rather_than_guessed(jinhua):
    RegionAlias.objects.create(region=Region.objects.get(code="330784"), name="东阳市")  # bypassing clean
    with pytest.raises(UnknownName, match="可指"):
        NameIndex(Region.objects.all()).get("东阳市")
    with pytest.raises(UnknownName, match="可指"):
        resolve(Region, "东阳市")


def test_indicator_aliases_precision_and_additivity(jinhua, write_csv, capsys):
    call_command("import", write_csv("ind.csv", """
code,name,unit,kind,frequency,rank_by,别名,发布精度,可加
srjs,城镇居民人均可支配收入,元,flow,quarter,yoy_pct,城镇常住居民人均可支配收入,1,否
rd,R&D经费投入强度,%,rate,year,value,,,
yysr,规上工业企业营业收入,亿元,flow,month,ytd,规上工业营业收入；规模以上工业营业收入,,
"""), kind="indicators")
    got = {i.code: (i.decimals, i.additive) for i in Indicator.objects.filter(code__in=["srjs", "rd", "yysr"])}
    assert got == {"srjs": (1, False), "rd": (1, False), "yysr": (2, True)}
    assert resolve(Indicator, "规上工业营业收入").code == "yysr"
    assert IndicatorAlias.objects.filter(indicator__code="srjs").count() == 1
    path = write_csv("bad.csv", "code,name,unit,kind,frequency,decimals\nx,新,亿元,flow,month,七\n")
    with pytest.raises(CommandError):
        call_command("import", path, kind="indicators")
    assert "发布精度应为 0 到 6 的整数" in capsys.readouterr().err
