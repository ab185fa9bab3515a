import pytest
from django.core.management import CommandError, call_command

from duban.catalogue.models import Department, Indicator, Leader, PeerGroup


def test_groups_departments_and_indicators_load(jinhua):
    group = PeerGroup.objects.get(code="jinhua")
    assert sorted(group.members.values_list("name", flat=True)) == ["东阳市", "义乌市", "永康市"]
    assert Department.objects.get(name="经信局").leader == Leader.objects.get(name="王明")
    indicator = Indicator.objects.get(code="gyzjz")
    assert (indicator.kind, indicator.frequency, indicator.rank_by, indicator.department.name) == (
        "flow", "month", "yoy_pct", "经信局",
    )


def test_group_membership_becomes_exactly_the_rows_listed(jinhua, write_csv):
    call_command("import", write_csv("groups.csv", "group,group_name,region\njinhua,金华县市区,永康市\n"), kind="groups")
    assert list(PeerGroup.objects.get(code="jinhua").members.values_list("name", flat=True)) == ["永康市"]


def test_unknown_department_is_an_error_with_nearest_names(jinhua, write_csv, capsys):
    path = write_csv("ind.csv", """
code,name,unit,kind,direction,frequency,rank_by,category,department
x1,新指标,亿元,flow,higher_better,month,yoy_pct,创新深化,经信
""")
    with pytest.raises(CommandError):
        call_command("import", path, kind="indicators")
    err = capsys.readouterr().err
    assert "未知的部门“经信”" in err and "经信局" in err
    assert not Indicator.objects.filter(code="x1").exists()


def test_indicator_choices_accept_chinese_words_and_reject_unknown_ones(jinhua, write_csv, capsys):
    call_command("import", write_csv("ind.csv", """
代码,名称,单位,类型,方向,频度,排名依据,类别,责任部门
pm25,PM2.5平均浓度,微克/立方米,比率,逆向,月,当期,改革攻坚,经信局
"""), kind="indicators")
    pm25 = Indicator.objects.get(code="pm25")
    assert (pm25.kind, pm25.direction, pm25.rank_by) == ("rate", "lower_better", "value")
    bad = write_csv("bad.csv", "code,name,unit,kind,frequency\nq,某指标,个,flowing,month\n")
    with pytest.raises(CommandError):
        call_command("import", bad, kind="indicators")
    assert "kind" in capsys.readouterr().err


def test_rate_indicators_cannot_rank_by_ytd(jinhua, write_csv, capsys):
    path = write_csv("ind.csv", "code,name,unit,kind,frequency,rank_by\nrd,R&D强度,%,rate,year,ytd\n")
    with pytest.raises(CommandError):
        call_command("import", path, kind="indicators")
    assert "比率类指标不能按累计值排名" in capsys.readouterr().err


def test_departments_create_their_leaders_once(db, write_csv):
    path = write_csv("d.csv", "name,leader\n经信局,王明\n科技局,王明\n发改局,\n")
    call_command("import", path, kind="departments")
    call_command("import", path, kind="departments")
    assert Leader.objects.count() == 1
    assert Department.objects.get(name="发改局").leader is None


def test_catalogue_changes_keep_history(jinhua, write_csv):
    call_command("import", write_csv("d.csv", "name,leader\n经信局,李华\n"), kind="departments")
    department = Department.objects.get(name="经信局")
    assert [h.leader.name for h in department.history.order_by("history_date")] == ["王明", "李华"]


def test_choice_words_are_read_whatever_language_is_active(jinhua, write_csv):
    from django.utils import translation

    with translation.override("en"):
        call_command("import", write_csv("ind.csv", """
code,name,unit,kind,direction,frequency
sz,数字经济核心产业增加值,亿元,流量（可累计）,Lower is better,季
"""), kind="indicators")
    indicator = Indicator.objects.get(code="sz")
    assert (indicator.kind, indicator.direction, indicator.frequency) == ("flow", "lower_better", "quarter")
