"""A hostile value in the URL never breaks a page: every URL-bound widget of every page, given
infinite, not-a-number, overflowing, textual, very long and HTML values, shows its page with no
exception and no error box (issue 10: `?sc_pts_<factor>=inf` once raised Streamlit's
OverflowError)."""

from __future__ import annotations

import pytest

from tests.app.conftest import open_page

#: Every key a page binds to the URL, by page (tests/test_url_keys below keeps this list true).
BOUND = {
    "app_pages/risk_factors.py": ("rf_share", "rf_prev", "rf_reach"),
    "app_pages/scoring.py": ("sc_share", "sc_prev", "sc_corr", "sc_factors", "sc_threshold",
                             "sc_pts_truancy", "sc_pts_neet", "sc_profile"),
    "app_pages/who_can_act.py": ("wca_fraction", "wca_stakeholder"),
    "app_pages/statistics.py": ("st_topic", "st_topics", "st_status", "st_search"),
    "app_pages/methodology.py": ("mt_topics", "mt_search"),
    "app_pages/regions.py": ("rg_series", "rg_view"),
    "app_pages/children_as_victims.py": ("vi_or",),
    "app_pages/overview.py": ("present", "lang"),
}  # fmt: skip
HOSTILE = ("inf", "-inf", "NaN", "1e309", "text", "x" * 10_000, "<img src=x onerror=alert(1)>")
CASES = [(page, value) for page in BOUND for value in HOSTILE]


@pytest.mark.parametrize(("page", "value"), CASES, ids=[f"{p[10:-3]}:{v[:8]}" for p, v in CASES])
def test_hostile_url_values_are_ignored_not_an_error(page, value):
    # Every bound key of the page at once: any one of them breaking the page fails the test.
    at = open_page(page, **dict.fromkeys(BOUND[page], value))
    assert not at.exception, (value[:20], at.exception)
    assert not at.error, (value[:20], [e.value for e in at.error])
    if len(value) > 20:  # the HTML and the 10,000 characters are never echoed as markup
        assert value not in " ".join(m.value for m in at.markdown), value[:20]
