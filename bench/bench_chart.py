"""How long the /stats chart takes to draw (bot/charts.py), the part of /stats that costs.

    python bench/bench_chart.py [--days 90] [--reps 7]

Prints: the first chart in a fresh process (matplotlib imported, fonts found: what the
first /stats after a start pays), then the median, min and max of `--reps` more charts of
`--days` days with made-up counts, each a whole PNG as the bot sends it. The budget is
1 s for a 90-day chart; the bot draws it in a worker thread, so questions are answered
meanwhile (tests/bot/test_stats.py).
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bot.charts import HEIGHT, WIDTH, daily_png
from bot.usage import DayCount


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--days", type=int, default=90)
    parser.add_argument("--reps", type=int, default=7)
    args = parser.parse_args()
    rng = random.Random(17)
    start = date(2026, 1, 1)
    days = [
        DayCount(
            start + timedelta(days=i), rng.randint(0, 60), rng.randint(0, 15), rng.randint(0, 5)
        )
        for i in range(args.days)
    ]
    subtitle = f"{args.days} ngày: {sum(d.total for d in days)} câu hỏi"
    t0 = time.perf_counter()
    png = daily_png(days, subtitle=subtitle)
    first = time.perf_counter() - t0
    times = []
    for _ in range(args.reps):
        t0 = time.perf_counter()
        png = daily_png(days, subtitle=subtitle)
        times.append(time.perf_counter() - t0)
    print(f"chart of {args.days} days, {WIDTH}x{HEIGHT} px, {len(png) / 1024:.0f} KB PNG")
    print(f"first in this process (imports matplotlib): {first * 1000:.0f} ms")
    print(
        f"then, {args.reps} charts: median {statistics.median(times) * 1000:.0f} ms,"
        f" min {min(times) * 1000:.0f} ms, max {max(times) * 1000:.0f} ms"
    )


if __name__ == "__main__":
    main()
