"""riskexplorer.app.sockets: Nagle's algorithm off on the process's TCP sockets — the listening
one (whose later connections inherit it) and those already accepted — and nothing else touched."""

from __future__ import annotations

import socket
import sys

import pytest

from riskexplorer.app import sockets


def nodelay(sock: socket.socket) -> bool:
    return bool(sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY))


@pytest.mark.skipif(sys.platform == "win32", reason="reads the process's file descriptors")
def test_listening_and_accepted_sockets_send_without_delay():
    # As Streamlit binds it: no protocol number, so asyncio would leave Nagle on.
    with socket.socket(socket.AF_INET) as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        early = socket.create_connection(listener.getsockname())
        accepted, _ = listener.accept()
        assert accepted.proto == 0 and not nodelay(accepted) and not nodelay(listener)
        read, write = socket.socketpair()  # not TCP: left alone
        with early, accepted, read, write:
            assert sockets.send_without_delay() >= 3  # listener, accepted, the client's end
            assert nodelay(listener) and nodelay(accepted) and nodelay(early)
            later = socket.create_connection(listener.getsockname())
            inherited, _ = listener.accept()
            with later, inherited:
                assert nodelay(inherited)  # a connection accepted afterwards
            assert sockets.send_without_delay() >= 3  # again: harmless


@pytest.mark.skipif(sys.platform == "win32", reason="reads the process's file descriptors")
def test_a_pipe_still_reaches_its_end_and_no_descriptor_is_left_open():
    """Pipes are not touched: a stray copy of a pipe's write end once kept Playwright's driver
    (and anything else reading a pipe of this process) from ever seeing the end of it."""
    import os
    import select

    read, write = os.pipe()
    try:
        before = len(os.listdir("/proc/self/fd")) if os.path.isdir("/proc/self/fd") else None
        sockets.send_without_delay()
        if before is not None:
            assert len(os.listdir("/proc/self/fd")) == before
        os.close(write)
        ready, _, _ = select.select([read], [], [], 2)
        assert ready and os.read(read, 1) == b""  # the end of the pipe, at once
    finally:
        os.close(read)
