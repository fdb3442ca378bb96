"""Every page opens in a real Chromium with no exception and shows its own content."""

from __future__ import annotations

from pathlib import Path

import pytest

from riskexplorer.app.navigation import PAGES
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


def test_downloaded_summary_holds_the_figures_and_sources_shown(server, page):
    page.goto(f"{server}/?lang=en")
    settle(page)
    with page.expect_download() as info:
        page.get_by_role("button", name="Download summary (HTML)").click()
    html = Path(info.value.path()).read_text(encoding="utf-8")
    assert "<script" not in html.lower()
    assert "771 crimes" in html and "Seed only" in html
    assert "1,703 people" in html
    assert "Confirmed by: Ministry of Internal Affairs of Kazakhstan" in html  # who confirms 134
    assert "What is known about crimes by and against minors in Kazakhstan" in html


def test_shared_link_restores_the_scoring_view_in_a_fresh_browser(server, browser, page):
    page.goto(f"{server}/scoring?lang=en")
    settle(page)
    lesson = page.locator('[data-testid="stMarkdownContainer"] h3').first
    before = lesson.inner_text()
    # The threshold slider (in a fragment), found by its label, not by its place on the page.
    slider = page.get_by_role(
        "slider", name="If a programme served everyone with at least this many points"
    )
    slider.focus()
    for _ in range(2):
        page.keyboard.press("ArrowRight")
    page.wait_for_function(
        "([el, before]) => el.innerText !== before", arg=[lesson.element_handle(), before]
    )
    settle(page)
    moved = lesson.inner_text()
    assert "sc_threshold=" in page.url and "lang=en" in page.url

    fresh = browser.new_context(viewport={"width": 1366, "height": 900}, locale="ru-RU")
    other = fresh.new_page()
    other.goto(page.url)
    settle(other)
    assert other.locator('[data-testid="stMarkdownContainer"] h3').first.inner_text() == moved
    fresh.close()
