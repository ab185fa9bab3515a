"""Generates the synthetic demo tables, deterministically, in the same shapes people import.

Each function returns rows (header first) for one ``duban import`` kind, so the demo loads
through the very importers a user's files go through.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from duban.demo import catalogue_data as cat

YEARS = (2023, 2024)
SEED = 20240307

# Share of the year's flow by month: February is low (Spring Festival), December high.
MONTH_SHARE = [0.070, 0.055, 0.082, 0.080, 0.083, 0.088, 0.082, 0.083, 0.087, 0.085, 0.088, 0.117]


def regions() -> list[list[str]]:
    rows = [["code", "name", "parent"], [*cat.PROVINCE, ""]]
    rows += [[code, name, cat.PROVINCE[0]] for code, name in cat.PREFECTURES]
    rows += [[code, name, code[:4] + "00"] for code, name in cat.COUNTIES]
    return rows


def groups() -> list[list[str]]:
    rows = [["group", "group_name", "region"]]
    jinhua = [c for c, _ in cat.COUNTIES if c.startswith("3307")]
    rows += [[cat.JINHUA_GROUP[0], cat.JINHUA_GROUP[1], code] for code in jinhua]
    rows += [[cat.PROVINCE_GROUP[0], cat.PROVINCE_GROUP[1], code] for code, _ in cat.COUNTIES]
    return rows


def departments() -> list[list[str]]:
    return [["name", "leader"], *[[name, leader] for name, leader in cat.DEPARTMENTS]]


def indicators() -> list[list[str]]:
    rows = [["code", "name", "unit", "kind", "direction", "frequency", "rank_by", "category", "department", "aliases"]]
    rows += [[*spec[:9], cat.INDICATOR_ALIASES.get(spec[0], "")] for spec in cat.INDICATORS]
    return rows


class Region:
    """A synthetic county: its size against a typical county and its growth bias in points."""

    def __init__(self, code: str, rng: random.Random):
        self.code = code
        self.size = rng.lognormvariate(0, 0.55)
        self.bias = rng.gauss(0, 2.5)


def observations() -> list[list[object]]:
    rng = random.Random(SEED)
    counties = [Region(code, rng) for code, _ in cat.COUNTIES]
    home = next(r for r in counties if r.code == cat.HOME)
    home.size, home.bias = 1.1, 0.8  # a county in the upper middle, as 永康 is
    rows: list[list[object]] = [["indicator", "region", "period", "value", "yoy_pct", "basis"]]
    for spec in cat.INDICATORS:
        code, _, _, kind, _, frequency, _, _, _, level, growth = spec
        for region in counties:
            series_rng = random.Random(f"{SEED}-{code}-{region.code}")
            if kind == "flow" and frequency in ("month", "quarter"):
                rows += _flow_ytd(code, frequency, level, growth, region, series_rng)
            elif kind == "flow" and frequency == "dekad":
                rows += _flow_dekads(code, level, growth, region, series_rng)
            elif kind == "stock":
                rows += _stock(code, level, growth, region, series_rng)
            else:
                rows += _rate(code, frequency, level, region, series_rng)
    return rows + _totals(rows)


def _totals(rows: list[list[object]]) -> list[list[object]]:
    """The prefectures' and the province's own rows (全市, 全省), as bureaus publish them beside the
    counties: the sum of their counties' year-to-date values, and the growth of that sum."""
    sums: dict[tuple, float] = {}
    for code, region, period, value, _, basis in rows[1:]:
        if basis != "ytd" or value == "":
            continue
        for total in (f"{region[:4]}00", cat.PROVINCE[0]):
            sums[(code, total, period)] = sums.get((code, total, period), 0.0) + value
    totals = []
    for (code, total, period), value in sums.items():
        last = sums.get((code, total, f"{int(period[:4]) - 1}{period[4:]}"))
        totals.append([code, total, period, round(value, 2), round((value / last - 1) * 100, 1) if last else "", "ytd"])
    return totals


