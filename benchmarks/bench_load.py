"""Server-side load: N Streamlit sessions in one process, each moving a slider every 1–2 s.

No browser: every session speaks Streamlit's websocket protocol (``benchmarks/stclient.py``),
so what is measured is the server — time from sending the widget state to ``script_finished``,
the server's CPU per move and its memory. Errors are exceptions and ``st.error`` boxes in a
run, timeouts, dropped connections and moves after which nothing on the page changed.

    python benchmarks/bench_load.py                           # levels 1 10 20 40, 15 s each
    python benchmarks/bench_load.py --levels 1 5 --duration 10
    python benchmarks/bench_load.py --target scoring:sc_threshold
    python benchmarks/bench_load.py --url http://host:8501 --server-pid 1234
    python benchmarks/bench_load.py --replicas 1 2 --levels 10 40   # through deploy/run.sh
    python benchmarks/bench_load.py --baseline main --levels 1 10 40  # main and this, side by side
    python benchmarks/bench_load.py --variant-flags "--runner.postScriptGC=true"  # one setting

The load generator runs on the same machine as the server(s) and takes CPU from them; its own
CPU is printed too. CPU is read from /proc in 10 ms ticks: the per-move median of one session
is therefore ±10 ms; the total divided by the moves is not.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import random
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).parent))
from stclient import Session  # noqa: E402

DEFAULT_TARGETS = ["risk_factors:rf_share", "scoring:sc_share"]


def free_port() -> int:
    while True:
        port = random.randint(20000, 60000)
        with socket.socket() as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port


def wait_healthy(url: str, proc: subprocess.Popen | None, seconds: float = 90) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        if proc is not None and proc.poll() is not None:
            break
        time.sleep(0.2)
    raise SystemExit(f"{url} did not become healthy")


def start_server(root: Path = ROOT, flags: list[str] | None = None) -> tuple[subprocess.Popen, str]:
    """``streamlit run app.py`` of the checkout at ``root`` (its own src/ and config)."""
    port = free_port()
    env = {
        **os.environ,
        "PYTHONPATH": f"{root / 'src'}{os.pathsep}{os.environ.get('PYTHONPATH', '')}",
    }
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port),
         "--server.address", "127.0.0.1", "--server.headless", "true",
         "--server.fileWatcherType", "none", *(flags or [])],
        cwd=root, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    wait_healthy(url, proc)
    return proc, url


def export_ref(ref: str) -> Path:
    """The tree of git ``ref`` (e.g. ``main``) in a temporary folder: a plain copy made with
    ``git archive``, so no worktree or branch is touched."""
    out = Path(tempfile.mkdtemp(prefix="bench-ref-"))
    archive = subprocess.run(
        ["git", "archive", "--format=tar", ref], cwd=ROOT, check=True, capture_output=True
    ).stdout
    subprocess.run(["tar", "-x", "-C", str(out)], input=archive, check=True)
    return out


def start_replicas(n: int) -> tuple[subprocess.Popen, str, list[int]]:
    """deploy/run.sh N on a free port; returns it, the nginx URL and the replicas' pids."""
    port = free_port()
    run_dir = tempfile.mkdtemp(prefix="bench-deploy-")
    env = {**os.environ, "PORT": str(port), "PYTHON": sys.executable, "RUN_DIR": run_dir}
    proc = subprocess.Popen(
        ["bash", str(ROOT / "deploy/run.sh"), str(n)], cwd=ROOT, env=env,
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True,
    )  # fmt: skip
    out = []
    for line in proc.stdout:
        out.append(line)
        if line.strip() == "ready":
            break
    else:
        raise SystemExit("deploy/run.sh failed:\n" + "".join(out))
    pids = [int(p) for p in re.findall(r"replica \d+: pid (\d+)", "".join(out))]
    return proc, f"http://127.0.0.1:{port}", pids


def server_processes(pids: list[int]) -> list[psutil.Process]:
    """The processes doing the work: each pid and its children (a wrapper's streamlit)."""
    procs = []
    for pid in pids:
        proc = psutil.Process(pid)
        procs.append(proc)
        procs.extend(proc.children(recursive=True))
    return procs


def cpu_seconds(procs: list[psutil.Process]) -> float:
    total = 0.0
    for proc in procs:
        try:
            times = proc.cpu_times()
            total += times.user + times.system
        except psutil.Error:
            pass
    return total


