"""The fast paths of large imports give exactly what the plain paths give: numbers, checks, reports."""

import json
import random
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import Workbook

from duban.catalogue.models import Indicator, Region
from duban.core.numbers import NumberError, parse_number, plain_number
from duban.core.periods import Period
from duban.observations import checking
from duban.observations.models import Observation, ObservationRevision
from duban.observations.figures import ObservationBatch, ObservationInput

# -- numbers -------------------------------------------------------------------------------

PIECES = st.sampled_from(["0", "1", "7", "12", "007", "1,234", "5", "9", ".", ".", "-", "+", "−", "－", " ", "\u3000",
                          "\u00a0", "%", "万", "亿", "元", "１", "２", "．", "(", ")", "e", "—", "/", "N/A", "无", "٣", "²"])


def _same(text: str) -> None:
    fast = plain_number(text)
    if fast is None:
        return
    slow = parse_number(text)
    assert slow is not None and fast.as_tuple() == slow.as_tuple(), text


@given(st.lists(PIECES, max_size=8).map("".join))
def test_plain_number_is_parse_number_on_pieced_texts(text):
    _same(text)


@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=12))
def test_plain_number_is_parse_number_on_any_text(text):
    _same(text)


@given(st.decimals(allow_nan=False, allow_infinity=False), st.sampled_from(["", " ", "  "]), st.sampled_from(["", "+"]))
def test_plain_number_takes_every_plain_decimal(number, pad, plus):
    text = f"{number:f}"
    if plus and not text.startswith("-"):
        text = plus + text
    text = pad + text + pad
    assert plain_number(text) is not None
    _same(text)


def test_plain_number_declines_what_needs_the_full_parser():
    for text in ["１２．３", "1,234", "12.3%", "1.2亿", "-", "—", "1.", ".5", "1e5", "(3)", "N/A", "", "1 234"]:
        assert plain_number(text) is None
    with pytest.raises(NumberError):
        parse_number("1e5")


# -- checks --------------------------------------------------------------------------------

MONTHS = [f"{y}-{m:02d}" for y in (2022, 2023, 2024) for m in range(2, 13)]


def _figures(seed: int, indicators, regions):
    """Monthly YTD (flows) and period values (the stock) with planted trouble: falling YTD,
    growth that disagrees, outlying growth and levels, values beyond min/max."""
    rng = random.Random(seed)
    rows = []
    for indicator in indicators:
        basis = "ytd" if indicator.kind == "flow" else "period"
        for region in regions:
            level = rng.uniform(10, 500)
            by_month = {}
            for month in MONTHS:
                step = rng.uniform(0.5, 1.5) if indicator.kind == "flow" else rng.uniform(-3, 3)
                level = level + step if not month.endswith("-02") or indicator.kind != "flow" else rng.uniform(5, 20)
                value = Decimal(f"{level:.2f}")
                trouble = rng.random()
                if trouble < 0.03:
                    value = -value if indicator.kind == "stock" else value / 3  # below min / falling YTD
                elif trouble < 0.05 and indicator.kind == "stock":
                    value = Decimal(9999)  # above max, and an outlying change
                last = by_month.get(f"{int(month[:4]) - 1}{month[4:]}")
                yoy = None
                if last is not None and last != 0:
                    yoy = Decimal(f"{(float(value) / float(last) - 1) * 100:.1f}")
                    if rng.random() < 0.05:
                        yoy += Decimal(rng.choice([3, -7, 40]))  # disagrees, or an outlier
                if rng.random() < 0.05:
                    value = None if yoy is not None else value  # growth only
                by_month[month] = value if value is not None else Decimal(f"{level:.2f}")
                rows.append((indicator, region, Period.parse(month), basis, value, yoy))
    return rows


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_check_batch_equals_check_inputs(catalogue, store, monkeypatch, seed):
    monkeypatch.setattr(checking, "VECTOR_MIN", 0)
    indicators = list(Indicator.objects.filter(code__in=["gyzjz", "shxfpls", "gxjsqys"]).order_by("code"))
    indicators[-1].min_value, indicators[-1].max_value = Decimal(0), Decimal(5000)
    regions = list(Region.objects.filter(parent__code="330700").order_by("code"))[:5]
    rows = _figures(seed, indicators, regions)
    rng = random.Random(seed)
    stored, incoming = [], []
    for row in rows:
        (stored if row[2].code < "2024-01" and rng.random() < 0.7 else incoming).append(row)
    for indicator, region, period, basis, value, yoy in stored:
        if value is not None or yoy is not None:
            store(indicator.code, region.code, period.code, value, yoy, basis=basis)
    # some incoming figures repeat the stored ones (unchanged: not checked again), some change them
    incoming += [r for r in stored[::5]] + [(i, r, p, b, (v or Decimal(1)) * 2, y) for i, r, p, b, v, y in stored[2::9]]
    seen, items = set(), []
    for indicator, region, period, basis, value, yoy in incoming:
        if (value is None and yoy is None) or (indicator.id, region.id, period.code, basis) in seen:
            continue
        seen.add((indicator.id, region.id, period.code, basis))
        items.append(ObservationInput(indicator, region, period, basis, value, yoy))
    rng.shuffle(items)
    expected = checking.check_inputs(items)
    assert {f.result.check for f in expected} >= {"range", "ytd_falling", "growth_mismatch", "outlier"}
    assert checking.check_batch(ObservationBatch.from_items(items)) == expected


