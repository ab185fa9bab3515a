"""Bulletin speed: the Word and PDF bulletin for 300 indicators with charts, each beside a
baseline in the same run (python-docx / Chromium printing the same indicator table, no charts).

``python -m benchmarks.bulletin_speed``; BENCH_BULLETIN_INDICATORS (300), BENCH_RUNS (3: the
median is reported). The content is generated (no database): 300 indicators in 6 categories,
two peer groups (9 and 90), ranks with ties, a third of them red or yellow.
"""

from __future__ import annotations

import io
import os
import random
import resource
import statistics
import tempfile
import time


def _setup() -> None:
    os.environ.setdefault("DUBAN_DATA_DIR", tempfile.mkdtemp(prefix="duban-bench-"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "duban.settings")
    import django

    django.setup()


def content(n: int) -> dict:
    from duban.bulletins import blocks as b
    from duban.bulletins.content import document, numbered
    from duban.core.published import Place, Reference, published_sentence

    rng = random.Random(20240420)
    levels = ["red", "yellow", "green", "green", "none", "yellow"]
    rows, items, warned, board = [], [], [], {"金华": [], "全省": []}
    columns = [b.column("指标", width=3.2), b.column("单位", width=1.4), b.column("年度目标", width=2.8),
               b.column("当期值", "number", 2), b.column("累计值", "number", 2), b.column("同比%", "number", 1),
               b.column("完成率%", "number", 1), b.column("序时进度%", "number", 1), b.column("快慢序时(点)", "signed", 1),
               b.column("金华位次", "rank"), b.column("金华进退", "change"), b.column("全省位次", "rank"),
               b.column("全省进退", "change"), b.column("预警", "level")]
    for i in range(n):
        if i % 50 == 0:
            rows.append(b.band(f"类别{i // 50 + 1}"))
        name, growth = f"指标{i + 1:03d}", round(rng.uniform(-5, 15), 1)
        jh, zj = rng.randint(1, 9), rng.randint(1, 90)
        moved_jh, moved_zj = rng.randint(-3, 3), rng.randint(-10, 10)
        level, gap = levels[i % 6], round(rng.uniform(-9, 3), 1)
        rows.append(b.row([name, "亿元", "增长8%；金华前3", round(rng.uniform(10, 500), 2), round(rng.uniform(10, 900), 2),
                           growth, round(rng.uniform(60, 110), 1), 25.0, gap, b.rank_cell(jh, 9, i % 7 == 0), moved_jh,
                           b.rank_cell(zj, 90, i % 11 == 0), moved_zj, level], level))
        places = [Place("金华", jh, i % 7 == 0, moved_jh), Place("全省", zj, i % 11 == 0, moved_zj)]
        items.append((name, published_sentence(name=name, figure=growth, reference=Reference("全省", 6.1),
                                               places=places) + "。"))
        board["金华"].append({"label": name, "rank": jh, "of": 9, "strength": ["strong", "middle", "weak"][(jh - 1) // 3]})
        board["全省"].append({"label": name, "rank": zj, "of": 90, "strength": ["strong", "middle", "weak"][(zj - 1) // 30]})
        if level in ("red", "yellow"):
            warned.append({"label": name, "gap": gap if gap < 0 else -0.5, "level": level, "basis": "快慢序时进度"})
    sections = numbered([
        b.section("主要指标晾晒", "指标晾晒", [b.sentences(items), b.chart("rank_board", "主要指标位次", {
            "panels": [{"group": g, "items": v} for g, v in board.items()]})]),
        b.section("预警指标", "预警指标", [b.chart("pace", "红灯、黄灯指标进度差距（百分点）", {"items": warned})]),
    ])
    sections.append(b.section("附件 主要指标完成情况表", "指标完成情况表", [b.table(columns, rows)], landscape=True))
    from datetime import date

    from duban.catalogue.models import Region

    return document("bulletin", "永康市主要指标完成情况通报（2024年1-3月）", Region(code="330784", name="永康市"), None,
                    date(2024, 4, 20), sections)


def baseline_docx(table: dict) -> bytes:
    """python-docx writing the same table, the plain way: no styles, no charts."""
    from docx import Document

    from duban.bulletins.blocks import cell_text

    doc = Document()
    columns = table["columns"]
    grid = doc.add_table(rows=1, cols=len(columns))
    for cell, col in zip(grid.rows[0].cells, columns):
        cell.text = col["title"]
    for row in table["rows"]:
        cells = grid.add_row().cells
        values = [row["band"]] + [""] * (len(columns) - 1) if "band" in row else [
            cell_text(col, v) for col, v in zip(columns, row["cells"])]
        for cell, text in zip(cells, values):
            cell.text = text
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def baseline_pdf(table_only: dict, fonts) -> bytes:
    from duban.bulletins.render import web

    return web.render_pdf(table_only, fonts)


def _cpu() -> float:
    """CPU seconds of this process and of its finished children (the PDF printer)."""
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + children.ru_utime + children.ru_stime


def _median(fn, runs: int) -> tuple[float, float]:
    """Median wall and CPU seconds: on a shared machine the CPU time is the steadier figure."""
    walls, cpus = [], []
    for _ in range(runs):
        start, cpu = time.perf_counter(), _cpu()
        fn()
        walls.append(time.perf_counter() - start)
        cpus.append(_cpu() - cpu)
    return statistics.median(walls), statistics.median(cpus)


def main() -> None:
    _setup()
    from duban.bulletins.render import web, word
    from duban.bulletins.render.fonts import document_fonts

    n = int(os.environ.get("BENCH_BULLETIN_INDICATORS", "300"))
    runs = int(os.environ.get("BENCH_RUNS", "3"))
    doc, fonts = content(n), document_fonts()
    table = doc["sections"][-1]["blocks"][0]
    table_only = dict(doc, sections=[doc["sections"][-1]])
    word.render(doc, fonts)  # warm the font caches once, as a running server has them
    figures = {
        "word": _median(lambda: word.render(doc, fonts), runs),
        "word_baseline": _median(lambda: baseline_docx(table), runs),
        "pdf": _median(lambda: web.render_pdf(doc, fonts), runs),
        "pdf_baseline": _median(lambda: baseline_pdf(table_only, fonts), runs),
    }
    print(f"bulletin ({n} indicators, charts included; median of {runs}; wall s / CPU s)")
    for name, label, baseline in (("word", "Word with charts", "python-docx same table, no charts"),
                                  ("pdf", "PDF with charts ", "Chromium same table, no charts   ")):
        (wall, cpu), (base_wall, base_cpu) = figures[name], figures[f"{name}_baseline"]
        print(f"  {label}  {wall:6.2f} / {cpu:5.2f}   {baseline}  {base_wall:6.2f} / {base_cpu:5.2f}"
              f"   ratio {wall / base_wall:.2f} / {cpu / base_cpu:.2f}")

if __name__ == "__main__":
    main()
