"""Every page, in every language, in a real Chromium: no exception, the navigation and the
document in that language, and nothing serious or critical for axe-core (WCAG 2.1 A/AA)."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe

from riskexplorer.app.navigation import PAGES
from riskexplorer.i18n import LANGUAGES, t
from tests.browser.conftest import settle

AXE = Axe()
WCAG = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    "resultTypes": ["violations"],
}


def serious(page) -> list[str]:
    """Serious or critical violations, each as 'rule (impact): first offending element'.

    Colour contrast is measured on what is drawn at that instant: an element still fading in
    (Streamlit animates new elements' opacity) reads as faint text. A contrast finding is
    therefore checked once more after the page has settled again; only what persists counts."""

    def run() -> list[str]:
        results = AXE.run(page, options=WCAG).response
        return [
            f"{v['id']} ({v['impact']}): {v['nodes'][0]['target']} {v['help']}"
            for v in results["violations"]
            if v["impact"] in {"serious", "critical"}
        ]

    found = run()
    if any(item.startswith("color-contrast") for item in found):
        page.wait_for_timeout(1500)
        settle(page)
        found = run()
    return found


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("spec", PAGES, ids=[p.url_path for p in PAGES])
def test_page_in_every_language_is_whole_and_accessible(server, page, spec, lang):
    page.goto(f"{server}/{spec.url_path}?lang={lang}")
    settle(page)
    page.wait_for_timeout(500)  # charts finish drawing after the run
    assert page.locator('[data-testid="stException"]').count() == 0
    # Set by a script element of the run (ui.apply_style), which the browser may execute a
    # moment after the run has ended; it must come, not necessarily before "notRunning".
    page.wait_for_function(
        "(lang) => document.documentElement.lang === lang", arg=lang, timeout=10_000
    )
    assert page.locator("html").get_attribute("lang") == lang
    nav = page.locator('[data-testid="stSidebarNav"]').inner_text()
    for other in PAGES:
        assert t(other.title_key, lang) in nav
    assert serious(page) == []
