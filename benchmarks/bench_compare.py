"""Server cost per slider move, before and after a change, measured side by side in one run.

Starts two servers — the checkout as it is, and a git ref extracted to a temporary directory
(``git archive``) — waits until each has finished its start-up work (the background warm-up),
then runs ``bench_load``'s levels alternately on the two, so both see the same machine load.

    python benchmarks/bench_compare.py --ref 7dbd7b2 --target scoring:sc_share --levels 1 10 40
    python benchmarks/bench_compare.py --ref HEAD~3 --levels 1 --duration 10
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

import psutil

sys.path.insert(0, str(Path(__file__).parent))
import bench_load as B  # noqa: E402
from stclient import Session  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]


def extract(ref: str) -> Path:
    """The tree of ``ref`` in a temporary directory."""
    target = Path(tempfile.mkdtemp(prefix="bench-ref-"))
    archive = subprocess.run(
        ["git", "archive", "--format=tar", ref], cwd=ROOT, check=True, capture_output=True
    ).stdout
    with tempfile.TemporaryFile() as tmp:
        tmp.write(archive)
        tmp.seek(0)
        with tarfile.open(fileobj=tmp) as tar:
            tar.extractall(target, filter="data")
    return target


def start(root: Path) -> tuple[subprocess.Popen, str]:
    port = B.free_port()
    env = {**os.environ, "PYTHONPATH": str(root / "src")}
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port),
         "--server.address", "127.0.0.1", "--server.headless", "true",
         "--server.fileWatcherType", "none", "--browser.gatherUsageStats", "false"],
        cwd=root, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    B.wait_healthy(url, proc)
    return proc, url


def settle(url: str, page: str, pid: int, lang: str, seconds: float = 180) -> float:
    """Open ``page`` once (which starts the warm-up), then wait until the server and its
    children have used under 5% of a core for 3 s. Returns the seconds waited."""
    start_time = time.monotonic()

    async def open_once() -> None:
        session = Session(url, page, f"lang={lang}", timeout=120)
        await session.open()
        await session.close()

    asyncio.run(open_once())
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        procs = B.server_processes([pid])
        before = B.cpu_seconds(procs)
        time.sleep(3)
        if B.cpu_seconds(B.server_processes([pid])) - before < 0.15:
            break
    return time.monotonic() - start_time


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--ref", required=True, help="the git ref to compare with (before)")
    parser.add_argument("--target", action="append", help="page:slider_key (repeatable)")
    parser.add_argument("--levels", type=int, nargs="+", default=[1, 10, 40])
    parser.add_argument("--duration", type=float, default=15)
    parser.add_argument("--think", type=float, nargs=2, default=[1.0, 2.0])
    parser.add_argument("--timeout", type=float, default=60)
    parser.add_argument("--open-concurrency", type=int, default=4)
    parser.add_argument("--lang", default="en", choices=["kk", "ru", "en"])
    parser.add_argument("--seed", type=int, default=11)
    args = parser.parse_args()
    args.target = args.target or ["scoring:sc_share"]
    random.seed(args.seed)
    print(f"{psutil.cpu_count()} cores; load average {os.getloadavg()[0]:.2f} at start")

    roots = {f"before ({args.ref})": extract(args.ref), "after (checkout)": ROOT}
    servers = {}
    try:
        for label, root in roots.items():
            proc, url = start(root)
            servers[label] = (proc, url)
        levels = {label: [] for label in roots}
        for target in args.target:
            page = target.split(":")[0]
            for label, (proc, url) in servers.items():
                waited = settle(url, page, proc.pid, args.lang)
                print(f"{label}: start-up work done {waited:.0f} s after the first visit")
            for n in args.levels:
                for label, (proc, url) in servers.items():
                    procs = B.server_processes([proc.pid])
                    level = asyncio.run(B.run_level(url, target, n, args, procs, args.lang))
                    levels[label].append(level)
                    print(
                        f"{label} {target} × {n}: {level.moves} moves, p50 "
                        f"{B.fmt(1000 * level.pct(50))} ms, p95 {B.fmt(1000 * level.pct(95))} ms,"
                        f" errors {level.errors or 0}",
                        flush=True,
                    )
    finally:
        for proc, _ in servers.values():
            proc.terminate()
            proc.wait(timeout=30)
    for label, rows in levels.items():
        print(f"\n### {label}\n")
        print(B.table(rows))
    print(f"\nload average {os.getloadavg()[0]:.2f} at end", flush=True)


if __name__ == "__main__":
    main()
