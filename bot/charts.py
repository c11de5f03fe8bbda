"""The /stats chart: questions per day, stacked answered / "không tìm thấy" / 👎, with the
share answered as a line, as a PNG sized for a phone held upright.

matplotlib is imported inside `daily_png`, never by `import bot` (it costs half a second
and tens of MB), and only its object API is used, not pyplot: a Figure of its own with the
Agg canvas, so charts may be drawn in worker threads (`asyncio.to_thread`) without
pyplot's global state. DejaVu Sans, which matplotlib ships, has every Vietnamese letter.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import date

from bot.usage import DayCount

__all__ = ["HEIGHT", "WIDTH", "daily_png"]

# Pixels: 4:5, what Telegram shows uncropped and full width on a phone.
WIDTH, HEIGHT = 1080, 1350
_DPI = 150
TITLE = "Câu hỏi mỗi ngày"
LABELS = ("Đã trả lời", "Không tìm thấy", "Bị đánh giá chưa tốt")
SHARE_LABEL = "Tỷ lệ trả lời được"
_COLOURS = ("#2e7d32", "#9e9e9e", "#c62828")
_SHARE_COLOUR = "#1565c0"


def daily_png(days: Sequence[DayCount], *, subtitle: str = "") -> bytes:
    """The chart of `days` (oldest first) as PNG bytes, WIDTH x HEIGHT pixels."""
    from matplotlib.artist import Artist
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.collections import PolyCollection
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch
    from matplotlib.ticker import MaxNLocator, PercentFormatter

    figure = Figure(figsize=(WIDTH / _DPI, HEIGHT / _DPI), dpi=_DPI)
    FigureCanvasAgg(figure)
    # Fixed margins, not a layout engine: the constrained layout measured every artist
    # twice and took most of the time of a 90-day chart.
    figure.subplots_adjust(left=0.11, right=0.88, top=0.87, bottom=0.17)
    axes = figure.add_subplot()
    n = len(days)
    bottom = [0] * n
    parts = ([d.answered for d in days], [d.not_found for d in days], [d.down for d in days])
    for values, colour in zip(parts, _COLOURS, strict=True):
        # One collection of rectangles per part (Axes.bar makes an artist per bar).
        bars = [
            [(i - 0.4, b), (i + 0.4, b), (i + 0.4, b + v), (i - 0.4, b + v)]
            for i, (b, v) in enumerate(zip(bottom, values, strict=True))
            if v
        ]
        axes.add_collection(PolyCollection(bars, facecolors=colour, edgecolors="none"))
        bottom = [b + v for b, v in zip(bottom, values, strict=True)]

    share = axes.twinx()
    shown = [(i, 100 * d.found / d.total) for i, d in enumerate(days) if d.total]
    share.plot(
        [i for i, _ in shown],
        [v for _, v in shown],
        color=_SHARE_COLOUR,
        linewidth=2.5,
        marker="o" if n <= 31 else None,
        markersize=4,
    )
    share.set_ylim(0, 105)
    share.yaxis.set_major_formatter(PercentFormatter(decimals=0))
    share.tick_params(labelsize=11, colors=_SHARE_COLOUR)

    figure.text(0.03, 0.965, TITLE, fontsize=22, fontweight="bold", va="top")
    if subtitle:
        figure.text(0.03, 0.915, subtitle, fontsize=13, color="#424242", va="top")
    axes.set_ylabel("Số câu hỏi", fontsize=14)
    axes.yaxis.set_major_locator(MaxNLocator(integer=True))
    axes.set_ylim(0, max(max(bottom, default=0), 1) * 1.1)
    axes.tick_params(labelsize=11)
    step = max(1, round(n / 8))
    ticks = list(range(n))[::-1][::step][::-1]  # the last day always labelled
    axes.set_xticks(ticks, [_day(days[i].day) for i in ticks], rotation=45, ha="right")
    axes.set_xlim(-0.6, n - 0.4)
    axes.grid(axis="y", alpha=0.3)
    axes.spines[["top"]].set_visible(False)
    share.spines[["top"]].set_visible(False)

    handles: list[Artist] = [
        Patch(color=c, label=label) for c, label in zip(_COLOURS, LABELS, strict=True)
    ]
    handles.append(Line2D([], [], color=_SHARE_COLOUR, linewidth=2.5, label=SHARE_LABEL))
    figure.legend(handles=handles, loc="lower center", ncols=2, fontsize=12, frameon=False)
    out = io.BytesIO()
    figure.savefig(out, format="png", dpi=_DPI)
    return out.getvalue()


def _day(day: date) -> str:
    return day.strftime("%d/%m")
