"""How a busy server answers: ``/_stcore/health`` latency and other sessions' slider moves while
some sessions upload hostile files and fit large tables (issue 10, items 2 and 7).

One Streamlit server; three phases, measured side by side in one run:

* **idle** — nobody connected: the health endpoint polled every 50 ms;
* **movers** — ``--movers`` sessions each move the NEET-share slider on Risk factors, wait for
  the run to finish, think ~0.5 s, move again;
* **busy** — the same movers, plus ``--uploaders`` sessions on Your data, each uploading in
  turn the hostile files of issue 10 (an xlsx with cells at A1 and XFD1048576, an xlsx zip
  bomb, a 40 KB header ``a;a;a;…``, a 50,000-column CSV) and a legitimate large table
  (``--factors`` yes/no factors × ``--rows`` rows with an "outcome" column, which the page
  fits with no click), round after round.

The health endpoint is polled from a separate process (so this client's own event loop, busy
parsing the sessions' messages, does not add to the numbers), each request on a new
connection as a load balancer's check does. Target (issue 10): health p95 < 100 ms on a busy
server; the movers' p95 < 1 s.

    python benchmarks/bench_health.py
    python benchmarks/bench_health.py --movers 4 --uploaders 2 --duration 20
    python benchmarks/bench_health.py --url http://127.0.0.1:8501   # an already running app

``tests/soak/test_soak.py`` runs a lighter version of the busy phase in CI.
"""

from __future__ import annotations

import argparse
import asyncio
import io
import json
import os
import random
import signal
import statistics
import subprocess
import sys
import time
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).parent))
from bench_load import start_server  # noqa: E402
from stclient import Session  # noqa: E402

MOVER_TARGET = ("risk_factors", "rf_share")
UPLOAD_PAGE, UPLOAD_KEY = "your_data", "yd_file"

# --------------------------------------------------------------------------------------------
# the files


