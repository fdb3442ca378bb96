"""Real-browser tests: the app served by `streamlit run` on a free port, driven by Playwright in
Debian's Chromium (/usr/bin/chromium — never `playwright install`)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
    "--disable-quic",
]  # fmt: skip
SETTLED = '[data-testid="stApp"][data-test-script-state="notRunning"]'


def pytest_collection_modifyitems(items):
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.fspath).parents:
            item.add_marker(pytest.mark.browser)
            if not Path(CHROMIUM).exists():
                if os.environ.get("CI"):
                    item.add_marker(
                        pytest.mark.xfail(reason="Chromium missing in CI", strict=True, run=False)
                    )
                else:
                    item.add_marker(pytest.mark.skip(reason=f"{CHROMIUM} not installed"))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def server() -> Iterator[str]:
    """The app on a free local port; prints the server's log if it does not come up."""
    port = free_port()
    log_path = ROOT / f".pytest_cache/streamlit-{port}.log"
    log_path.parent.mkdir(exist_ok=True)
    log = log_path.open("w")
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            "app.py",
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
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    break
        except OSError:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            log.close()
            pytest.fail(f"streamlit did not start:\n{log_path.read_text()}")
        time.sleep(0.2)
    yield url
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
    log.close()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(
        viewport={"width": 1366, "height": 900}, locale="en-US", accept_downloads=True
    )
    pg = context.new_page()
    pg.set_default_timeout(30_000)
    yield pg
    context.close()


def settle(page) -> None:
    """Wait until the app has finished its current run."""
    page.wait_for_selector(SETTLED, timeout=30_000)
    page.wait_for_timeout(150)
    page.wait_for_selector(SETTLED, timeout=30_000)
