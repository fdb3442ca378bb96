"""Nothing leaves the machine: the server is started under ``strace -f -e trace=connect,bind`` with
only the project's .streamlit/config.toml (no address flags), a real Chromium walks every page
in every language, and the test fails on any request of the browser to a host that is not this
machine and on any connect() of the server to an address outside 127.0.0.0/8 and ::1 (or to a
DNS port, which would mean it tried to resolve a name)."""

from __future__ import annotations

import contextlib
import ipaddress
import os
import re
import shutil
import signal
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from riskexplorer.app.navigation import PAGES
from tests.browser.conftest import ROOT, settle
from tests.servers import free_port, stop, wait_healthy

STRACE = shutil.which("strace")
LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1", "[::1]"}
INET = re.compile(r'sa_family=AF_INET, sin_port=htons\((\d+)\), sin_addr=inet_addr\("([^"]+)"\)')
INET6 = re.compile(r'sa_family=AF_INET6, sin6_port=htons\((\d+)\).*?inet_pton\(AF_INET6, "([^"]+)"')

pytestmark = pytest.mark.skipif(
    STRACE is None, reason="strace missing (scripts/test.sh installs it)"
)


def outside_connects(trace: str) -> list[str]:
    """connect() calls in an strace log to anything but loopback, or to a DNS port."""
    bad = []
    for line in trace.splitlines():
        if "connect(" not in line:
            continue
        for pattern in (INET, INET6):
            for port, host in pattern.findall(line):
                address = ipaddress.ip_address(host)
                mapped = getattr(address, "ipv4_mapped", None)
                loopback = address.is_loopback or (mapped is not None and mapped.is_loopback)
                if not loopback or port == "53":
                    bad.append(line.strip())
    return bad


def test_outside_connects_are_recognised():
    """The parser itself, on lines strace really prints."""
    trace = "\n".join(
        [
            '7 connect(5, {sa_family=AF_INET, sin_port=htons(1), sin_addr=inet_addr("8.8.8.8")}, 16) = 0',
            '7 connect(6, {sa_family=AF_INET, sin_port=htons(41000), sin_addr=inet_addr("127.0.0.1")}, 16) = 0',
            '7 connect(7, {sa_family=AF_INET6, sin6_port=htons(443), sin6_flowinfo=htonl(0), inet_pton(AF_INET6, "2a00:1450::1", &sin6_addr), sin6_scope_id=0}, 28) = -1 ENETUNREACH',
            '7 connect(8, {sa_family=AF_INET6, sin6_port=htons(80), sin6_flowinfo=htonl(0), inet_pton(AF_INET6, "::1", &sin6_addr), sin6_scope_id=0}, 28) = 0',
            '7 connect(9, {sa_family=AF_UNIX, sun_path="/var/run/nscd/socket"}, 110) = -1 ENOENT',
            '7 connect(10, {sa_family=AF_INET, sin_port=htons(53), sin_addr=inet_addr("127.0.0.11")}, 16) = 0',
        ]
    )  # fmt: skip
    bad = outside_connects(trace)
    assert [line.split("(")[1].split(",")[0] for line in bad] == ["5", "7", "10"]


@pytest.fixture(scope="module")
def traced_server(tmp_path_factory):
    """The app as a user starts it — only the port on the command line, the rest from the
    project's config — under strace; yields its URL and the trace file."""
    trace = tmp_path_factory.mktemp("strace") / "connect.log"
    port = free_port()
    log = (tmp_path_factory.getbasetemp() / "offline-server.log").open("w")
    proc = subprocess.Popen(
        [STRACE, "-f", "-qq", "-e", "trace=connect,bind", "-o", str(trace),
         sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port),
         "--server.fileWatcherType", "none"],
        cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    wait_healthy(proc, url, timeout=90, log=None)
    yield url, trace
    # strace detaches from the server when it is stopped, and the server would run on: stop the
    # whole process group (strace and the server it started).
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGTERM)
    stop(proc, timeout=15)
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGKILL)
    log.close()


def test_no_request_leaves_the_machine(traced_server, browser):
    url, trace = traced_server
    assert urlsplit(url).hostname == "127.0.0.1"
    context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="en-US")
    page = context.new_page()
    page.set_default_timeout(60_000)
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.on("websocket", lambda ws: requested.append(ws.url))
    referenced: list[str] = []
    try:
        for lang in ("kk", "ru", "en"):
            for spec in PAGES:
                page.goto(f"{url}/{spec.url_path}?lang={lang}")
                settle(page)
                assert page.get_by_role("heading", level=1).count() >= 1, (spec.url_path, lang)
                # What the page points at, fetched or not (headless Chromium skips favicons).
                referenced += page.eval_on_selector_all(
                    "link[href], script[src], img[src], iframe[src]",
                    "els => els.map(e => e.href || e.src)",
                )
    finally:
        context.close()

    def outside(address: str) -> bool:
        parts = urlsplit(address)
        return parts.scheme not in {"data", "blob"} and parts.hostname not in LOCAL_HOSTS

    assert len(requested) > 3 * len(PAGES)  # the walk really fetched pages
    assert any(r.endswith("/_stcore/stream") for r in requested)
    assert [r for r in requested if outside(r)] == []
    assert [r for r in referenced if outside(r)] == []
    # The favicon ships with the project and is served by the app itself.
    icons = [r for r in referenced if "/media/" in r and r.endswith(".png")]
    assert icons, referenced
    text = Path(trace).read_text()
    # strace followed the server: its listening socket, bound to loopback by the config alone.
    assert (
        "bind(" in text and f'htons({urlsplit(url).port}), sin_addr=inet_addr("127.0.0.1")' in text
    )
    assert outside_connects(text) == []
