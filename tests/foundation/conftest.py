import pytest
from django.core.management import call_command


@pytest.fixture
def write_csv(tmp_path):
    """Write a CSV file from lines of text and return its path."""

    def write(name: str, text: str):
        path = tmp_path / name
        path.write_text(text.strip() + "\n", encoding="utf-8")
        return path

    return write


@pytest.fixture
def jinhua(db, write_csv):
    """浙江省 → 金华市 → three of its counties, a peer group, departments and two indicators."""
    call_command("import", write_csv("regions.csv", """
code,name,parent
330000,浙江省,
330700,金华市,330000
330782,义乌市,330700
330783,东阳市,330700
330784,永康市,330700
"""), kind="regions")
    call_command("import", write_csv("groups.csv", """
group,group_name,region
jinhua,金华县市区,义乌市
jinhua,金华县市区,东阳市
jinhua,金华县市区,永康市
"""), kind="groups")
    call_command("import", write_csv("departments.csv", """
name,leader
经信局,王明
商务局,王明
"""), kind="departments")
    call_command("import", write_csv("indicators.csv", """
code,name,unit,kind,direction,frequency,rank_by,category,department
gyzjz,规上工业增加值,亿元,flow,higher_better,month,yoy_pct,创新深化,经信局
ckze,出口总额,万元,flow,higher_better,month,ytd,开放提升,商务局
"""), kind="indicators")
