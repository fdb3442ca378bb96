"""riskexplorer: the entry point. Sets the language, the navigation and the shared sidebar."""

import logging
from pathlib import Path

import streamlit as st

from riskexplorer import ui
from riskexplorer.pages import PAGES

st.set_page_config(
    page_title="riskexplorer",
    page_icon=str(Path(ui.__file__).with_name("assets") / "favicon.png"),
    layout="wide",
)

ui.language_selector()
st.sidebar.toggle(
    ui.tr("app.presentation_toggle"),
    key="present",
    bind="query-params",
    help=ui.tr("app.presentation_help"),
)
ui.apply_style()

pages = [
    st.Page(
        spec.path,
        title=ui.tr(spec.title_key),
        icon=spec.icon,
        url_path=spec.url_path,
        default=spec.default,
    )
    for spec in PAGES
]
current = st.navigation(pages)
st.sidebar.caption(ui.tr("app.sidebar_purpose"))
ui.start_briefing()
# Before the page runs, so the share link and the summary download are there even when a page
# stops early (st.stop); the summary is rendered on click from what the page has added by then.
ui.briefing_controls()
try:
    current.run()
except Exception as error:  # a bug, not the user's doing: a plain sentence, never a traceback
    # Only the page and the error's type are logged: a message could quote uploaded data.
    logging.getLogger("riskexplorer").error(
        "page %s failed: %s", current.url_path, type(error).__name__
    )
    st.error(ui.tr("app.unexpected", kind=type(error).__name__), icon=":material/error:")
