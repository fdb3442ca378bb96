"""The sidebar's link and summary are drawn once, after the page, except on a page that may
stop early (st.stop), which gets them before it too (app/main.py, STOPPING_PAGES)."""

from __future__ import annotations

import re
from pathlib import Path

from riskexplorer.app.main import STOPPING_PAGES
from riskexplorer.app.navigation import PAGES
from tests.app.conftest import move, open_page

ROOT = Path(__file__).resolve().parents[2]


def test_the_pages_that_call_st_stop_are_the_stopping_pages():
    stopping = {
        spec.url_path
        for spec in PAGES
        if re.search(r"\bst\.stop\(", (ROOT / spec.path).read_text(encoding="utf-8"))
    }
    assert stopping == set(STOPPING_PAGES) == set()


def test_a_page_that_does_not_stop_draws_the_sidebar_controls_once():
    at = open_page("app_pages/risk_factors.py")
    move(at, "rf_share", 30)
    downloads = [b.label for b in at.sidebar.get("download_button")]
    assert downloads == ["Download summary (HTML)"]
    link = at.sidebar.code[0].value
    assert link == "?lang=en&rf_share=30"  # AppTest has no address: the query alone