def rss_mb(procs: list[psutil.Process]) -> float:
    total = 0
    for proc in procs:
        with contextlib.suppress(psutil.Error):
            total += proc.memory_info().rss
    return total / 2**20


@dataclass
class Level:
    target: str
    sessions: int
    latencies: list[float] = field(default_factory=list)
    solo_cpu: list[float] = field(default_factory=list)  # per move, one session only
    errors: dict[str, int] = field(default_factory=dict)
    examples: list[str] = field(default_factory=list)
    cpu: float | None = None
    rss: float | None = None
    client_cpu: float = 0.0
    open_seconds: list[float] = field(default_factory=list)

    def error(self, kind: str, text: str = "") -> None:
        self.errors[kind] = self.errors.get(kind, 0) + 1
        if text and len(self.examples) < 3:
            self.examples.append(f"{kind}: {text[:160]}")

    @property
    def moves(self) -> int:
        return len(self.latencies)

    def pct(self, q: float) -> float:
        if not self.latencies:
            return float("nan")
        return (
            statistics.quantiles(self.latencies, n=100, method="inclusive")[q - 1]
            if len(self.latencies) > 1
            else self.latencies[0]
        )

    @property
    def cpu_ms_per_move(self) -> float | None:
        return None if self.cpu is None or not self.moves else 1000 * self.cpu / self.moves


async def run_level(
    url: str, target: str, n: int, args, procs: list[psutil.Process], lang: str
) -> Level:
    page, key = target.split(":")
    level = Level(target, n)
    sessions = [
        Session(url, page, f"lang={lang}", user_agent=f"bench-{i}", timeout=args.timeout)
        for i in range(n)
    ]
    gate = asyncio.Semaphore(args.open_concurrency)

    async def opened(session: Session) -> Session | None:
        async with gate:
            start = time.perf_counter()
            try:
                run = await session.open()
            except Exception as error:  # refused, reset: the room sees a broken page
                level.error("open failed", repr(error))
                return None
            level.open_seconds.append(time.perf_counter() - start)
            if not run.ok:
                level.error(f"open {run.status}", "; ".join(run.errors))
                return None
            session.find(key)  # the slider must be there
            return session

    live = [s for s in await asyncio.gather(*(opened(s) for s in sessions)) if s is not None]
    await asyncio.sleep(1.0)
    client = psutil.Process()
    client_before = sum(client.cpu_times()[:2])
    cpu_before = cpu_seconds(procs) if procs else None
    deadline = time.monotonic() + args.duration

    async def user(session: Session) -> None:
        direction = 1
        while True:
            await asyncio.sleep(random.uniform(*args.think))
            if time.monotonic() >= deadline:
                return
            solo = cpu_seconds(procs) if procs and n == 1 else None
            run, direction = await session.move_slider(key, direction)
            if solo is not None:
                level.solo_cpu.append(cpu_seconds(procs) - solo)
            if run.status in {"timeout", "dropped"}:
                level.error(run.status, "; ".join(run.errors))
                if run.status == "dropped":
                    return
                continue
            level.latencies.append(run.seconds)
            if run.errors:
                level.error("error shown", run.errors[0])
            elif not run.changed:
                level.error("no change", f"{key} moved, page identical")

    await asyncio.gather(*(user(s) for s in live))
    if procs:
        level.cpu = cpu_seconds(procs) - cpu_before
        level.rss = rss_mb(procs)
    level.client_cpu = sum(client.cpu_times()[:2]) - client_before
    await asyncio.gather(*(s.close() for s in live), return_exceptions=True)
    return level


def fmt(value: float | None, spec: str = ".0f") -> str:
    return "–" if value is None or value != value else format(value, spec)


