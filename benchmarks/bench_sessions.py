"""Concurrent workshop sessions: 1, 5, 10 and 20 real Chromium sessions against one server,
each moving a slider repeatedly; p50/p95 time until the page settles, and errors.

The server (``streamlit run app.py``) and every browser page share this machine's cores, so
the numbers are pessimistic: in a workshop each participant's browser renders on its own
laptop. A move is timed from the key press to the app's "notRunning" state after the rerun it
caused; an error is an exception shown on the page, a failed rerun or a timeout.

    python benchmarks/bench_sessions.py                      # scoring page, threshold slider
    python benchmarks/bench_sessions.py --sessions 1 5 --moves 5
    python benchmarks/bench_sessions.py --path risk_factors --watch "metric:Relative risk"

Target: 20 sessions with zero errors and p95 under 2 s on 2 cores.
"""

from __future__ import annotations

import argparse
import asyncio
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import psutil
from playwright.async_api import async_playwright

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run",
        "--disable-dev-shm-usage", "--disable-quic"]  # fmt: skip
APP = '[data-testid="stApp"]'
SETTLED = f'{APP}[data-test-script-state="notRunning"]'
# A move has settled when the watched text (computed by the server from the slider's value)
# has changed and the app is idle. Counting runs is not enough: a key press during a run makes
# Streamlit restart that run, and two presses then end in one "notRunning".
WATCHED_TEXT = """(watch) => {
  if (watch.startsWith('metric:')) {
    const label = watch.slice(7);
    for (const m of document.querySelectorAll('[data-testid="stMetric"]')) {
      if (m.innerText.includes(label))
        return m.querySelector('[data-testid="stMetricValue"]')?.innerText ?? null;
    }
    return null;
  }
  return document.querySelector(watch)?.innerText ?? null; }"""
SETTLED_AFTER = f"""([watch, before]) => {{
  const now = ({WATCHED_TEXT})(watch);
  const app = document.querySelector('[data-testid="stApp"]');
  return now !== null && now !== before && app.dataset.testScriptState === 'notRunning'; }}"""


def cpu_seconds(pid: int) -> tuple[float, float]:
    """CPU seconds used so far by the server process, and by every Chromium process."""
    server = psutil.Process(pid).cpu_times()
    browsers = 0.0
    for proc in psutil.process_iter(["name"]):
        if "chrom" in (proc.info["name"] or "").lower():
            try:
                times = proc.cpu_times()
                browsers += times.user + times.system
            except psutil.Error:
                pass
    return server.user + server.system, browsers


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(port: int, script: str = "app.py") -> subprocess.Popen:
    """``streamlit run script`` on loopback, once its health endpoint answers."""
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            script,
            "--server.port",
            str(port),
            "--server.address",
            "127.0.0.1",
            "--server.headless",
            "true",
            "--browser.gatherUsageStats",
            "false",
            "--server.fileWatcherType",
            "none",
        ],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2):
                return proc
        except OSError:
            time.sleep(0.2)
    proc.kill()
    raise SystemExit(f"{script} did not start")


async def one_session(
    browser, url: str, slider: int, watch: str, moves: int, times: list, errors: list
):
    context = await browser.new_context(viewport={"width": 1280, "height": 900})
    page = await context.new_page()
    step = "open"
    try:
        await page.goto(url, timeout=60_000)
        await page.wait_for_selector(SETTLED, timeout=60_000)
        thumb = page.locator('[data-testid="stSlider"] input[type="range"] >> visible=true').nth(
            slider
        )
        for i in range(moves):
            step = f"move {i + 1}"
            await thumb.focus()
            before = await page.evaluate(WATCHED_TEXT, watch)
            start = time.perf_counter()
            await page.keyboard.press("ArrowRight" if i % 2 == 0 else "ArrowLeft")
            await page.wait_for_function(
                SETTLED_AFTER, arg=[watch, before], timeout=30_000, polling=50
            )
            times.append(time.perf_counter() - start)
            if await page.locator('[data-testid="stException"]').count():
                errors.append("exception shown")
    except Exception as exc:  # a timeout or a crashed page counts as an error
        errors.append(f"{type(exc).__name__} at {step}")
    finally:
        await context.close()


async def run_level(
    url: str, sessions: int, slider: int, watch: str, moves: int
) -> tuple[list, list]:
    times: list[float] = []
    errors: list[str] = []
    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        await asyncio.gather(
            *(
                one_session(browser, url, slider, watch, moves, times, errors)
                for _ in range(sessions)
            )
        )
        await browser.close()
    return times, errors


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, nargs="+", default=[1, 5, 10, 20])
    parser.add_argument("--moves", type=int, default=10)
    parser.add_argument("--path", default="scoring")
    parser.add_argument("--slider", type=int, default=0, help="which visible slider (0 = first)")
    parser.add_argument(
        "--watch",
        default='[data-testid="stMarkdownContainer"] h3',
        help="text the server recomputes from the slider: a CSS selector, or 'metric:LABEL' "
        "for the value of the metric whose label contains LABEL",
    )
    args = parser.parse_args()
    port = free_port()
    server = start_server(port)
    url = f"http://127.0.0.1:{port}/{args.path}?lang=en"
    rows = []
    try:
        asyncio.run(run_level(url, 1, args.slider, args.watch, 2))  # warm the server's caches
        for n in args.sessions:
            server_before, _ = cpu_seconds(server.pid)
            level_start = time.perf_counter()
            times, errors = asyncio.run(run_level(url, n, args.slider, args.watch, args.moves))
            wall = time.perf_counter() - level_start
            server_cpu = cpu_seconds(server.pid)[0] - server_before
            p50 = statistics.median(times) if times else float("nan")
            p95 = statistics.quantiles(times, n=20)[-1] if len(times) >= 2 else float("nan")
            rows.append((n, len(times), p50, p95, len(errors), server_cpu / wall))
            if errors:
                print(f"{n} sessions: errors {sorted(set(errors))}", file=sys.stderr)
    finally:
        server.terminate()
        server.wait(timeout=10)
    print(
        f"/{args.path}, slider {args.slider}, watching {args.watch}, {args.moves} moves per session; "
        "target: 20 sessions, 0 errors, p95 < 2 s\n"
    )
    print(
        "| sessions | moves timed | p50 s | p95 s | errors | p95 vs 1 session | server CPU (cores) |"
    )
    print("|---:|---:|---:|---:|---:|---:|---:|")
    base = rows[0][3] if rows else float("nan")
    for n, count, p50, p95, errs, server_cores in rows:
        print(
            f"| {n} | {count} | {p50:.2f} | {p95:.2f} | {errs} | {p95 / base:.1f}× "
            f"| {server_cores:.2f} |"
        )
    print(
        "\nserver CPU (cores): the server's CPU seconds per wall second during the level; the "
        "rest of the two cores went to the Chromium pages."
    )


if __name__ == "__main__":
    main()
