"""The parent a new item may belong to, by the telling words they share."""

from duban.core.task_matching import suggest_parent

TASKS = [
    (1, "创新深化攻坚"),
    (2, "加快传统五金产业高端化智能化绿色化改造 实施技改项目60个，完成技改投资40亿元"),
    (3, "强化项目支撑 新开工亿元以上项目20个"),
    (4, "稳外贸促出口 组织企业参加境外展会100家次"),
]


def test_the_task_sharing_the_telling_words_is_suggested():
    match = suggest_parent("要加快传统五金产业高端化、智能化、绿色化升级改造。", TASKS)
    assert match.key == 2
    assert "五金" in match.words


def test_exhibitions_abroad_match_the_export_task():
    assert suggest_parent("商务局要组织企业参加境外展会50家次以上。", TASKS).key == 4


def test_common_words_alone_suggest_nothing():
    assert suggest_parent("要认真做好各项工作。", TASKS) is None


def test_nothing_to_match():
    assert suggest_parent("要强化项目支撑。", []) is None
