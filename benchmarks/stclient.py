"""A headless client that speaks Streamlit's own websocket protocol, as the browser does.

No rendering, no JavaScript: it fetches the page once for the XSRF cookie (and any routing
cookie a proxy sets), opens ``/_stcore/stream`` with the subprotocols the browser sends
(``streamlit`` and the XSRF token), asks for a page with ``rerun_script`` (query string, page
name, browser context), keeps the element tree the server sends (``ForwardMsg`` deltas, with
the browser's message cache for ``ref_hash`` references), and moves a keyed widget by sending
the widget state the browser would send. Each run is timed until ``script_finished``.

Used by ``benchmarks/bench_load.py``, ``benchmarks/bench_health.py``, ``tests/deploy/test_nginx.py``
and ``tests/soak/``; deliberately outside
the library, which must not carry test tooling. Protocol details follow streamlit 1.67's
``streamlit/web/server/starlette/starlette_websocket.py`` and ``runtime/app_session.py``.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import http.cookies
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, urlencode, urlsplit

import websockets
from streamlit.proto.Alert_pb2 import Alert
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.Element_pb2 import Element
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState

FINISHED = {
    ForwardMsg.FINISHED_SUCCESSFULLY,
    ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY,
    ForwardMsg.FINISHED_WITH_COMPILE_ERROR,
}
WIDGET_TYPES = (
    "slider",
    "number_input",
    "selectbox",
    "checkbox",
    "toggle",
    "multiselect",
    "file_uploader",
)


class ProtocolError(RuntimeError):
    """The server did something a browser would show as broken (closed, timed out)."""


@dataclass
class Run:
    """One script run as the client saw it."""

    seconds: float
    status: str  # "ok", "fragment", "compile_error", "timeout", "dropped"
    errors: list[str] = field(default_factory=list)  # exception / st.error texts of this run
    changed: bool = True  # did any element other than the moved widget change?

    @property
    def ok(self) -> bool:
        return self.status in {"ok", "fragment"} and not self.errors


def fetch_cookies(
    base_url: str,
    page: str,
    headers: dict[str, str],
    cookies: dict[str, str] | None = None,
    timeout: float = 30,
) -> dict[str, str]:
    """What a browser fetches before the websocket: the page, then ``/_stcore/health`` (which
    sets the XSRF cookie). Returns the cookies they set (XSRF, and any proxy route cookie)."""
    cookies = dict(cookies or {})
    for path in (f"/{page}", "/_stcore/health"):
        sent = dict(headers)
        if cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in cookies.items())
        request = urllib.request.Request(base_url.rstrip("/") + path, headers=sent)
        with urllib.request.urlopen(request, timeout=timeout) as response:
            jar = http.cookies.SimpleCookie()
            for value in response.headers.get_all("Set-Cookie") or []:
                jar.load(value)
            response.read()
        cookies.update({name: morsel.value for name, morsel in jar.items()})
    return cookies


class Session:
    """One browser tab: one websocket, one Streamlit session."""

    def __init__(
        self,
        base_url: str,
        page: str = "",
        query: str = "",
        *,
        user_agent: str = "stclient",
        locale: str = "en-US",
        timeout: float = 60,
        cookies: dict[str, str] | None = None,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.page = page
        self.query = query
        self.user_agent = user_agent
        self.locale = locale
        self.timeout = timeout
        self.cookies: dict[str, str] = dict(cookies or {})  # a browser's cookie jar
        self.response_headers: dict[str, str] = {}
        self.elements: dict[tuple[int, ...], Element] = {}
        self.fragment_of: dict[tuple[int, ...], str] = {}
        self.page_script_hash = ""
        self.session_id = ""
        self.widget_values: dict[str, WidgetState] = {}  # id -> WidgetState sent so far
        self._cache: dict[str, ForwardMsg] = {}
        self._ws = None
        self._reader: asyncio.Task | None = None
        self._finished: asyncio.Queue = asyncio.Queue()
        self._run_paths: set[tuple[int, ...]] = set()
        self._run_errors: list[str] = []
        self.closed = False
        self.close_reason = ""

    # --- connection ------------------------------------------------------------------------
    async def open(self) -> Run:
        """Load the page: cookies, websocket, first run. Returns the first run."""
        headers = {"User-Agent": self.user_agent}
        self.cookies = await asyncio.to_thread(
            fetch_cookies, self.base_url, self.page, headers, self.cookies
        )
        xsrf = self.cookies.get("_streamlit_xsrf", "")
        parts = urlsplit(self.base_url)
        scheme = "wss" if parts.scheme == "https" else "ws"
        cookie = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        self._ws = await websockets.connect(
            f"{scheme}://{parts.netloc}{parts.path}/_stcore/stream",
            subprotocols=["streamlit", xsrf] if xsrf else ["streamlit"],
            additional_headers={
                "Cookie": cookie,
                "Origin": f"{parts.scheme}://{parts.netloc}",
                "User-Agent": self.user_agent,
            },
            user_agent_header=None,
            max_size=None,
            open_timeout=self.timeout,
        )
        self.response_headers = {k.lower(): v for k, v in self._ws.response.headers.raw_items()}
        self._reader = asyncio.create_task(self._read())
        return await self.rerun()

    async def close(self) -> None:
        self.closed = True
        if self._ws is not None:
            await self._ws.close()
        if self._reader is not None:
            self._reader.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self._reader

    async def _read(self) -> None:
        try:
            async for data in self._ws:
                msg = ForwardMsg()
                msg.ParseFromString(data)
                self._handle(msg)
        except websockets.ConnectionClosed as closed:
            self.close_reason = str(closed)
        finally:
            self.closed = True
            self._finished.put_nowait(None)

    def _handle(self, msg: ForwardMsg) -> None:
        kind = msg.WhichOneof("type")
        if kind == "ref_hash":
            cached = self._cache.get(msg.ref_hash)
            if cached is None:  # the server thinks we hold it; a browser would fail here too
                self._run_errors.append(f"unknown ref_hash {msg.ref_hash}")
                return
            metadata = msg.metadata
            msg = ForwardMsg()
            msg.CopyFrom(cached)
            msg.metadata.CopyFrom(metadata)
            kind = msg.WhichOneof("type")
        elif msg.metadata.cacheable and msg.hash:
            self._cache[msg.hash] = msg
        if kind == "new_session":
            self.session_id = msg.new_session.initialize.session_id or self.session_id
        elif kind == "navigation":  # st.navigation: the page actually shown
            self.page_script_hash = msg.navigation.page_script_hash
        elif kind == "page_info_changed":
            self.query = msg.page_info_changed.query_string
        elif kind == "page_not_found":
            self._run_errors.append(f"page not found: {msg.page_not_found.page_name}")
        elif kind == "delta" and msg.delta.WhichOneof("type") == "new_element":
            path = tuple(msg.metadata.delta_path)
            element = msg.delta.new_element
            self.elements[path] = element
            self._run_paths.add(path)
            if msg.delta.fragment_id:
                self.fragment_of[path] = msg.delta.fragment_id
            if element.WhichOneof("type") == "exception":
                self._run_errors.append(
                    f"exception: {element.exception.type}: {element.exception.message}"
                )
            elif element.WhichOneof("type") == "alert" and element.alert.format == Alert.ERROR:
                self._run_errors.append(f"st.error: {element.alert.body}")
        elif kind == "script_finished":
            status = msg.script_finished
            if status == ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                return
            if status == ForwardMsg.FINISHED_SUCCESSFULLY:
                # A full run: what it did not send again is gone (stale elements).
                self.elements = {p: e for p, e in self.elements.items() if p in self._run_paths}
            self._finished.put_nowait(status)

    # --- runs ------------------------------------------------------------------------------
    def _client_state(self, fragment_id: str = "") -> BackMsg:
        back = BackMsg()
        state = back.rerun_script
        state.query_string = self.query
        state.page_script_hash = self.page_script_hash
        state.page_name = self.page
        state.fragment_id = fragment_id
        state.cached_message_hashes.extend(self._cache)
        state.widget_states.widgets.extend(self.widget_values.values())
        info = state.context_info
        info.timezone = "Asia/Almaty"
        info.timezone_offset = -300
        info.locale = self.locale
        query = f"?{self.query}" if self.query else ""
        info.url = f"{self.base_url}/{self.page}{query}"
        info.is_embedded = False
        info.color_scheme = "light"
        return back

    async def rerun(self, fragment_id: str = "", moved: str | None = None) -> Run:
        """Send rerun_script with the current widget states; wait for script_finished."""
        if self.closed:
            return Run(0.0, "dropped", ["connection closed before the run"])
        before = self.digest(exclude=moved)
        while not self._finished.empty():
            self._finished.get_nowait()
        self._run_paths = set()
        self._run_errors = []
        start = time.perf_counter()
        try:
            await self._ws.send(self._client_state(fragment_id).SerializeToString())
            status = await asyncio.wait_for(self._finished.get(), self.timeout)
        except TimeoutError:
            return Run(
                time.perf_counter() - start, "timeout", [f"no script_finished in {self.timeout} s"]
            )
        except websockets.ConnectionClosed:
            status = None
        seconds = time.perf_counter() - start
        if status is None:
            return Run(seconds, "dropped", ["connection closed during the run"])
        name = {
            ForwardMsg.FINISHED_SUCCESSFULLY: "ok",
            ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY: "fragment",
            ForwardMsg.FINISHED_WITH_COMPILE_ERROR: "compile_error",
        }[status]
        errors = list(self._run_errors)
        if name == "compile_error":
            errors.append("script compile error")
        return Run(seconds, name, errors, changed=self.digest(exclude=moved) != before)

    # --- widgets ---------------------------------------------------------------------------
    def find(self, key: str, kind: str = "slider") -> tuple[tuple[int, ...], Element]:
        """The element of the widget created with ``key=key`` (its id ends with the key)."""
        for path, element in self.elements.items():
            if element.WhichOneof("type") == kind and getattr(element, kind).id.endswith(f"-{key}"):
                return path, element
        raise LookupError(f"no {kind} with key {key!r} on page {self.page!r}")

    def slider_value(self, key: str) -> float:
        _, element = self.find(key)
        slider = element.slider
        sent = self.widget_values.get(slider.id)
        if slider.type == slider.SELECT_SLIDER:  # an index into its options, sent as the option
            if sent is not None:
                return float(list(slider.options).index(sent.string_array_value.data[0]))
            if slider.set_value and slider.raw_value:  # the server's value, as option text
                return float(list(slider.options).index(slider.raw_value[0]))
            return float(slider.default[0])
        if sent is not None:
            return sent.double_array_value.data[0]
        if slider.set_value and slider.value:
            return slider.value[0]
        return slider.default[0]

    async def move_slider(self, key: str, direction: int = 1) -> tuple[Run, int]:
        """Move a single-value slider one step, as a key press would; bounces at the ends.
        Returns the run and the direction actually used."""
        path, element = self.find(key)
        slider = element.slider
        value = self.slider_value(key)
        target = value + direction * slider.step
        if not slider.min <= target <= slider.max:
            direction = -direction
            target = value + direction * slider.step
        state = WidgetState()
        state.id = slider.id
        if slider.type == slider.SELECT_SLIDER:
            # st.select_slider (a decimal slider's steps as options): its state is the chosen
            # option's text, as the browser sends it, and so is its entry in the URL.
            shown = slider.options[int(target)]
            state.string_array_value.data.append(shown)
        else:
            state.double_array_value.data.append(round(target, 10))
            shown = int(target) if slider.data_type == slider.INT else target
        self.widget_values[slider.id] = state
        if slider.query_param_key:  # bind="query-params": the browser rewrites its URL
            params = [(k, v) for k, v in parse_qsl(self.query) if k != slider.query_param_key]
            self.query = urlencode([*params, (slider.query_param_key, str(shown))])
        run = await self.rerun(fragment_id=self.fragment_of.get(path, ""), moved=slider.id)
        return run, direction

    # --- HTTP beside the websocket ---------------------------------------------------------
    def upload(self, file_id: str, name: str, data: bytes, base_url: str | None = None) -> int:
        """PUT a file to ``/_stcore/upload_file/<session>/<file_id>`` as the browser's uploader
        does (multipart, XSRF header and cookies). Returns the HTTP status: 204 when the
        process that received it holds this session, 400 when it does not."""
        boundary = "----stclient" + hashlib.blake2b(data, digest_size=8).hexdigest()
        body = (
            (
                f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{name}"\r\n'
                "Content-Type: application/octet-stream\r\n\r\n"
            ).encode()
            + data
            + f"\r\n--{boundary}--\r\n".encode()
        )
        url = f"{(base_url or self.base_url).rstrip('/')}/_stcore/upload_file/{self.session_id}/{file_id}"
        request = urllib.request.Request(
            url,
            data=body,
            method="PUT",
            headers={
                "Content-Type": f"multipart/form-data; boundary={boundary}",
                "Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()),
                "X-Xsrftoken": self.cookies.get("_streamlit_xsrf", ""),
                "User-Agent": self.user_agent,
            },
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                return response.status
        except urllib.error.HTTPError as error:
            return error.code

    async def upload_file(
        self, key: str, name: str, data: bytes, file_id: str | None = None
    ) -> tuple[int, Run]:
        """Choose a file in the ``st.file_uploader`` created with ``key=key``, as the browser
        does: PUT the bytes to the upload endpoint, then rerun with the uploader's widget state
        naming the file (``UploadedFileInfo``: id, name, size, URLs). Returns the HTTP status
        of the PUT and the run (``Run.status == "dropped"`` if the PUT was refused)."""
        path, element = self.find(key, "file_uploader")
        uploader = element.file_uploader
        file_id = (
            file_id
            or hashlib.blake2b(
                data + name.encode() + str(time.perf_counter_ns()).encode(), digest_size=16
            ).hexdigest()
        )
        status = await asyncio.to_thread(self.upload, file_id, name, data)
        if status != 204:
            return status, Run(0.0, "dropped", [f"upload refused: HTTP {status}"])
        state = WidgetState()
        state.id = uploader.id
        info = state.file_uploader_state_value.uploaded_file_info.add()
        info.file_id = file_id
        info.name = name
        info.size = len(data)
        url = f"/_stcore/upload_file/{self.session_id}/{file_id}"
        info.file_urls.file_id = file_id
        info.file_urls.upload_url = url
        info.file_urls.delete_url = url
        self.widget_values[uploader.id] = state
        run = await self.rerun(fragment_id=self.fragment_of.get(path, ""), moved=uploader.id)
        return status, run

    # --- what the page shows ---------------------------------------------------------------
    def digest(self, exclude: str | None = None) -> str:
        """A fingerprint of everything shown, except the widget that was moved."""
        h = hashlib.blake2b(digest_size=16)
        for path in sorted(self.elements):
            element = self.elements[path]
            kind = element.WhichOneof("type")
            if exclude and kind in WIDGET_TYPES and getattr(element, kind).id == exclude:
                continue
            h.update(repr(path).encode())
            h.update(element.SerializeToString(deterministic=True))
        return h.hexdigest()

    def texts(self, kind: str) -> list[str]:
        """Visible texts of one element kind (metric values, markdown bodies, alerts)."""
        out = []
        for path in sorted(self.elements):
            element = self.elements[path]
            if element.WhichOneof("type") != kind:
                continue
            part = getattr(element, kind)
            out.append(f"{part.label}={part.body}" if kind == "metric" else part.body)
        return out