def _xlsx(sheet_xml_writer) -> bytes:
    """A minimal .xlsx whose one sheet's XML is written by ``sheet_xml_writer(part)``."""
    ns = "http://schemas.openxmlformats.org"
    content_types = (
        f'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="{ns}/package/2006/content-types">'
        f'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
        f'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
        f'officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/'
        f'sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.'
        f'worksheet+xml"/></Types>'
    )
    rels = (
        f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{ns}/package/2006/'
        f'relationships"><Relationship Id="rId1" Type="{ns}/officeDocument/2006/relationships/'
        f'officeDocument" Target="xl/workbook.xml"/></Relationships>'
    )
    workbook = (
        f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{ns}/spreadsheetml/2006/main" '
        f'xmlns:r="{ns}/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" '
        f'sheetId="1" r:id="rId1"/></sheets></workbook>'
    )
    workbook_rels = (
        f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{ns}/package/2006/'
        f'relationships"><Relationship Id="rId1" Type="{ns}/officeDocument/2006/relationships/'
        f'worksheet" Target="worksheets/sheet1.xml"/></Relationships>'
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", content_types)
        archive.writestr("_rels/.rels", rels)
        archive.writestr("xl/workbook.xml", workbook)
        archive.writestr("xl/_rels/workbook.xml.rels", workbook_rels)
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as part:
            sheet_xml_writer(part)
    return buffer.getvalue()


_SHEET_HEAD = (
    b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/'
    b'spreadsheetml/2006/main"><sheetData>'
)


def far_cell_xlsx(far: str = "XFD1048576") -> bytes:
    """Two cells, A1 and ``far``: the 1.6 KB file that once took the whole server down."""
    row = int("".join(ch for ch in far if ch.isdigit()))
    cell = '<c r="{}" t="inlineStr"><is><t>{}</t></is></c>'
    xml = (
        f'<row r="1">{cell.format("A1", "a")}</row><row r="{row}">{cell.format(far, "b")}</row>'
    ).encode()
    return _xlsx(lambda part: part.write(_SHEET_HEAD + xml + b"</sheetData></worksheet>"))


def zip_bomb_xlsx(unpacked_mb: int = 100) -> bytes:
    """One inline string of ``unpacked_mb`` MB of the same letter (~1000:1 compressed)."""
    piece = b"a" * (1 << 20)

    def write(part):
        part.write(_SHEET_HEAD + b'<row r="1"><c r="A1" t="inlineStr"><is><t>')
        for _ in range(unpacked_mb):
            part.write(piece)
        part.write(b"</t></is></c></row></sheetData></worksheet>")

    return _xlsx(write)


def hostile_files(bomb_mb: int = 100) -> dict[str, tuple[str, bytes]]:
    """Issue 10's hostile uploads, each well under the upload limit: label → (name, bytes)."""
    return {
        "xlsx A1 + XFD1048576": ("far.xlsx", far_cell_xlsx()),
        f"xlsx zip bomb ({bomb_mb} MB unpacked)": ("bomb.xlsx", zip_bomb_xlsx(bomb_mb)),
        "40 KB header a;a;a;…": ("header.csv", (";".join(["a"] * 20_000) + "\n1;2\n").encode()),
        "50,000-column CSV": (
            "wide.csv",
            (
                ";".join(f"c{i}" for i in range(50_000))
                + "\n"
                + "\n".join(";".join(["1"] * 50_000) for _ in range(20))
                + "\n"
            ).encode(),
        ),
    }


def large_table(factors: int = 25, rows: int = 30_000, seed: int = 3) -> bytes:
    """A legitimate table the page fits with no click: yes/no ``f01``… factors and "outcome"
    (a column with that name is taken as the outcome, the other yes/no columns as factors)."""
    rng = np.random.default_rng(seed)
    x = rng.random((rows, factors)) < rng.uniform(0.1, 0.5, factors)
    logit = -2.0 + x @ rng.normal(0.3, 0.3, factors)
    y = rng.random(rows) < 1 / (1 + np.exp(-logit))
    words = np.array(["no", "yes"])
    columns = [words[y.astype(int)]] + [words[x[:, j].astype(int)] for j in range(factors)]
    header = ";".join(["outcome", *(f"f{j + 1:02d}" for j in range(factors))])
    body = "\n".join(";".join(cells) for cells in zip(*columns, strict=True))
    return f"{header}\n{body}\n".encode()


# --------------------------------------------------------------------------------------------
# the health poller (a separate process)

_POLLER = r"""
import json, signal, sys, time, urllib.request
url, interval = sys.argv[1], float(sys.argv[2])
stop = []
signal.signal(signal.SIGTERM, lambda *_: stop.append(1))
print("ready", flush=True)
out, failed = [], 0
while not stop:
    start = time.perf_counter()
    try:
        with urllib.request.urlopen(url + "/_stcore/health", timeout=10) as response:
            response.read()
            ok = response.status == 200
    except Exception:
        ok = False
    seconds = time.perf_counter() - start
    if ok:
        out.append(seconds)
    else:
        failed += 1
    time.sleep(max(0.0, interval - seconds))
print(json.dumps({"latencies": out, "failed": failed}), flush=True)
"""


class HealthPoller:
    """Polls ``/_stcore/health`` every ``interval`` s from a child process until stopped."""

    def __init__(self, url: str, interval: float = 0.05) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-c", _POLLER, url, str(interval)],
            stdout=subprocess.PIPE,
            text=True,
        )
        assert self.proc.stdout.readline().strip() == "ready"

    def stop(self) -> tuple[list[float], int]:
        self.proc.send_signal(signal.SIGTERM)
        out, _ = self.proc.communicate(timeout=30)
        result = json.loads(out.strip().splitlines()[-1])
        return result["latencies"], result["failed"]


# --------------------------------------------------------------------------------------------
# sessions


def pct(values: list[float], q: int) -> float:
    if not values:
        return float("nan")
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1]


