import pytest

from duban.core.collectives import is_collective_unit, split_units


@pytest.mark.parametrize(
    "name",
    [
        "各镇（街道、区）",
        "各镇(街道、区)",
        "各镇街",
        "各乡镇（街道）",
        "各相关部门",
        "各有关单位",
        "各部门",
        "各区",
        "相关单位",
        "相关部门",
        "有关单位",
        "各有关部门",
        " 各相关部门 ",
    ],
)
def test_collective_units(name):
    assert is_collective_unit(name)


@pytest.mark.parametrize(
    "name",
    ["发改局", "经信局", "统计局", "各", "相关", "各项工作", "相关工作", "住房和城乡建设局", ""],
)
def test_single_units_and_non_units_are_not_collective(name):
    assert not is_collective_unit(name)


@pytest.mark.parametrize(
    ("text", "units"),
    [
        ("发改局、财政局", ["发改局", "财政局"]),
        ("发改局,财政局", ["发改局", "财政局"]),
        ("发改局，财政局", ["发改局", "财政局"]),
        ("发改局;财政局", ["发改局", "财政局"]),
        ("发改局；财政局", ["发改局", "财政局"]),
        ("发改局 财政局", ["发改局", "财政局"]),
        ("发改局\u3000财政局", ["发改局", "财政局"]),
        ("发改局/财政局", ["发改局", "财政局"]),
        ("发改局、 财政局、", ["发改局", "财政局"]),
        ("各镇（街道、区）", ["各镇（街道、区）"]),
        ("经信局、各镇(街道、区)", ["经信局", "各镇(街道、区)"]),
        ("统计局、各相关部门", ["统计局", "各相关部门"]),
        ("自然资源局、住建局", ["自然资源局", "住建局"]),
        ("住房和城乡建设局", ["住房和城乡建设局"]),
        ("", []),
        ("  ", []),
    ],
)
def test_split_units(text, units):
    assert split_units(text) == units


def test_sample_sheet_cooperating_units():
    cells = ["发改局、财政局", "各镇（街道、区）", "经信局", "统计局、各相关部门", "自然资源局、住建局"]
    units = [unit for cell in cells for unit in split_units(cell)]
    assert [u for u in units if is_collective_unit(u)] == ["各镇（街道、区）", "各相关部门"]
    assert len(units) == 8
