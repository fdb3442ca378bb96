"""The app: page config, language, the navigation over the pages and the shared sidebar.

Streamlit reruns its main script on every interaction, so the script itself is one line that
calls :func:`run` — ``app.py`` in a checkout, ``riskexplorer/app/streamlit_app.py`` in an install
(``riskexplorer serve``).
"""

from __future__ import annotations

import logging
import threading

import streamlit as st

from riskexplorer.app import ui
from riskexplorer.app.navigation import FAVICON, PAGES, page_file


@st.cache_resource(show_spinner=False)
def _warm_once() -> threading.Thread:
    """Once per server process, in the background: the model pages' per-process caches (the
    evidence band, the Who can act ranges) are filled before the first visitor needs them."""
    from riskexplorer.views import scorecard

    thread = threading.Thread(target=scorecard.warm, name="riskexplorer-warm", daemon=True)
    thread.start()
    return thread


def run() -> None:
    _warm_once()
    # Projected, the sidebar starts folded: the room sees the page, not the controls.
    st.set_page_config(
        page_title="riskexplorer",
        page_icon=FAVICON,
        layout="wide",
        initial_sidebar_state="collapsed" if ui.presenting() else "auto",
    )
    ui.language_selector()
    ui.apply_style()
    pages = [
        st.Page(
            page_file(spec),
            title=ui.tr(spec.title_key),
            icon=spec.icon,
            url_path=spec.url_path,
            default=spec.default,
        )
        for spec in PAGES
    ]
    current = st.navigation(pages)
    ui.start_briefing()
    with st.sidebar:
        ui.toggle(
            ui.tr("app.presentation_toggle"), key="present", help=ui.tr("app.presentation_help")
        )
    # The share link and summary download, drawn before the page (so a page that stops early
    # with st.stop keeps them) and drawn again after it, with the values its widgets then hold.
    share_slot = st.sidebar.empty()
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
        ui.briefing_controls()