def table(levels: list[Level], label: str = "") -> str:
    head = (
        f"| {label or 'target'} | sessions | moves | p50 ms | p95 ms | errors | "
        "CPU ms/move (median solo) | CPU ms/move (total÷moves) | server CPU s | RSS MB | "
        "client CPU s | p50 × | CPU/move × |"
    )
    rows = [head, "|" + "---|" * (head.count("|") - 1)]
    base: dict[str, Level] = {}
    for lv in levels:
        base.setdefault(lv.target, lv)
        b = base[lv.target]
        ratio_p50 = lv.pct(50) / b.pct(50) if b.latencies else None
        ratio_cpu = (
            lv.cpu_ms_per_move / b.cpu_ms_per_move
            if lv.cpu_ms_per_move and b.cpu_ms_per_move
            else None
        )
        errors = sum(lv.errors.values())
        detail = ", ".join(f"{k} {v}" for k, v in lv.errors.items())
        rows.append(
            f"| {lv.target} | {lv.sessions} | {lv.moves} | {fmt(1000 * lv.pct(50))} | "
            f"{fmt(1000 * lv.pct(95))} | {errors}{f' ({detail})' if detail else ''} | "
            f"{fmt(1000 * statistics.median(lv.solo_cpu)) if lv.solo_cpu else '–'} | "
            f"{fmt(lv.cpu_ms_per_move)} | {fmt(lv.cpu, '.1f')} | {fmt(lv.rss)} | "
            f"{lv.client_cpu:.1f} | {fmt(ratio_p50, '.1f')} | {fmt(ratio_cpu, '.2f')} |"
        )
    return "\n".join(rows)


async def measure(url: str, pids: list[int], args, label: str = "") -> list[Level]:
    procs = server_processes(pids) if pids else []
    levels = []
    for target in args.target:
        # Warm the page once (imports, caches) so level 1 is not the cold start.
        warm = Session(url, target.split(":")[0], f"lang={args.lang}", timeout=args.timeout)
        await warm.open()
        await warm.close()
        if pids:  # … and let the start-up's background warm-up (a child process) finish
            await settle(pids)
            procs = server_processes(pids)
        for n in args.levels:
            level = await run_level(url, target, n, args, procs, args.lang)
            levels.append(level)
            print(
                f"{label}{target} × {n}: {level.moves} moves, p50 {fmt(1000 * level.pct(50))} ms,"
                f" p95 {fmt(1000 * level.pct(95))} ms, errors {level.errors or 0}",
                flush=True,
            )
            for example in level.examples:
                print(f"    {example}", flush=True)
    return levels


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", help="an already running app (default: start one)")
    parser.add_argument("--server-pid", type=int, action="append", default=[],
                        help="pid(s) of the server(s) behind --url, for CPU and RSS")  # fmt: skip
    parser.add_argument("--target", action="append", help="page:slider_key (repeatable)")
    parser.add_argument("--levels", type=int, nargs="+", default=[1, 10, 20, 40])
    parser.add_argument("--duration", type=float, default=15, help="seconds per level")
    parser.add_argument("--think", type=float, nargs=2, default=[1.0, 2.0])
    parser.add_argument("--timeout", type=float, default=30, help="seconds before a run fails")
    parser.add_argument("--open-concurrency", type=int, default=4)
    parser.add_argument("--lang", default="en", choices=["kk", "ru", "en"])
    parser.add_argument("--replicas", type=int, nargs="*",
                        help="measure through deploy/run.sh with these replica counts (e.g. 1 2)")  # fmt: skip
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--baseline", action="append", default=[], metavar="REF",
                        help="also serve git REF (e.g. main) and measure it side by side, "
                        "level by level, against this checkout")  # fmt: skip
    parser.add_argument("--variant-flags", action="append", default=[], metavar="FLAGS",
                        help='also serve this checkout with these Streamlit flags, e.g. '
                        '"--runner.postScriptGC=true"')  # fmt: skip
    args = parser.parse_args()
    args.target = args.target or DEFAULT_TARGETS
    random.seed(args.seed)
    print(f"{psutil.cpu_count()} cores; load average {os.getloadavg()[0]:.2f} at start", flush=True)

    if args.replicas is not None:
        counts = args.replicas or [1, 2]
        results = []
        for n in counts:
            proc, url, pids = start_replicas(n)
            try:
                results.append((n, asyncio.run(measure(url, pids, args, f"[{n} replica(s)] "))))
            finally:
                os.killpg(proc.pid, signal.SIGTERM)
                proc.wait(timeout=30)
        for n, levels in results:
            print(f"\n### {n} replica(s) behind nginx\n")
            print(table(levels))
        return

    if args.baseline or args.variant_flags:
        compare(args)
        return

    proc = None
    if args.url:
        url, pids = args.url.rstrip("/"), args.server_pid
    else:
        proc, url = start_server()
        pids = [proc.pid]
    try:
        levels = asyncio.run(measure(url, pids, args))
    finally:
        if proc is not None:
            proc.terminate()
            proc.wait(timeout=15)
    print()
    print(table(levels))
    print(f"\nload average {os.getloadavg()[0]:.2f} at end", flush=True)


