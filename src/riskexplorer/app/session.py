"""What the Your data page keeps of an upload, for one browser session only.

Every object derived from an uploaded file — its hash, the header row found in it, the table read
from it, the fitted model, the cross-validated AUC and the data behind its downloads — lives in a
session-scoped resource cache (``st.cache_resource(scope="session")``): never shared with another
session, kept only for the last :data:`KEEP` tables, fits and files of this session, and released
when the tab closes (Streamlit clears a session's scoped caches the moment its websocket
disconnects). The file's hash is in the key of every cached call and of every widget that
belongs to the table (see :func:`riskexplorer.views.your_data.widget_key`), so a new file starts
from fresh widgets and fresh results without any key-prefix bookkeeping.

The downloads are generated on click (``st.download_button(data=callable)``); the callable the
page hands to Streamlit holds only a key into this session's :class:`Held` store, which is emptied
when the session ends, together with the media files generated from it.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable

import numpy as np
import pandas as pd
import streamlit as st

from riskexplorer import ingest, shapes, workers
from riskexplorer.views import your_data as upload

__all__ = [
    "KEEP",
    "Held",
    "cv_auc",
    "digest",
    "download_data",
    "fit",
    "forget",
    "header_guess",
    "table",
]

#: Tables, fits and file hashes kept per session (the current one and the one before it).
KEEP = 2

_cached = functools.partial(
    st.cache_resource, scope="session", max_entries=KEEP, show_spinner=False
)


@_cached
def digest(identity: str, name: str, _data: Callable[[], bytes]) -> str:
    """The hash of the file's bytes and name, computed once per upload (50 MB take ~50 ms)."""
    return upload.fingerprint(_data(), name)


@_cached
def header_guess(
    file_hash: str, name: str, sheet: str | None, _data: Callable[[], bytes]
) -> int | None:
    """The header row found below title rows (``None``: the first row), once per file and sheet."""
    row, error = shapes.find_header_row(_data(), name, sheet=sheet)
    if error is not None:
        raise error
    return row


@_cached
def table(
    file_hash: str, name: str, sheet: str | None, header: int | None, _data: Callable[[], bytes]
) -> upload.ReadTable:
    """The table read from the file (once per file, sheet and header row) with what the page
    shows about it."""
    df, info = ingest.read_table_with_info(_data(), name, sheet=sheet, header_row=header)
    return upload.ReadTable(df, info, upload.column_types(df), upload.read_guess(df))


@_cached
def fit(
    fit_key: str,
    _df: pd.DataFrame,
    _roles: upload.Roles,
    _options: dict,
    _drop: np.ndarray,
) -> upload.UploadFit:
    """The scorecard for this table, these roles and choices (``fit_key`` names all of them,
    see :func:`riskexplorer.views.your_data.fit_key`). Fitted in a worker process
    (:mod:`riskexplorer.workers`): a large table's fit does not hold up the other sessions."""
    return workers.run(upload.fit_upload, _df, _roles, drop_rows=_drop, **_options)


@_cached
def cv_auc(fit_key: str, _result: upload.UploadFit) -> float:
    """The cross-validated AUC of a fit (5 refits: once per fit, not once per rerun, in a
    worker process)."""
    return workers.run(upload.cross_validated_auc, _result.model.grouped)


def forget() -> None:
    """Drop this session's tables, fits and hashes (the file was removed from the uploader)."""
    for cached in (digest, header_guess, table, fit, cv_auc):
        cached.clear()
    _held().producers.clear()


class Held:
    """The producers of this session's upload-derived downloads, by download key."""

    def __init__(self, session_id: str | None) -> None:
        self.session_id = session_id
        self.producers: dict[str, Callable[[], bytes]] = {}
        self._lock = threading.Lock()

    def produce(self, key: str) -> bytes:
        """The bytes of one download, made now (empty once the session has ended)."""
        with self._lock:
            producer = self.producers.get(key)
        return producer() if producer is not None else b""


def _session_id() -> str | None:
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    ctx = get_script_run_ctx()
    return ctx.session_id if ctx is not None else None


def _release(held: Held) -> None:
    """The session ended: drop the producers (and with them the fitted model), and the media
    files generated from them, so no upload-derived download outlives the tab.

    A file a download button generated on click is stored unreferenced, and Streamlit deletes
    such a file on the second clean-up pass after it (a pass runs when any session's script run
    ends) — on an idle server, never. So this session's references are dropped and two passes
    are run now."""
    held.producers.clear()
    from streamlit import runtime

    if held.session_id is None or not runtime.exists():
        return
    files = runtime.get_instance().media_file_mgr
    files.clear_session_refs(held.session_id)
    files.remove_orphaned_files()  # marks the downloads for deletion …
    files.remove_orphaned_files()  # … and deletes them


@st.cache_resource(scope="session", on_release=_release, show_spinner=False)
def _held() -> Held:
    return Held(_session_id())


def download_data(key: str, producer: Callable[[], bytes]) -> Callable[[], bytes]:
    """A ``data=`` callable for ``st.download_button`` that makes the download on click from
    ``producer``, which this session's store holds until the session ends."""
    held = _held()
    with held._lock:
        held.producers[key] = producer
    return functools.partial(held.produce, key)
