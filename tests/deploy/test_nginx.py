"""`deploy/run.sh 2`: two replicas behind nginx on loopback. Through nginx the page loads, a
websocket session runs and a slider move reruns it, and a browser stays on its replica (its
uploads reach the process that holds its session; the other process does not know it)."""

from __future__ import annotations

import asyncio
import concurrent.futures
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "benchmarks"))
from stclient import Session  # noqa: E402

from tests.servers import free_port  # noqa: E402


def is_open(port: int) -> bool:
    with socket.socket() as sock:
        sock.settimeout(0.5)
        return sock.connect_ex(("127.0.0.1", port)) == 0


def start(replicas: int, run_dir: Path) -> tuple[subprocess.Popen, str, list[int]]:
    """run.sh in its own process group; returns it, the nginx URL and the replica ports."""
    port = free_port()
    env = {**os.environ, "PORT": str(port), "PYTHON": sys.executable, "RUN_DIR": str(run_dir)}
    proc = subprocess.Popen(
        ["bash", str(ROOT / "deploy/run.sh"), str(replicas)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    lines = []
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        line = proc.stdout.readline()
        if not line:
            break
        lines.append(line)
        if line.strip() == "ready":
            ports = [int(p) for p in re.findall(r"on 127\.0\.0\.1:(\d+) \(log", "".join(lines))]
            return proc, f"http://127.0.0.1:{port}", ports
    os.killpg(proc.pid, signal.SIGKILL)
    pytest.fail("deploy/run.sh did not get ready:\n" + "".join(lines))


def stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


@pytest.fixture(scope="module")
def deployment(tmp_path_factory):
    proc, url, ports = start(2, tmp_path_factory.mktemp("deploy"))
    assert len(ports) == 2
    yield url, ports
    stop(proc)


def get(url: str, cookies: str = "") -> tuple[int, dict[str, str], str]:
    request = urllib.request.Request(url, headers={"Cookie": cookies} if cookies else {})
    with urllib.request.urlopen(request, timeout=30) as response:
        return response.status, dict(response.headers.items()), response.read().decode()


def _run_async(coroutine):
    """``asyncio.run`` in a thread of its own: Playwright's sync API may already run an event
    loop in this one (the browser tests share the process)."""
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


def test_page_and_health_through_nginx(deployment):
    url, ports = deployment
    status, headers, body = get(f"{url}/")
    assert status == 200
    assert '<div id="root">' in body
    assert headers["X-Replica"] in {f"127.0.0.1:{p}" for p in ports}
    assert headers["Set-Cookie"].startswith("riskexplorer_route=")
    status, headers, body = get(f"{url}/_stcore/health")
    assert (status, body) == (200, "ok")
    assert "_streamlit_xsrf=" in headers["set-cookie"]


def test_a_slider_move_reruns_through_nginx(deployment):
    url, _ = deployment

    async def scenario():
        session = Session(url, "risk_factors", "lang=en")
        try:
            first = await session.open()
            assert first.ok, first
            before = [t for t in session.texts("metric") if t.startswith("Relative risk")]
            run, _ = await session.move_slider("rf_share")
            after = [t for t in session.texts("metric") if t.startswith("Relative risk")]
            return first, run, before, after, session.query
        finally:
            await session.close()

    first, run, before, after, query = _run_async(scenario())
    # A fragment run: the page around the sliders is not run again.
    assert run.status == "fragment" and not run.errors and run.changed
    assert len(before) == len(after) == 1 and before != after  # RR follows the NEET share
    assert "rf_share=10" in query  # one step up from the local mark (9%): the URL carries it


def test_a_browser_stays_on_its_replica(deployment):
    url, ports = deployment
    replicas = {f"127.0.0.1:{p}" for p in ports}
    data = b"a,b\n1,2\n"

    async def scenario():
        first = Session(url, "risk_factors", "lang=ru", user_agent="workshop-laptop")
        await first.open()
        # The same browser opens a second tab: same cookie jar, same user agent.
        second = Session(
            url, "scoring", "lang=ru", user_agent="workshop-laptop", cookies=first.cookies
        )
        await second.open()
        home = first.response_headers["x-replica"]
        (other,) = replicas - {home}
        put = asyncio.to_thread
        try:
            return (
                first,
                second,
                {
                    "nginx": [await put(s.upload, "f1", "t.csv", data) for s in (first, second)],
                    "home": await put(first.upload, "f2", "t.csv", data, f"http://{home}"),
                    "other": await put(first.upload, "f3", "t.csv", data, f"http://{other}"),
                },
            )
        finally:
            await first.close()
            await second.close()

    first, second, uploads = _run_async(scenario())
    assert first.response_headers["x-replica"] in replicas
    assert second.response_headers["x-replica"] == first.response_headers["x-replica"]
    assert first.session_id and second.session_id and first.session_id != second.session_id
    # Uploads through nginx reach the process that holds each session ...
    assert uploads["nginx"] == [204, 204]
    # ... which matters: the session lives in that process only; the other one refuses it.
    assert uploads["home"] == 204
    assert uploads["other"] == 400


def test_new_browsers_are_spread_over_both_replicas(deployment):
    url, ports = deployment
    seen = {get(f"{url}/_stcore/health")[1]["X-Replica"] for _ in range(20)}
    # A fresh browser draws a random route; 20 all on one replica has odds 2**-19.
    assert seen == {f"127.0.0.1:{p}" for p in ports}


def test_run_sh_stops_everything_on_term(tmp_path):
    proc, url, ports = start(1, tmp_path)
    nginx_port = int(url.rsplit(":", 1)[1])
    assert is_open(nginx_port) and all(is_open(p) for p in ports)
    stop(proc)
    assert proc.returncode == 143
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline and (is_open(nginx_port) or any(map(is_open, ports))):
        time.sleep(0.2)
    assert not is_open(nginx_port)
    assert not any(is_open(p) for p in ports)
