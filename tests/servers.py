"""Starting the app for the tests that need a real server (browser, soak, offline): one way to
launch it, wait for its health endpoint and stop it."""

from __future__ import annotations

import asyncio
import concurrent.futures
import os
import random
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
#: ``streamlit run app.py`` on loopback, headless, without telemetry or a file watcher.
APP_ARGS = ["--server.address", "127.0.0.1", "--server.headless", "true",
            "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none"]  # fmt: skip


def free_port() -> int:
    """A free local port between 20000 and 60000."""
    while True:
        port = random.randint(20000, 60000)
        with socket.socket() as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port


def app_command(port: int, args: Sequence[str] = APP_ARGS) -> list[str]:
    return [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port), *args]


def wait_healthy(proc: subprocess.Popen, url: str, *, timeout: float, log: Path | None) -> None:
    """Until ``url``'s health endpoint answers; fails the test (with the server's log) if the
    process ends or ``timeout`` seconds pass first."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            text = log.read_text() if log is not None and log.exists() else ""
            pytest.fail(f"streamlit did not start:\n{text}")
        time.sleep(0.2)


def stop(proc: subprocess.Popen, timeout: float = 10) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()


@contextmanager
def running_app(
    log_path: Path, *, command: Sequence[str] | None = None, env: dict | None = None,
    port: int | None = None, timeout: float = 60,
) -> Iterator[tuple[str, subprocess.Popen]]:  # fmt: skip
    """The app (``command``, else :func:`app_command`) on ``port``; yields its URL and process."""
    port = port or free_port()
    log_path.parent.mkdir(parents=True, exist_ok=True)
    with log_path.open("w") as log:
        proc = subprocess.Popen(
            list(command or app_command(port)), cwd=ROOT, env=env, stdout=log,
            stderr=subprocess.STDOUT,
        )  # fmt: skip
        url = f"http://127.0.0.1:{port}"
        try:
            wait_healthy(proc, url, timeout=timeout, log=log_path)
            yield url, proc
        finally:
            stop(proc)


@contextmanager
def checkout_app(name: str) -> Iterator[tuple[str, subprocess.Popen]]:
    """This checkout's app (its ``src`` on the path) on a free port, logging to
    ``.pytest_cache/{name}-streamlit-{port}.log``; yields its URL and process."""
    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    log = ROOT / f".pytest_cache/{name}-streamlit-{port}.log"
    with running_app(log, env=env, port=port) as (url, proc):
        yield url, proc


def run_async(coroutine):
    """``asyncio.run(coroutine)`` in a thread of its own: Playwright's sync API (the browser
    tests' session fixture) keeps an event loop running in this one, and asyncio.run refuses to
    start beside it."""
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result()
