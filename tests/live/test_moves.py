"""What a slider move sends, on a real server (issue 11): the changed numbers first, the
sliders not at all, and every message without waiting for the browser's acknowledgement.

Each session speaks Streamlit's websocket protocol (``benchmarks/stclient.py``), as the load
benchmark does. The times these buy are measured in ``benchmarks/`` (README, Benchmarks).
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.servers import checkout_app, run_async

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "benchmarks"))
from stclient import Session  # noqa: E402


@pytest.fixture(scope="module")
def server() -> Iterator[tuple[str, subprocess.Popen]]:
    with checkout_app("moves") as (url, proc):
        yield url, proc


async def sent_by_a_move(url: str, page: str, key: str) -> tuple[list[tuple[str, str]], bool]:
    """The elements one move of slider ``key`` sends, in order, as (type, widget id or ""), and
    whether the page changed."""
    session = Session(url, page, "lang=en", timeout=60)
    await session.open()
    sent: list[tuple[str, str]] = []
    handle = session._handle

    def spy(msg) -> None:
        if msg.WhichOneof("type") == "delta" and msg.delta.WhichOneof("type") == "new_element":
            element = msg.delta.new_element
            kind = element.WhichOneof("type")
            sent.append((kind, getattr(getattr(element, kind), "id", "") or ""))
        handle(msg)

    session._handle = spy
    try:
        run, _ = await session.move_slider(key)
        assert run.ok, run.errors
        return sent, run.changed
    finally:
        await session.close()


@pytest.mark.parametrize(
    ("page", "key", "metrics"), [("risk_factors", "rf_share", 4), ("scoring", "sc_share", 4)]
)
def test_a_move_sends_its_numbers_first_and_not_the_sliders(server, page, key, metrics):
    url, _ = server
    sent, changed = run_async(sent_by_a_move(url, page, key))
    assert changed
    kinds = [kind for kind, _ in sent]
    # The result strip is the first thing drawn, before any text, table or chart ...
    assert kinds[:metrics] == ["metric"] * metrics, kinds[:10]
    # ... and the page's sliders, already where the user left them, are not sent again (a
    # slider that belongs to the results, such as Scoring's threshold, may be).
    assert not [w for kind, w in sent if kind == "slider" and w.endswith(f"-{key}")]
    assert len(sent) > 3 * metrics  # the rest of what the move changes follows


async def moves_of(url: str, page: str, key: str, moves: int) -> list[tuple[bool, bool, str]]:
    """(ok, changed, query string) after each of ``moves`` moves of slider ``key``."""
    session = Session(url, page, "lang=ru", timeout=60)
    await session.open()
    try:
        seen, direction = [], 1
        for _ in range(moves):
            run, direction = await session.move_slider(key, direction)
            assert run.ok, run.errors
            seen.append((run.ok, run.changed, session.query))
        return seen
    finally:
        await session.close()


@pytest.mark.parametrize(
    ("page", "key", "first"),
    [("risk_factors", "rf_prev", "rf_prev=3.5"), ("scoring", "sc_prev", "sc_prev=3.5")],
)
def test_the_client_moves_a_decimal_slider_as_the_browser_does(server, page, key, first):
    """A decimal percent slider is a select slider of its steps (``ui.slider``): the client sends
    the chosen step's text, as the browser does, and the server takes it (the load benchmark
    once sent an index and every such move raised a TypeError on the server)."""
    url, _ = server
    seen = run_async(moves_of(url, page, key, 2))
    assert all(ok and changed for ok, changed, _ in seen)
    assert first in seen[0][2]  # one step (0.5) up from the default 3.0, in the link
    assert f"{key}=4" in seen[1][2]


def test_the_servers_connections_send_without_waiting(server):
    """Nagle's algorithm off (TCP_NODELAY) on the server's listening socket, which its
    connections inherit (riskexplorer.app.sockets). Read from outside the process through
    pidfd_getfd, where the kernel and Python allow it."""
    url, proc = server
    if not hasattr(os, "pidfd_open"):
        pytest.skip("needs os.pidfd_open (Linux)")
    run_async(sent_by_a_move(url, "risk_factors", "rf_share"))  # the app has run once
    import ctypes

    libc = ctypes.CDLL(None, use_errno=True)
    pidfd_getfd = 438  # the syscall's number on x86-64 and arm64
    port = int(url.rsplit(":", 1)[1])
    # The listening socket's inode, from /proc/net/tcp (state 0A = LISTEN).
    inodes = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        with open(table) as rows:
            for row in list(rows)[1:]:
                fields = row.split()
                if int(fields[1].rsplit(":", 1)[1], 16) == port and fields[3] == "0A":
                    inodes.add(fields[9])
    assert inodes
    pidfd = os.pidfd_open(proc.pid)
    try:
        checked = 0
        for name in os.listdir(f"/proc/{proc.pid}/fd"):
            target = os.readlink(f"/proc/{proc.pid}/fd/{name}")
            if target.strip("socket:[]") not in inodes:
                continue
            fd = libc.syscall(pidfd_getfd, pidfd, int(name), 0)
            if fd < 0:
                pytest.skip(f"pidfd_getfd refused (errno {ctypes.get_errno()})")
            with socket.socket(fileno=fd) as sock:
                assert sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY) == 1
                checked += 1
        assert checked
    finally:
        os.close(pidfd)