# -- the import itself ---------------------------------------------------------------------

CSV = """
indicator,region,period,basis,value,yoy_pct,rank
gyzjz,330784,2024-02,ytd,48.12,8.1,
规上工业增加值,义乌市,2024年1-3月,ytd, 99.5 ,１０．２,1
gdzctz,330784,2024-02,ytd,,6.0,4
gxjsqys,330784,2024-02,period,652,,
shxfpls,330782,2024-02,ytd,1.2亿元,5%,
,,,,,,
shxfpls,330783,2024-02,ytd,—,-3.5,2
"""


def _import(path, capsys, *args):
    try:
        call_command("import", str(path), "--kind", "observations", "--json", "--reason", "测试", *args)
    except SystemExit:
        pass
    except Exception as error:  # the command exits non-zero on a rejected file
        if getattr(error, "returncode", None) != 1:
            raise
    report = json.loads(capsys.readouterr().out)
    rows = sorted(map(str, Observation.objects.values_list("indicator__code", "region__code", "period", "basis", "value",
                                                  "yoy_pct", "reported_rank", "status", "version")))
    ledger = sorted(map(str, ObservationRevision.objects.values_list("observation__indicator__code", "action", "old_value",
                                                            "new_value", "new_yoy_pct", "reason")))
    return report, rows, ledger


MANY = (CSV.replace("48.12", "四十八").replace("330783", "火星市").replace("ytd,1.2亿元", "当月,1.2亿元")
        + "gyzjz,330784,2024-02,ytd,1,1,\nshxfpls,330782,2024-02,ytd,,,\ngdzctz,330784,2024-03,ytd,1,1,0\n"
        + "gyzjz,,,ytd,x,y,z\n")
UNKNOWN = "未知的区域“火星市”；最接近的有：金华市、永康市、兰溪市"


