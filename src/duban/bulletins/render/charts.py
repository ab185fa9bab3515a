"""Charts for documents, drawn with matplotlib in a CJK face: the rank board and the pace of
red and yellow indicators. Each chart block becomes one PNG per ``ROWS_PER_IMAGE`` rows, so
a long list stays legible on an A4 page.
"""

from __future__ import annotations

import io
from functools import lru_cache

import matplotlib

matplotlib.use("Agg")  # no display on a server

from matplotlib import font_manager  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from duban.bulletins.render.fonts import FontMissing  # noqa: E402

ROWS_PER_IMAGE = 30
# A chart longer than two images is read by nobody: the rank board keeps the 30 best and the 30
# worst placed, the pace chart the 60 furthest behind; the appendix table has every indicator.
MOST_ROWS = 60
DPI = 130
WIDTH_IN = 6.3  # the text width of an A4 page with GB/T 9704 margins (156 mm)
COLOURS = {"strong": "#2e7d32", "middle": "#5c6b7a", "weak": "#c62828", None: "#5c6b7a",
           "red": "#c62828", "yellow": "#e0a100"}
LABEL_PT = 7.5


@lru_cache(maxsize=4)
def _font(family: str) -> font_manager.FontProperties:
    props = font_manager.FontProperties(family=family)
    try:
        font_manager.findfont(props, fallback_to_default=False)
    except ValueError:
        # matplotlib caches the font list on first use: fonts installed since are found only
        # after a rescan, once.
        font_manager.fontManager = font_manager._load_fontmanager(try_read_cache=False)
        font_manager.findfont = font_manager.fontManager.findfont
        try:
            font_manager.findfont(props, fallback_to_default=False)
        except ValueError:
            raise FontMissing(f"图表字体“{family}”未找到（matplotlib）：请安装 fonts-noto-cjk") from None
    return props


def _png(fig: Figure) -> bytes:
    out = io.BytesIO()
    fig.savefig(out, format="png", dpi=DPI, pil_kwargs={"compress_level": 1})  # speed over bytes
    return out.getvalue()


def _figure(labels: list[str], rows: int, panels: int = 1):
    """A figure sized for ``rows`` labelled rows, laid out by hand: automatic layout measures
    every label again and costs more than the drawing."""
    height = 0.75 + 0.26 * rows
    fig = Figure(figsize=(WIDTH_IN, height))
    longest = max((len(label) for label in labels), default=4)
    left = min(0.55, (longest * LABEL_PT / 72 + 0.15) / WIDTH_IN)
    fig.subplots_adjust(left=left, right=0.97, top=1 - 0.38 / height, bottom=0.42 / height, wspace=0.08)
    axes = fig.subplots(1, panels, sharey=True, squeeze=False)[0]
    return fig, axes


def _left_out_note(fig: Figure, left_out: int, font, which: str) -> None:
    if left_out:
        fig.text(0.99, 0.005, f"另有{which}的{left_out}项未列入本图，见附件表。", ha="right", va="bottom",
                 fontproperties=font, fontsize=7, color="#555555")


def _chunks(items: list, size: int = ROWS_PER_IMAGE) -> list[list]:
    return [items[i:i + size] for i in range(0, len(items), size)] or [[]]


def rank_board(data: dict, family: str) -> list[bytes]:
    """Per group, each indicator's rank as a dot on the scale 1…n (1, the best, on the left)."""
    font = _font(family)
    panels = data["panels"]
    first = {item["label"]: item["rank"] / item["of"] for item in panels[0]["items"]}
    labels = sorted({item["label"] for panel in panels for item in panel["items"]},
                    key=lambda label: (first.get(label, 2), label))
    left_out = max(len(labels) - MOST_ROWS, 0)
    if left_out:
        labels = labels[:MOST_ROWS // 2] + labels[-MOST_ROWS // 2:]
    images = []
    chunks = _chunks(labels)
    for n, chunk in enumerate(chunks, 1):
        fig, axes = _figure(chunk, len(chunk), len(panels))
        positions = {label: n for n, label in enumerate(chunk)}
        for ax, panel in zip(axes, panels):
            of = max(item["of"] for item in panel["items"])
            shown = [item for item in panel["items"] if item["label"] in positions]
            ys = [positions[item["label"]] for item in shown]
            colours = [COLOURS[item["strength"]] for item in shown]
            ax.hlines(ys, [item["rank"] for item in shown], [item["of"] for item in shown], color="#cfd6dd", lw=2)
            ax.scatter([item["rank"] for item in shown], ys, c=colours, s=22, zorder=3)
            ax.set_xlim(0.5, of + 0.5)
            ax.set_title(f"{panel['group']}（{of}个）位次", fontproperties=font, fontsize=9)
            ax.tick_params(axis="x", labelsize=7)
            ax.grid(axis="x", color="#eeeeee", lw=0.6)
            for side in ("top", "right"):
                ax.spines[side].set_visible(False)
        axes[0].set_yticks(range(len(chunk)), chunk, fontproperties=font, fontsize=LABEL_PT)
        axes[0].set_ylim(len(chunk) - 0.5, -0.5)
        if n == len(chunks):
            _left_out_note(fig, left_out, font, "位次居中")
        images.append(_png(fig))
    return images


def pace(data: dict, family: str) -> list[bytes]:
    """Each red or yellow indicator's gap in percentage points, as a bar left of zero."""
    font = _font(family)
    items = sorted(data["items"], key=lambda item: item["gap"])
    left_out = max(len(items) - MOST_ROWS, 0)
    items = items[:MOST_ROWS]
    images = []
    chunks = _chunks(items)
    for n, chunk in enumerate(chunks, 1):
        labels = [f"{item['label']}（{item['basis']}）" for item in chunk]
        fig, (ax,) = _figure(labels, len(chunk))
        ys = range(len(chunk))
        gaps = [item["gap"] for item in chunk]
        ax.barh(ys, gaps, color=[COLOURS[item["level"]] for item in chunk], height=0.6)
        for y, gap in zip(ys, gaps):
            ax.annotate(f"{gap:+.1f}", (gap, y), xytext=(-3 if gap < 0 else 3, 0), textcoords="offset points",
                        ha="right" if gap < 0 else "left", va="center", fontsize=7, fontproperties=font)
        ax.set_yticks(list(ys), labels, fontproperties=font, fontsize=LABEL_PT)
        ax.set_ylim(len(chunk) - 0.5, -0.5)
        low = min(min(gaps), 0)
        ax.set_xlim(low * 1.25 - 0.5, max(max(gaps), 0) + 1)
        ax.axvline(0, color="#333333", lw=0.8)
        ax.set_xlabel("百分点（负为落后）", fontproperties=font, fontsize=8)
        ax.tick_params(axis="x", labelsize=7)
        for side in ("top", "right"):
            ax.spines[side].set_visible(False)
        if n == len(chunks):
            _left_out_note(fig, left_out, font, "差距较小")
        images.append(_png(fig))
    return images


DRAWERS = {"rank_board": rank_board, "pace": pace}


def draw(block: dict, family: str) -> list[bytes]:
    return DRAWERS[block["kind"]](block["data"], family)