def _flow_ytd(code, frequency, level, growth, region, rng) -> list[list[object]]:
    """Year-to-date values and published growth, January and February published together."""
    base = level * region.size
    months_2023 = [base * share * rng.uniform(0.95, 1.05) for share in MONTH_SHARE]
    growth_2024 = [growth + region.bias + rng.gauss(0, 2.0) for _ in range(12)]
    months_2024 = [v * (1 + g / 100) for v, g in zip(months_2023, growth_2024)]
    growth_2023 = growth + region.bias + rng.gauss(0, 1.5)
    rows = []
    ends = range(2, 13) if frequency == "month" else (3, 6, 9, 12)
    for year, months in ((2023, months_2023), (2024, months_2024)):
        for end in ends:
            ytd = sum(months[:end])
            if year == 2023:
                yoy = growth_2023 + rng.gauss(0, 0.4)
            else:
                yoy = (ytd / sum(months_2023[:end]) - 1) * 100
            period = f"{year}-{end:02d}" if frequency == "month" else f"{year}Q{end // 3}"
            value = "" if code in cat.GROWTH_ONLY else round(ytd, 2)
            rows.append([code, region.code, period, value, round(yoy, 1), "ytd"])
    return rows


def _flow_dekads(code, level, growth, region, rng) -> list[list[object]]:
    rows = []
    for year in YEARS:
        factor = (1 + (growth + region.bias) / 100) ** (year - 2023)
        for month in range(1, 13):
            for dekad in (1, 2, 3):
                days = _dekad_days(year, month, dekad)
                value = level * region.size * factor * MONTH_SHARE[month - 1] * days / 30.4 * rng.uniform(0.93, 1.07)
                rows.append([code, region.code, f"{year}-{month:02d}D{dekad}", round(value, 1), "", "period"])
    return rows


def _dekad_days(year: int, month: int, dekad: int) -> int:
    if dekad < 3:
        return 10
    next_month = date(year + month // 12, month % 12 + 1, 1)
    return (next_month - timedelta(days=1)).day - 20


def _stock(code, level, growth, region, rng) -> list[list[object]]:
    rows = []
    value = level * region.size
    monthly = (1 + (growth + region.bias) / 100) ** (1 / 12)
    for year in YEARS:
        for month in range(1, 13):
            value *= monthly * rng.uniform(0.995, 1.005)
            shown = round(value) if code.endswith(("qys", "qy", "xqy")) else round(value, 2)
            rows.append([code, region.code, f"{year}-{month:02d}", shown, "", "period"])
    return rows


def _rate(code, frequency, level, region, rng) -> list[list[object]]:
    rows = []
    periods = {
        "year": [str(y) for y in YEARS],
        "quarter": [f"{y}Q{q}" for y in YEARS for q in range(1, 5)],
        "month": [f"{y}-{m:02d}" for y in YEARS for m in range(1, 13)],
    }[frequency]
    spread = rng.uniform(0.7, 1.3)
    for index, period in enumerate(periods):
        trend = 1 - 0.01 * index if code in ("pm25", "dwgdpnh") else 1 + 0.02 * index
        value = level * spread * trend * rng.uniform(0.95, 1.05)
        rows.append([code, region.code, period, round(value, 3 if level < 1 else 2), "", "period"])
    return rows


def targets(observation_rows: list[list[object]]) -> list[list[object]]:
    """2024 targets for the home county: annual value and growth, a Q1 staged target, rank targets."""
    full_2023 = {
        row[0]: row[3] for row in observation_rows[1:]
        if row[1] == cat.HOME and row[2] in ("2023-12", "2023Q4") and row[5] == "ytd"
    }
    rows: list[list[object]] = [["indicator", "region", "period", "value", "growth_pct", "rank_group", "rank_max"]]
    for spec in cat.INDICATORS:
        code, kind, growth = spec[0], spec[3], spec[10]
        if kind != "flow" or spec[5] == "dekad":
            continue
        target_growth = round(growth + 1.0, 1)
        last = full_2023.get(code)
        annual = round(last * (1 + target_growth / 100), 2) if isinstance(last, float) else ""
        rows.append([code, cat.HOME, "2024", annual, target_growth, "", ""])
        if annual != "":
            q1_share = sum(MONTH_SHARE[:3])
            rows.append([code, cat.HOME, "2024Q1", round(annual * q1_share * 1.02, 2), target_growth + 0.5, "", ""])
    for code in cat.JINHUA_TOP3:
        rows.append([code, cat.HOME, "2024", "", "", cat.JINHUA_GROUP[0], 3])
    for code in cat.PROVINCE_TOP30:
        rows.append([code, cat.HOME, "2024", "", "", cat.PROVINCE_GROUP[0], 30])
    return rows