@dataclass
class Phase:
    name: str
    health: list[float] = field(default_factory=list)
    health_failed: int = 0
    moves: list[float] = field(default_factory=list)
    move_errors: list[str] = field(default_factory=list)
    uploads: list[tuple[str, float, str]] = field(default_factory=list)  # label, s, outcome
    upload_errors: list[str] = field(default_factory=list)
    seconds: float = 0.0


async def mover(
    url: str,
    phase: Phase,
    until: asyncio.Event,
    think: float,
    ready: asyncio.Event,
    opened: list[bool],
) -> None:
    """One session on Risk factors moving the NEET-share slider, once ``ready`` is set, until
    ``until`` is; ``opened`` gets an entry when its page has loaded."""
    page, key = MOVER_TARGET
    session = Session(url, page, "lang=en", user_agent="soak-mover", timeout=30)
    try:
        run = await session.open()
        opened.append(run.ok)
        if not run.ok:
            phase.move_errors.append(f"open {run.status}: {run.errors[:1]}")
            return
        await ready.wait()
        direction = 1
        while not until.is_set():
            run, direction = await session.move_slider(key, direction)
            if not run.ok:
                phase.move_errors.append(f"{run.status}: {'; '.join(run.errors)[:200]}")
                if run.status == "dropped":
                    return
            elif not run.changed:
                phase.move_errors.append("the page did not change after a move")
            else:
                phase.moves.append(run.seconds)
            await asyncio.sleep(random.uniform(0.8 * think, 1.2 * think))
    finally:
        await session.close()


async def uploader(
    url: str,
    phase: Phase,
    until: asyncio.Event,
    files: dict[str, tuple[str, bytes]],
    rounds: int | None = None,
) -> None:
    """One session on Your data uploading ``files`` in turn, round after round: hostile ones
    must end in an error box (and no exception), legitimate ones in a fitted scorecard."""
    session = Session(url, UPLOAD_PAGE, "lang=en", user_agent="soak-uploader", timeout=120)
    try:
        run = await session.open()
        if not run.ok:
            phase.upload_errors.append(f"open {run.status}: {run.errors[:1]}")
            return
        done = 0
        while not until.is_set() and (rounds is None or done < rounds):
            for label, (name, data) in files.items():
                status, run = await session.upload_file(UPLOAD_KEY, name, data)
                exceptions = [e for e in run.errors if e.startswith("exception")]
                if status != 204 or run.status != "ok" or exceptions:
                    outcome = f"broken: HTTP {status}, {run.status}, {run.errors[:1]}"
                    phase.upload_errors.append(f"{label}: {outcome}")
                elif run.errors:
                    outcome = "refused"
                else:
                    outcome = "read"
                phase.uploads.append((label, run.seconds, outcome))
                if until.is_set() and rounds is None:
                    break
            done += 1
    finally:
        await session.close()


async def run_phase(
    url: str,
    name: str,
    *,
    movers: int,
    uploaders: int,
    duration: float,
    files: dict[str, tuple[str, bytes]] | None = None,
    think: float = 0.5,
    interval: float = 0.05,
    rounds: int | None = None,
) -> Phase:
    """``movers`` and ``uploaders`` sessions for ``duration`` s (and, with ``rounds``, until
    every uploader has done that many rounds), the health endpoint polled meanwhile."""
    phase = Phase(name)
    until = asyncio.Event()
    ready = asyncio.Event()
    opened: list[bool] = []
    tasks = [
        asyncio.create_task(mover(url, phase, until, think, ready, opened)) for _ in range(movers)
    ]
    deadline = time.monotonic() + 90  # the movers load their page before the measurement
    while len(opened) < movers and time.monotonic() < deadline:
        await asyncio.sleep(0.1)
    poller = HealthPoller(url, interval)
    start = time.monotonic()
    ready.set()
    upload_tasks = [
        asyncio.create_task(uploader(url, phase, until, files or {}, rounds))
        for _ in range(uploaders)
    ]
    await asyncio.sleep(duration)
    if rounds is not None and upload_tasks:
        await asyncio.wait(upload_tasks, timeout=120)
    until.set()
    await asyncio.gather(*tasks, *upload_tasks)
    phase.seconds = time.monotonic() - start
    phase.health, phase.health_failed = poller.stop()
    return phase


