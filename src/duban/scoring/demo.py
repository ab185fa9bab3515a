"""The demo's schemes: 金华9县市区 争先进位 and the county's department 赛马, with December 2024's
bonus and deduction points, imported like any file."""

from __future__ import annotations

from duban.imports.base import ImportReport
from duban.imports.registry import importer_for
from duban.imports.tabular import Sheet

SCHEME_ROWS = [
    ["scheme", "scheme_name", "group", "indicator", "weight", "method", "step", "base", "span", "bands"],
    ["jinhua9", "金华9县市区争先进位考核", "jinhua9", "gyzjz", 25, "rank", 5, "", "", ""],
    ["jinhua9", "金华9县市区争先进位考核", "jinhua9", "gdzctz", 20, "efficacy", "", 60, 40, ""],
    ["jinhua9", "金华9县市区争先进位考核", "jinhua9", "ybggyssr", 15, "rank", 5, "", "", ""],
    ["jinhua9", "金华9县市区争先进位考核", "jinhua9", "ckze", 15, "efficacy", "", "", "", ""],
    ["jinhua9", "金华9县市区争先进位考核", "jinhua9", "shxfpls", 15, "threshold", "", "", "", "≥7:100;≥5:80;<5:60"],
    ["jinhua9", "金华9县市区争先进位考核", "jinhua9", "pm25", 10, "efficacy", "", "", "", ""],
    ["bumen", "部门赛马比拼", "", "red_lights", 30, "efficacy", "", "", "", ""],
    ["bumen", "部门赛马比拼", "", "green_pct", 20, "efficacy", "", "", "", ""],
    ["bumen", "部门赛马比拼", "", "on_time_closure_pct", 20, "efficacy", "", "", "", ""],
    ["bumen", "部门赛马比拼", "", "notices_received", 10, "threshold", "", "", "", "=0:100;≤2:60;>2:0"],
    ["bumen", "部门赛马比拼", "", "report_timeliness_pct", 20, "efficacy", "", "", "", ""],
]

ADJUSTMENT_ROWS = [
    ["scheme", "region", "period", "points", "reason"],
    ["jinhua9", "义乌市", "2024-12", 2, "获评省级营商环境优化提升示范（合成演示）"],
    ["jinhua9", "兰溪市", "2024-12", -1, "发生一般安全生产事故被通报（合成演示）"],
    ["bumen", "商务局", "2024-12", 1.5, "外贸稳增长工作获省通报表扬（合成演示）"],
    ["bumen", "住建局", "2024-12", -1, "督查反馈问题整改不到位（合成演示）"],
]

# Full marks only for counties whose industrial growth reaches 5 %.
GATES = {"jinhua9": "gyzjz≥5:95"}


class DemoScoringRejected(RuntimeError):
    pass


def load_demo_scoring() -> list[ImportReport]:
    from duban.scoring.models import Scheme, ScoreAdjustment

    reports = [importer_for("schemes")(file_name="demo:schemes", actor="demo").run([Sheet("demo-schemes", SCHEME_ROWS)])]
    for code, gates in GATES.items():
        Scheme.objects.filter(code=code).exclude(gates=gates).update(gates=gates)
    if not ScoreAdjustment.objects.filter(actor="demo").exists():  # loading again adds nothing
        reports.append(
            importer_for("score_adjustments")(file_name="demo:score_adjustments", actor="demo", reason="载入演示数据")
            .run([Sheet("demo-score-adjustments", ADJUSTMENT_ROWS)])
        )
    for report in reports:
        if not report.ok:
            raise DemoScoringRejected("\n".join(map(str, report.problems[:20])))
    return reports
