"""Warm rerun latency of every page, against an empty Streamlit page, measured side by side.

Each page is opened in AppTest, run once to warm caches, then rerun ``--repeats`` times,
interleaved with reruns of ``empty_page.py`` so both see the same machine load. A rerun is what
a slider change costs the server; the browser adds its own rendering on top (see
bench_sessions.py for the whole round trip).

    python benchmarks/bench_rerun.py              # every page, English
    python benchmarks/bench_rerun.py --lang kk --repeats 30
    python benchmarks/bench_rerun.py --pages risk_factors

Target: median under 150 ms per page on a 2-core machine.
"""

from __future__ import annotations

import argparse
import logging
import statistics
import time
from pathlib import Path

from streamlit.testing.v1 import AppTest

from riskexplorer.app.navigation import PAGES

ROOT = Path(__file__).resolve().parents[1]


def opened(page: str, lang: str) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.query_params["lang"] = lang
    at.run()
    at.switch_page(page).run()
    at.run()
    if at.exception:
        raise SystemExit(f"{page} raised: {at.exception[0].value}")
    return at


def timed(at: AppTest) -> float:
    start = time.perf_counter()
    at.run()
    return time.perf_counter() - start


def main() -> None:
    logging.getLogger("streamlit").setLevel(logging.ERROR)  # AppTest's bare-mode warnings
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=20)
    parser.add_argument("--lang", default="en")
    parser.add_argument("--pages", nargs="+", metavar="URL_PATH",
                        help="only these pages (e.g. risk_factors scoring)")  # fmt: skip
    args = parser.parse_args()

    empty = AppTest.from_file(str(ROOT / "benchmarks" / "empty_page.py")).run()
    rows = []
    for spec in PAGES:
        if args.pages and spec.url_path not in args.pages:
            continue
        at = opened(spec.path, args.lang)
        page_times, empty_times = [], []
        for i in range(args.repeats):
            pair = [(at, page_times), (empty, empty_times)]
            for app, sink in pair if i % 2 == 0 else reversed(pair):
                sink.append(timed(app))
        page_ms = 1000 * statistics.median(page_times)
        empty_ms = 1000 * statistics.median(empty_times)
        p90 = 1000 * statistics.quantiles(page_times, n=10)[-1]
        rows.append((spec.url_path, page_ms, p90, empty_ms, page_ms / empty_ms))

    print(f"Warm rerun, median of {args.repeats} (lang={args.lang}); target < 150 ms\n")
    print("| page | median ms | p90 ms | empty page ms | ratio | target met |")
    print("|---|---:|---:|---:|---:|---|")
    for name, page_ms, p90, empty_ms, ratio in rows:
        ok = "yes" if page_ms < 150 else "NO"
        print(f"| {name} | {page_ms:.0f} | {p90:.0f} | {empty_ms:.1f} | {ratio:.0f}× | {ok} |")


if __name__ == "__main__":
    main()
