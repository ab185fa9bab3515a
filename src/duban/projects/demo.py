"""The demo's major projects: 永康's towns, 42 synthetic projects with 2024 plans and a year of
monthly progress, loaded through the ordinary importers (loading twice changes nothing)."""

from __future__ import annotations

import random
from decimal import Decimal

from duban.demo.catalogue_data import DEPARTMENTS
from duban.imports.base import ImportReport
from duban.imports.registry import importer_for
from duban.imports.tabular import Sheet

DEMO_YEAR = 2024  # the demo's figures end in 2024-12
SEED = 20240114

# 永康市's towns and subdistricts (synthetic codes under the county's real one).
TOWNS = [
    ("330784001", "东城街道"), ("330784002", "西城街道"), ("330784003", "江南街道"), ("330784004", "石柱镇"),
    ("330784101", "前仓镇"), ("330784102", "舟山镇"), ("330784103", "古山镇"), ("330784104", "方岩镇"),
    ("330784105", "龙山镇"), ("330784106", "西溪镇"), ("330784107", "象珠镇"), ("330784108", "唐先镇"),
    ("330784109", "花街镇"), ("330784110", "芝英镇"),
]

LEADERS = dict(DEPARTMENTS)

# type, lead department, task force, names
KINDS = [
    ("产业项目", "经信局", "创新深化专班", ["年产50万台智能电动工具", "新能源汽车零部件产业园", "高端五金智造基地",
                                    "智能门业数字化车间", "保温杯智能制造", "电动车整车扩产", "精密铸造技改",
                                    "智能锁具产业园", "户外休闲用品基地", "金属材料循环利用"]),
    ("招商项目", "投促中心", "开放提升专班", ["总部经济大楼", "跨境电商产业园", "五金国际采购中心", "数字贸易港",
                                    "外资医疗器械基地", "现代物流枢纽"]),
    ("商贸项目", "商务局", "开放提升专班", ["中国科技五金城三期", "城市商业综合体", "农贸市场改造提升", "会展中心配套"]),
    ("科技创新", "科技局", "创新深化专班", ["五金产业创新服务综合体", "先进制造研究院", "科创园二期", "中试基地"]),
    ("基础设施", "交通运输局", "3310专班", ["金永高速互通连接线", "330国道改建", "城市快速路一期", "公交枢纽站",
                                     "永武缙城际轨道站场"]),
    ("基础设施", "住建局", "3310专班", ["老旧小区改造", "城市有机更新片区", "保障性租赁住房", "地下综合管廊"]),
    ("社会民生", "发改局", "改革攻坚专班", ["第一人民医院迁建", "职业技术学院扩建", "养老服务中心", "体育中心"]),
    ("生态环保", "水利局", "改革攻坚专班", ["永康江综合治理", "杨溪水库扩容", "城乡供水一体化", "污水处理厂提标",
                                     "华溪流域防洪"]),
]


def _wan(value: float) -> str:
    return str(Decimal(value).quantize(Decimal(1)))


def regions() -> list[list[str]]:
    return [["code", "name", "parent"], *[[code, name, "330784"] for code, name in TOWNS]]


def projects(rng: random.Random) -> tuple[list[list[str]], list[dict]]:
    header = ["项目编号", "项目名称", "类型", "所在镇街", "牵头单位", "责任领导", "专班", "总投资", "年度", "年度计划投资",
              *[f"{m}月" for m in range(1, 13)], "计划开工", "实际开工"]
    rows, specs, n = [header], [], 0
    for kind, department, force, names in KINDS:
        for name in names:
            n += 1
            code = f"YK{DEMO_YEAR}-{n:03d}"
            annual = rng.choice([3000, 5000, 8000, 12000, 15000, 20000, 30000, 50000])
            total = annual * rng.choice([2, 3, 4, 6])
            town = TOWNS[(n * 5) % len(TOWNS)][1]
            # Most plans are spread evenly; some are back-loaded, some start this year.
            start_month = rng.choice([1, 1, 2, 3, 3, 4, 5, 6]) if n % 4 == 0 else None
            months = [""] * 12
            if start_month:  # nothing planned before the start, the rest spread evenly
                weights = [0] * (start_month - 1) + [1] * (13 - start_month)
            elif n % 3 == 0:
                weights = [1, 1, 2, 3, 3, 4, 4, 4, 4, 5, 5, 6]
            if start_month or n % 3 == 0:
                parts = [annual * w // sum(weights) for w in weights]
                parts[-1] += annual - sum(parts)
                months = [str(p) for p in parts]
            planned_start = f"{DEMO_YEAR}-{start_month:02d}" if start_month else f"{DEMO_YEAR - 1}-{rng.randint(3, 12):02d}"
            rows.append([code, f"{name}项目", kind, town, department, LEADERS[department], force,
                         _wan(total), str(DEMO_YEAR), _wan(annual), *months, planned_start,
                         "" if start_month else planned_start])
            specs.append({"code": code, "annual": annual, "months": months, "start": start_month, "n": n})
    return rows, specs


def progress(rng: random.Random, specs: list[dict]) -> list[list[str]]:
    """Year-to-date completed investment by month. Most projects run close to plan; a few lag
    (yellow or red), two start late, one falls behind in spring and catches up by summer."""
    rows = [["项目", "月份", "累计完成投资", "实际开工"]]
    for spec in specs:
        annual = spec["annual"]
        plan = [Decimal(m) for m in spec["months"]] if spec["months"][0] else [Decimal(annual) / 12] * 12
        pace = rng.choice([1.02, 1.0, 0.97, 0.95, 0.92, 0.85, 0.8, 0.65])
        late_start = spec["n"] in (8, 28)  # planned to start in spring, not started for months
        catch_up = spec["n"] == 5
        if catch_up:
            pace = 1.0
        elif spec["n"] in (17, 33):  # far behind all year: red
            pace = 0.45
        started = None
        cumulative = Decimal(0)
        for month in range(1, 13):
            planned = sum(plan[:month], Decimal(0))
            if spec["start"] and month < spec["start"]:
                done = Decimal(0)
            elif late_start and month < 9:
                done = Decimal(0)
            elif catch_up and month in (3, 4, 5):
                done = planned * Decimal("0.25")
            else:
                done = planned * Decimal(str(pace)) * Decimal(str(rng.uniform(0.96, 1.04)))
            cumulative = max(cumulative, done.quantize(Decimal(1)))
            start_cell = ""
            if spec["start"] and started is None and cumulative > 0:
                started = month
                start_cell = f"{DEMO_YEAR}-{month:02d}-{rng.randint(5, 25):02d}"
            rows.append([spec["code"], f"{DEMO_YEAR}-{month:02d}", str(cumulative), start_cell])
    return rows


def load_demo_projects() -> list[ImportReport]:
    rng = random.Random(SEED)
    project_rows, specs = projects(rng)
    reports = []
    for kind, rows in (("regions", regions()), ("projects", project_rows), ("project_progress", progress(rng, specs))):
        importer = importer_for(kind)(file_name=f"demo:{kind}", actor="demo", reason="载入演示数据")
        report = importer.run([Sheet(f"demo-{kind}", rows)])
        if not report.ok:
            raise RuntimeError("\n".join(map(str, report.problems[:20])))
        reports.append(report)
    return reports