@pytest.mark.parametrize("text,problems", [
    (CSV.replace("48.12", "四十八"), [(2, "5", "value", "四十八", "无法识别的数字“四十八”")]),
    (CSV + "gyzjz,330784,2024-02,ytd,1,1,\n", [(9, "2", "region", "330784", "与第 2 行重复（同一指标、区域、期间和口径）")]),
    (CSV.replace("330783", "火星市").replace("2024年1-3月", "2099-03"),
     [(3, "3", "period", "2099-03", "期间尚未结束（截至 {today}）"), (8, "2", "region", "火星市", UNKNOWN)]),
    (CSV.replace("652", "-5"), [(5, "5", "value", "-5", "数值 -5家 低于合理下限 0家")]),  # from the checks
    # every problem of the file, in row order, each at its place; the repeated row 9 repeats a
    # row that is itself refused (row 2), so it is not named
    (MANY, [
        (2, "5", "value", "四十八", "无法识别的数字“四十八”"),
        (6, "4", "basis", "当月", "口径应为 period（当期）或 ytd（累计）"),
        (8, "2", "region", "火星市", UNKNOWN),
        (10, "5", "value", None, "数值和增速都为空：无数据的行请删除，不要填 0"),
        (11, "7", "rank", "0", "位次应为正整数"),
        (12, "2", "region", None, "不能为空"),
        (12, "3", "period", None, "不能为空"),
        (12, "5", "value", "x", "无法识别的数字“x”"),
        (12, "6", "yoy_pct", "y", "无法识别的数字“y”"),
        (12, "7", "rank", "z", "无法识别的数字“z”"),
    ]),
])
def test_every_problem_is_named_at_its_place_and_nothing_written(catalogue, write_csv, capsys, text, problems):
    report, rows, ledger = _import(write_csv("bad.csv", text), capsys)
    today = f"{timezone.localdate():%Y-%m-%d}"
    assert [(p["row"], p["column"], p["field"], p["value"], p["reason"]) for p in report["problems"]] == [
        (*place, reason.format(today=today)) for *place, reason in problems]
    assert (report["created"], report["updated"], report["unchanged"]) == (0, 0, 0)
    assert rows == ledger == []


def test_a_good_file_is_written_whole(catalogue, write_csv, capsys):
    report, rows, ledger = _import(write_csv("good.csv", CSV), capsys)
    assert report["ok"] and (report["created"], report["updated"], report["unchanged"]) == (6, 0, 0)
    assert len(ledger) == 6
    assert rows == [  # 1.2亿元 in the indicator's 亿元, １０．２ and 5% as numbers, — as no value
        "('gdzctz', '330784', '2024-02', 'ytd', None, Decimal('6.0000'), 4, 'published', 1)",
        "('gxjsqys', '330784', '2024-02', 'period', Decimal('652.0000'), None, None, 'published', 1)",
        "('gyzjz', '330782', '2024-03', 'ytd', Decimal('99.5000'), Decimal('10.2000'), 1, 'published', 1)",
        "('gyzjz', '330784', '2024-02', 'ytd', Decimal('48.1200'), Decimal('8.1000'), None, 'published', 1)",
        "('shxfpls', '330782', '2024-02', 'ytd', Decimal('1.2000'), Decimal('5.0000'), None, 'published', 1)",
        "('shxfpls', '330783', '2024-02', 'ytd', None, Decimal('-3.5000'), 2, 'published', 1)",
    ]


def test_a_true_or_false_cell_is_no_number_even_beside_equal_numbers(catalogue, tmp_path, capsys):
    """Python counts True equal to 1 and 1.0: a column judged once per distinct cell merged them,
    and a TRUE rank beside a 1 was stored as rank 1 (unless another cell of the file was bad)."""
    book = Workbook()
    sheet = book.active
    sheet.append(["indicator", "region", "period", "basis", "value", "yoy_pct", "rank"])
    sheet.append(["gyzjz", 330784, "2024-02", "ytd", 1, 1.0, 1])
    sheet.append(["gyzjz", 330782, "2024-02", "ytd", 1.0, 1, True])
    book.save(tmp_path / "true.xlsx")
    report, rows, _ = _import(tmp_path / "true.xlsx", capsys)
    assert [(p["row"], p["column"], p["value"], p["reason"]) for p in report["problems"]] == [
        (3, "G", "True", "无法识别的数字“True”")]
    assert rows == []
