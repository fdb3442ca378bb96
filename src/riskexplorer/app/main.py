"""The app: page config, language, the navigation over the pages and the shared sidebar.

Streamlit reruns its main script on every interaction, so the script itself is one line that
calls :func:`run` — ``app.py`` in a checkout, ``riskexplorer/app/streamlit_app.py`` in an install
(``riskexplorer serve``).
"""

from __future__ import annotations

import logging
import math
import threading

import streamlit as st
from streamlit.runtime.state.session_state_proxy import get_session_state

from riskexplorer.app import ui
from riskexplorer.app.navigation import FAVICON, PAGES, page_file


@st.cache_resource(show_spinner=False)
def _warm_once() -> threading.Thread:
    """Once per server process: the server's sockets send every message at once
    (:mod:`riskexplorer.app.sockets`); then, in the background, the model pages' per-process
    caches (the evidence band, the Who can act ranges) are filled, and the upload workers
    started, before the first visitor needs them."""
    from riskexplorer import workers
    from riskexplorer.app import sockets
    from riskexplorer.views import scorecard

    sockets.send_without_delay()

    def warm() -> None:
        scorecard.warm(prime_chart=ui.prime_drawn)
        workers.warm()

    thread = threading.Thread(target=warm, name="riskexplorer-warm", daemon=True)
    thread.start()
    return thread


#: Longer URL values are dropped: no widget of the app takes more (the search boxes included).
MAX_URL_VALUE = 200


def acceptable_url_value(value: str) -> bool:
    """Whether a query-string value may reach a URL-bound widget: not longer than
    :data:`MAX_URL_VALUE`, and not a number that is infinite or not a number (``inf``, ``NaN``,
    ``1e309``), which breaks Streamlit's own number widgets with an OverflowError. Anything else
    is left to the widget, which ignores a value it cannot take (a slider outside its range, an
    option it does not have).

    >>> [acceptable_url_value(v) for v in ("9", "3.5", "inf", "-inf", "NaN", "1e309", "police")]
    [True, True, False, False, False, False, True]
    """
    if len(value) > MAX_URL_VALUE:
        return False
    try:
        number = float(value)
    except ValueError:
        return True
    return math.isfinite(number)


def _drop_bad_url_values() -> None:
    """Before any widget is created: remove the URL values no widget may be given.

    A bound widget seeds itself from the query string the session opened with, not from
    ``st.query_params``; so after the bad values are gone that seed is reset to what is left
    (Streamlit's own step after a page switch, ``set_initial_query_params_from_current``)."""
    changed = False
    for key in list(st.query_params):
        values = st.query_params.get_all(key)
        kept = [v for v in values if acceptable_url_value(v)]
        if kept != values:
            changed = True
            if kept:
                st.query_params[key] = kept
            else:
                del st.query_params[key]
    if changed:
        with get_session_state().query_params() as params:
            params.set_initial_query_params_from_current()


#: Pages that may end with ``st.stop()``: after it nothing more is drawn, so the sidebar's link
#: and summary are drawn before them too (tests/app/test_share_link.py checks this list against
#: app_pages/). Any other page gets them once, after it ran (~4 ms a rerun saved). None does
#: now: Who can act, the last, draws its "none selected" inside a fragment that just returns.
STOPPING_PAGES: frozenset[str] = frozenset()


def _pages(language: str) -> list:
    """The navigation's pages in ``language``, made once per session and language: building
    nine ``st.Page`` objects resolves and stats each script path (~3 ms a rerun). Not shared
    between sessions: ``st.navigation`` marks the chosen page on the object for that run."""
    made = st.session_state.setdefault("_nav_pages", {})
    if language not in made:
        made[language] = [
            st.Page(
                page_file(spec),
                title=ui.tr(spec.title_key),
                icon=spec.icon,
                url_path=spec.url_path,
                default=spec.default,
            )
            for spec in PAGES
        ]
    return made[language]


def run() -> None:
    _warm_once()
    _drop_bad_url_values()
    # Projected, the sidebar starts folded: the room sees the page, not the controls.
    st.set_page_config(
        page_title="riskexplorer",
        page_icon=FAVICON,
        layout="wide",
        initial_sidebar_state="collapsed" if ui.presenting() else "auto",
    )
    ui.language_selector()
    ui.apply_style()
    current = st.navigation(_pages(ui.lang()))
    ui.start_briefing()
    with st.sidebar:
        ui.toggle(
            ui.tr("app.presentation_toggle"), key="present", help=ui.tr("app.presentation_help")
        )
    # The share link and summary download, drawn after the page with the values its widgets
    # then hold; for a page that may stop early (st.stop), also before it, so that it keeps them.
    share_slot = st.sidebar.empty()
    if current.url_path in STOPPING_PAGES:
        with share_slot.container():
            ui.briefing_controls(early=True)
    st.sidebar.caption(ui.tr("app.sidebar_purpose"))
    try:
        current.run()
    except Exception as error:  # a bug, not the user's doing: a plain sentence, never a traceback
        # Only the page and the error's type are logged: a message could quote uploaded data.
        logging.getLogger("riskexplorer").error(
            "page %s failed: %s", current.url_path, type(error).__name__
        )
        st.error(ui.tr("app.unexpected", kind=type(error).__name__), icon=":material/error:")
    with share_slot.container():
        ui.share_controls()  # a fragment: a page fragment's widgets rerun it (ui.rerun_with_link)