def fmt_ms(value: float) -> str:
    return "–" if value != value else f"{1000 * value:,.0f}"


def report(phases: list[Phase]) -> str:
    head = (
        "| phase | seconds | health polls | health p50 ms | health p95 ms | health max ms | "
        "failed polls | moves | move p50 ms | move p95 ms | move errors | uploads (refused/read) "
        "| upload errors |"
    )
    rows = [head, "|" + "---|" * (head.count("|") - 1)]
    for p in phases:
        refused = sum(1 for _, _, o in p.uploads if o == "refused")
        read = sum(1 for _, _, o in p.uploads if o == "read")
        rows.append(
            f"| {p.name} | {p.seconds:.0f} | {len(p.health)} | {fmt_ms(pct(p.health, 50))} | "
            f"{fmt_ms(pct(p.health, 95))} | {fmt_ms(max(p.health, default=float('nan')))} | "
            f"{p.health_failed} | {len(p.moves)} | {fmt_ms(pct(p.moves, 50))} | "
            f"{fmt_ms(pct(p.moves, 95))} | {len(p.move_errors)} | {refused}/{read} | "
            f"{len(p.upload_errors)} |"
        )
    return "\n".join(rows)


def upload_report(phase: Phase) -> str:
    by_label: dict[str, list[float]] = {}
    outcome: dict[str, set[str]] = {}
    for label, seconds, result in phase.uploads:
        by_label.setdefault(label, []).append(seconds)
        outcome.setdefault(label, set()).add(result)
    rows = ["| upload | times | median s | max s | outcome |", "|---|---:|---:|---:|---|"]
    for label, times in by_label.items():
        rows.append(
            f"| {label} | {len(times)} | {statistics.median(times):.2f} | {max(times):.2f} | "
            f"{', '.join(sorted(outcome[label]))} |"
        )
    return "\n".join(rows)


async def measure(url: str, args) -> list[Phase]:
    files = hostile_files(args.bomb_mb)
    files[f"large table ({args.factors} factors × {args.rows:,} rows)"] = (
        "large.csv",
        large_table(args.factors, args.rows),
    )
    # Warm both pages once (imports, caches), so the first phase is not the cold start.
    for page in (MOVER_TARGET[0], UPLOAD_PAGE):
        warm = Session(url, page, "lang=en", timeout=120)
        await warm.open()
        await warm.close()
    phases = [await run_phase(url, "idle", movers=0, uploaders=0, duration=args.idle)]
    common = dict(duration=args.duration, think=args.think)
    phases.append(await run_phase(url, "movers", movers=args.movers, uploaders=0, **common))
    phases.append(
        await run_phase(
            url, "busy", movers=args.movers, uploaders=args.uploaders, files=files, **common
        )
    )
    return phases


# --------------------------------------------------------------------------------------------
# the event loop while the page fits: the fit in a thread (as Streamlit runs a script) against
# the fit in a child process


def fit_like_the_page(data: bytes) -> tuple[dict[str, int], float]:
    """What Your data computes for an upload: read, guess the roles, fit, cross-validate."""
    from riskexplorer.ingest import read_table
    from riskexplorer.views import your_data

    df = read_table(data, "large.csv")
    roles = your_data.suggest_roles(df)
    fit = your_data.fit_upload(df, roles)
    auc = your_data.cross_validated_auc(fit.model.grouped)
    return fit.model.scorecard.points_.to_dict(), auc