async def settle(pids: list[int], seconds: float = 180) -> None:
    """Wait until the start-up's warm-up is over — its child process (the Scoring fits, views
    and charts) gone and the server and its children under 5% of a core for a second — so no
    level is charged for it or shares the cores with it. The processes are listed afresh each
    second: the child starts after the first page opens and is gone when it is done."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        procs = server_processes(pids)
        before = cpu_seconds(procs)
        await asyncio.sleep(1.0)
        warming = False
        for proc in procs:
            with contextlib.suppress(psutil.Error):
                warming = warming or "_warm_child" in " ".join(proc.cmdline())
        if not warming and cpu_seconds(procs) - before < 0.05:
            return


def compare(args) -> None:
    """Several servers up at once — each ``--baseline`` ref, each ``--variant-flags``, and this
    checkout — measured in turn at every level, so that all see the same machine load; then
    one table with the ratio of each to this checkout."""
    variants: list[tuple[str, Path, list[str]]] = [
        (ref, export_ref(ref), []) for ref in args.baseline
    ]
    variants += [(f"this + {flags}", ROOT, flags.split()) for flags in args.variant_flags]
    variants.append(("this checkout", ROOT, []))
    servers = []
    try:
        for label, root, flags in variants:
            proc, url = start_server(root, flags)
            servers.append((label, proc, url))
        results: dict[str, list[Level]] = {label: [] for label, _, _ in servers}

        async def run_all() -> None:
            for _, _, url in servers:  # warm every server once
                for target in args.target:
                    warm = Session(url, target.split(":")[0], f"lang={args.lang}")
                    await warm.open()
                    await warm.close()
            for _, proc, _ in servers:  # … and let its background warm-up finish
                await settle([proc.pid])
            for target in args.target:
                for n in args.levels:
                    for label, proc, url in servers:
                        procs = server_processes([proc.pid])
                        level = await run_level(url, target, n, args, procs, args.lang)
                        results[label].append(level)
                        print(
                            f"[{label}] {target} × {n}: {level.moves} moves, "
                            f"p50 {fmt(1000 * level.pct(50))} ms, "
                            f"p95 {fmt(1000 * level.pct(95))} ms, errors {level.errors or 0}",
                            flush=True,
                        )
                        for example in level.examples:
                            print(f"    {example}", flush=True)

        asyncio.run(run_all())
    finally:
        for _, proc, _ in servers:
            proc.terminate()
            proc.wait(timeout=15)
    for label, levels in results.items():
        print(f"\n### {label}\n")
        print(table(levels))
    mine = results["this checkout"]
    print("\n### side by side (this checkout ÷ each)\n")
    print(
        "| target | sessions | variant | CPU ms/move solo (variant → this) | "
        "CPU ms/move total÷moves (variant → this) | p95 ms (variant → this) | "
        "errors (variant → this) | CPU ratio |"
    )
    print("|---|---:|---|---|---|---|---|---:|")
    for label, levels in results.items():
        if label == "this checkout":
            continue
        for theirs, ours in zip(levels, mine):
            solo = (
                f"{fmt(1000 * statistics.median(theirs.solo_cpu))} → "
                f"{fmt(1000 * statistics.median(ours.solo_cpu))}"
                if theirs.solo_cpu and ours.solo_cpu
                else "–"
            )
            ratio = (
                ours.cpu_ms_per_move / theirs.cpu_ms_per_move
                if ours.cpu_ms_per_move and theirs.cpu_ms_per_move
                else None
            )
            print(
                f"| {ours.target} | {ours.sessions} | {label} | {solo} | "
                f"{fmt(theirs.cpu_ms_per_move)} → {fmt(ours.cpu_ms_per_move)} | "
                f"{fmt(1000 * theirs.pct(95))} → {fmt(1000 * ours.pct(95))} | "
                f"{sum(theirs.errors.values())} → {sum(ours.errors.values())} | "
                f"{fmt(ratio, '.2f')}× |"
            )


if __name__ == "__main__":
    main()
