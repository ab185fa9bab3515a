"""Lead suggestions: named departments first, then indicators, then the keyword map."""

from duban.core.leads import LeadHints, suggest_lead

HINTS = LeadHints(
    keywords={"公安": "公安局", "政法": "政法委", "项目": "发改局", "消费": "商务局", "出口": "商务局"},
    departments=["公安局", "交通运输局", "商务局", "经信局", "发改局", "政法委"],
    indicators={"规上工业增加值": "经信局", "社会消费品零售总额": "商务局"},
)


def test_the_first_named_department_leads_and_the_others_cooperate():
    found = suggest_lead("公安局要会同交通运输局加强道路交通安全管控。", HINTS)
    assert found.lead == "公安局"
    assert found.cooperating == ("交通运输局",)
    assert found.reasons[0] == "句中点名“公安局”"


def test_a_department_named_by_its_stem_and_部门():
    assert suggest_lead("商务部门要做好活动组织保障。", HINTS).lead == "商务局"


def test_an_indicator_names_its_owner():
    found = suggest_lead("要紧盯规上工业增加值，逐一制定提升方案。", HINTS)
    assert found.lead == "经信局"
    assert "涉及指标“规上工业增加值”" in found.reasons[0]


def test_keywords_decide_when_nothing_is_named():
    found = suggest_lead("要千方百计扩大消费，稳住出口。", HINTS)
    assert found.lead == "商务局"


def test_the_whole_county_is_the_supervision_offices_choice():
    found = suggest_lead("全市上下要认真学习贯彻，加快项目建设。", HINTS)
    assert found.lead is None
    assert found.office_choice
    assert found.cooperating == ("发改局",)


def test_a_named_department_wins_over_the_whole_county():
    found = suggest_lead("全市政法战线要认真学习，政法委要牵头完善考核办法。", HINTS)
    assert found.lead == "政法委"
    assert not found.office_choice


def test_no_clue_no_guess():
    found = suggest_lead("要用心用情抓好民生保障工作。", HINTS)
    assert found.lead is None and not found.office_choice
