import json

import pytest
from django.core.management import CommandError, call_command

from duban.catalogue.models import Region


def test_regions_build_the_tree_with_levels_from_the_codes(jinhua):
    yongkang = Region.objects.get(code="330784")
    assert yongkang.name == "永康市"
    assert yongkang.level == "county"
    assert yongkang.parent.code == "330700"
    assert yongkang.parent.parent.level == "province"


def test_a_bad_code_exits_1_names_row_and_column_and_writes_nothing(db, write_csv, capsys):
    path = write_csv("regions.csv", """
code,name,parent
330000,浙江省,
33070,金华市,330000
330784,永康市,330700
""")
    with pytest.raises(CommandError) as caught:
        call_command("import", path, kind="regions")
    assert caught.value.returncode == 1
    err = capsys.readouterr().err
    assert "regions.csv 第 3 行 1 列（code）" in err
    assert "6、9 或 12 位数字" in err
    assert Region.objects.count() == 0


def test_json_summary_lists_every_problem_with_its_place(db, write_csv, capsys):
    path = write_csv("regions.csv", """
code,name,parent
33a000,浙江省,
330700,,330000
""")
    with pytest.raises(CommandError):
        call_command("import", path, kind="regions", json=True)
    report = json.loads(capsys.readouterr().out)
    assert report["ok"] is False
    places = {(p["row"], p["field"]) for p in report["problems"]}
    assert places == {(2, "code"), (3, "name")}


def test_unknown_parent_lists_the_nearest_known_names(jinhua, write_csv, capsys):
    path = write_csv("more.csv", """
code,name,parent
330781,兰溪市,金华
""")
    with pytest.raises(CommandError):
        call_command("import", path, kind="regions")
    assert "最接近的有：金华市" in capsys.readouterr().err


def test_dry_run_checks_without_writing(db, write_csv, capsys):
    path = write_csv("regions.csv", "code,name,parent\n330000,浙江省,\n")
    call_command("import", path, kind="regions", dry_run=True)
    assert "检查通过" in capsys.readouterr().out
    assert Region.objects.count() == 0


def test_reimporting_the_same_file_changes_nothing(jinhua, write_csv, capsys):
    path = write_csv("regions.csv", "code,name,parent\n330000,浙江省,\n330700,金华市,330000\n")
    call_command("import", path, kind="regions", json=True)
    report = json.loads(capsys.readouterr().out)
    assert (report["created"], report["updated"], report["unchanged"]) == (0, 0, 2)


def test_a_child_cannot_sit_under_a_lower_level(db, write_csv, capsys):
    path = write_csv("regions.csv", "code,name,parent\n330784,永康市,\n330700,金华市,330784\n")
    with pytest.raises(CommandError):
        call_command("import", path, kind="regions")
    assert "层级不高于" in capsys.readouterr().err
    assert Region.objects.count() == 0


def test_chinese_headers_and_gbk_csv_are_read(db, tmp_path):
    path = tmp_path / "regions-gbk.csv"
    path.write_bytes("区划代码,名称,上级区域\n330000,浙江省,\n330700,金华市,浙江省\n".encode("gb18030"))
    call_command("import", path, kind="regions")
    assert Region.objects.get(code="330700").parent.name == "浙江省"
