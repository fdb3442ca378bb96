"""Every page opens in a real Chromium with no exception and shows its own content."""

from __future__ import annotations

import pytest

from riskexplorer.pages import PAGES
from tests.browser.conftest import settle

HEADINGS = {
    "overview": "What is known about crimes by and against minors in Kazakhstan",
    "statistics": "Documented statistics",
    "methodology": "Methodology and sources",
}


@pytest.mark.parametrize("spec", PAGES, ids=[p.url_path for p in PAGES])
def test_page_opens_without_exception(server, page, spec):
    page.goto(f"{server}/{spec.url_path}?lang=en")
    settle(page)
    assert page.locator('[data-testid="stException"]').count() == 0
    heading = HEADINGS.get(spec.url_path)
    if heading:
        assert page.get_by_role("heading", level=1).first.inner_text().strip() == heading


def test_sidebar_navigation_keeps_the_language(server, page):
    page.goto(f"{server}/?lang=en")
    settle(page)
    page.get_by_role("link", name="Methodology and sources").click()
    settle(page)
    assert "lang=en" in page.url
    assert (
        page.get_by_role("heading", level=1).first.inner_text().strip() == "Methodology and sources"
    )