async def _loop_gaps(work, tick: float = 0.005) -> tuple[list[float], float]:
    """How late a 5 ms timer on this event loop fires while ``work()`` (a coroutine) runs:
    the event loop thread of a Streamlit server answers /_stcore/health the same way."""
    gaps: list[float] = []
    done = asyncio.Event()

    async def ticker() -> None:
        last = time.perf_counter()
        while not done.is_set():
            await asyncio.sleep(tick)
            now = time.perf_counter()
            gaps.append(now - last - tick)
            last = now

    task = asyncio.create_task(ticker())
    start = time.perf_counter()
    await work()
    seconds = time.perf_counter() - start
    done.set()
    await task
    return gaps, seconds


def loop_gaps(data: bytes, idle_seconds: float = 3.0) -> list[tuple[str, list[float], float]]:
    """Timer lateness: idle; the page's fit in a worker thread; the same fit in a child."""
    import concurrent.futures
    import multiprocessing

    async def idle() -> None:
        await asyncio.sleep(idle_seconds)

    async def in_thread() -> None:
        await asyncio.to_thread(fit_like_the_page, data)

    # A server keeps one pool for its life, started once: never forked from a threaded
    # process, never started or joined on the event loop's thread while it serves.
    context = multiprocessing.get_context("spawn")
    pool = concurrent.futures.ProcessPoolExecutor(1, mp_context=context)

    async def in_child() -> None:
        await asyncio.get_running_loop().run_in_executor(pool, fit_like_the_page, data)

    small = data[: data.index(b"\n", 200_000) + 1]
    fit_like_the_page(small)  # warm the imports in this process ...
    pool.submit(fit_like_the_page, small).result()  # ... and in the child
    out = []
    try:
        for name, work in (
            ("idle", idle),
            ("fit in a thread", in_thread),
            ("fit in a child", in_child),
        ):
            gaps, seconds = asyncio.run(_loop_gaps(work))
            out.append((name, gaps, seconds))
    finally:
        pool.shutdown()
    return out


def gaps_report(rows: list[tuple[str, list[float], float]]) -> str:
    lines = [
        "| event loop while | seconds | timer late p50 ms | p95 ms | p99 ms | max ms |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for name, gaps, seconds in rows:
        lines.append(
            f"| {name} | {seconds:.1f} | {fmt_ms(pct(gaps, 50))} | {fmt_ms(pct(gaps, 95))} | "
            f"{fmt_ms(pct(gaps, 99))} | {fmt_ms(max(gaps, default=float('nan')))} |"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", help="an already running app (default: start one)")
    parser.add_argument("--movers", type=int, default=4)
    parser.add_argument("--uploaders", type=int, default=2)
    parser.add_argument("--duration", type=float, default=30, help="seconds per busy phase")
    parser.add_argument("--idle", type=float, default=10, help="seconds of the idle phase")
    parser.add_argument("--think", type=float, default=0.5, help="seconds between moves")
    parser.add_argument("--factors", type=int, default=25)
    parser.add_argument("--rows", type=int, default=30_000)
    parser.add_argument("--bomb-mb", type=int, default=100)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--loop-gaps",
        action="store_true",
        help="only the event-loop comparison: the page's fit in a thread vs in a child process",
    )
    args = parser.parse_args()
    random.seed(args.seed)
    print(f"{os.cpu_count()} cores; load average {os.getloadavg()[0]:.2f} at start", flush=True)
    if args.loop_gaps:
        print(gaps_report(loop_gaps(large_table(args.factors, args.rows))))
        print(f"\nload average {os.getloadavg()[0]:.2f} at end", flush=True)
        return
    proc = None
    if args.url:
        url = args.url.rstrip("/")
    else:
        proc, url = start_server()
    try:
        phases = asyncio.run(measure(url, args))
    finally:
        if proc is not None:
            proc.terminate()
            proc.wait(timeout=15)
    print()
    print(report(phases))
    print()
    print(upload_report(phases[-1]))
    for p in phases:
        for error in (p.move_errors + p.upload_errors)[:5]:
            print(f"  {p.name}: {error}")
    print(f"\nload average {os.getloadavg()[0]:.2f} at end", flush=True)


if __name__ == "__main__":
    main()
