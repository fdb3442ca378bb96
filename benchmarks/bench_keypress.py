"""Key press → changed number, in a real Chromium: what one person in the room feels.

For each target (a page, one of its sliders, and a number the server recomputes from it) the
slider's thumb is focused and moved with the arrow keys; the time is taken *in the page*, from
the ``keydown`` event's ``performance.now()`` to the first animation frame after the watched text
changed (a MutationObserver), so Playwright's own round trips do not count. Measured side by side
and interleaved (these machines are noisy) with a baseline server running ``slider_page.py`` — one
slider and one metric — which is what Streamlit itself costs for a key press. Also the time from
navigation to the page's first number visible.

    python benchmarks/bench_keypress.py                       # default targets, 20 presses each
    python benchmarks/bench_keypress.py --presses 40
    python benchmarks/bench_keypress.py --target "risk_factors:0:metric:Relative risk"
    python benchmarks/bench_keypress.py --baseline main   # main's app too, interleaved

Targets (issue 11): key press → number ≤ 120 ms median and ≤ 250 ms p95; first number of any
page ≤ 1.5 s after navigation.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_compare import settle  # noqa: E402
from bench_load import export_ref  # noqa: E402
from bench_load import start_server as start_tree  # noqa: E402
from bench_sessions import (  # noqa: E402
    ARGS,
    CHROMIUM,
    SETTLED,
    WATCHED_TEXT,
    free_port,
    start_server,
)

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_TARGETS = [
    "risk_factors:0:metric:Relative risk",
    "risk_factors:2:metric:Fewer teenagers",
    "scoring:0:metric:AUC of the points",
    "scoring:1:metric:AUC of the points",
]
# Arms a probe: resolves with the ms from the next keydown to the first frame after the watched
# text differs from what it was when armed (null after 20 s).
ARM = f"""(watch) => {{
  const read = () => ({WATCHED_TEXT})(watch);
  const before = read();
  window.__probe = new Promise((resolve) => {{
    let t0 = null;
    const done = (value) => {{ observer.disconnect(); resolve(value); }};
    const observer = new MutationObserver(() => {{
      if (t0 === null) return;
      if (read() !== before) {{
        observer.disconnect();
        requestAnimationFrame(() => done(performance.now() - t0));
      }}
    }});
    document.addEventListener('keydown', () => {{ t0 = performance.now(); }},
                              {{ capture: true, once: true }});
    observer.observe(document.body, {{ subtree: true, childList: true, characterData: true }});
    setTimeout(() => done(null), 20000);
  }});
  return before;
}}"""


class Probe:
    """One open page with a slider to move and a number to watch."""

    def __init__(self, browser, url: str, slider: int, watch: str):
        self.context = browser.new_context(viewport={"width": 1366, "height": 900})
        self.page = self.context.new_page()
        self.page.set_default_timeout(60_000)
        self.url, self.slider, self.watch = url, slider, watch
        self.presses = 0

    def first_number_ms(self) -> float:
        """Navigation → the watched number visible, in ms (a fresh load each time)."""
        start = time.perf_counter()
        self.page.goto(self.url)
        self.page.wait_for_function(
            f"(w) => ({WATCHED_TEXT})(w) !== null", arg=self.watch, polling="raf"
        )
        elapsed = (time.perf_counter() - start) * 1000
        self.page.wait_for_selector(SETTLED)
        return elapsed

    def press(self) -> float | None:
        thumb = self.page.locator(
            '[data-testid="stSlider"] input[type="range"] >> visible=true'
        ).nth(self.slider)
        thumb.focus()
        self.page.evaluate(ARM, self.watch)
        self.page.keyboard.press("ArrowRight" if self.presses % 2 == 0 else "ArrowLeft")
        self.presses += 1
        ms = self.page.evaluate("window.__probe")
        self.page.wait_for_selector(SETTLED)
        self.page.wait_for_timeout(200)  # a person's pause between presses
        return ms


def summary(values: list[float]) -> tuple[float, float]:
    if not values:
        return float("nan"), float("nan")
    p95 = statistics.quantiles(values, n=20)[-1] if len(values) >= 2 else values[0]
    return statistics.median(values), p95


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--target", action="append",
        help="PAGE:SLIDER:WATCH — the url path, which visible slider (0 = first), and the "
        "text to watch (a CSS selector, or metric:LABEL for the first metric whose label "
        "contains LABEL; 'metric:' = the first metric)",
    )  # fmt: skip
    parser.add_argument("--presses", type=int, default=20)
    parser.add_argument("--loads", type=int, default=3, help="fresh loads per page")
    parser.add_argument("--baseline", metavar="REF",
                        help="also serve git REF's app (a git archive copy) and probe each "
                        "target there, interleaved with this checkout's")  # fmt: skip
    args = parser.parse_args()
    targets = args.target or DEFAULT_TARGETS
    app_port, base_port = free_port(), free_port()
    app = start_server(app_port)
    servers = [app, start_server(base_port, "benchmarks/slider_page.py")]
    apps = [("", app_port, app)]  # (name prefix, port, process)
    if args.baseline:
        proc, url = start_tree(export_ref(args.baseline))
        servers.append(proc)
        apps.insert(0, (f"[{args.baseline}] ", int(url.rsplit(":", 1)[1]), proc))
    rows = []
    try:
        # Each app's start-up work (the Scoring fits in a child, ~10 s of CPU) done first, so
        # neither the loads nor the presses share the cores with it.
        for _, port, proc in apps:
            settle(f"http://127.0.0.1:{port}", "scoring", proc.pid, "en")
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            base = Probe(browser, f"http://127.0.0.1:{base_port}/", 0, "metric:Relative risk")
            probes = []
            for spec in targets:
                path, slider, watch = spec.split(":", 2)
                for name, port, _ in apps:
                    url = f"http://127.0.0.1:{port}/{path}?lang=en"
                    probes.append((name + spec, Probe(browser, url, int(slider), watch)))
            loads = {spec: [] for spec, _ in probes} | {"baseline": []}
            for _ in range(args.loads):
                loads["baseline"].append(base.first_number_ms())
                for spec, probe in probes:
                    loads[spec].append(probe.first_number_ms())
            presses = {spec: [] for spec, _ in probes} | {"baseline": []}
            failed = {spec: 0 for spec, _ in probes} | {"baseline": 0}
            # Interleaved: one press on every page, then the next round.
            for _ in range(args.presses):
                for spec, probe in [("baseline", base), *probes]:
                    ms = probe.press()
                    if ms is None:
                        failed[spec] += 1
                    else:
                        presses[spec].append(ms)
            browser.close()
    finally:
        for proc in servers:
            proc.terminate()
            proc.wait(timeout=10)
    base_p50, _ = summary(presses["baseline"])
    for spec in ["baseline", *[s for s, _ in probes]]:
        p50, p95 = summary(presses[spec])
        load = statistics.median(loads[spec])
        rows.append((spec, len(presses[spec]), p50, p95, p50 / base_p50, failed[spec], load))
    print("key press → number (ms, in the page); first number after navigation (ms, median)")
    print("targets: key → number ≤ 120 ms median, ≤ 250 ms p95; first number ≤ 1,500 ms\n")
    print(
        "| page:slider:watched | presses | p50 ms | p95 ms | p50 ÷ baseline | no change | first number ms |"
    )  # noqa: E501
    print("|---|---:|---:|---:|---:|---:|---:|")
    for spec, n, p50, p95, ratio, bad, load in rows:
        print(f"| {spec} | {n} | {p50:.0f} | {p95:.0f} | {ratio:.1f}× | {bad} | {load:,.0f} |")


if __name__ == "__main__":
    main()
