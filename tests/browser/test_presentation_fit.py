"""In the presentation view a slider and its result share one projected screen (issue 12): at
1280×720 and 1920×1080, on every page with sliders (Risk factors, Scoring, Who can act), the
first slider's thumb and the first result of the strip beside it are both inside the viewport
without scrolling — and the result changes, still on screen, as the slider moves."""

from __future__ import annotations

import pytest

from tests.browser.conftest import settle


def inside(locator, width: int, height: int) -> bool:
    """Whether the element is drawn wholly inside the viewport (no scrolling needed)."""
    box = locator.bounding_box()
    assert box is not None and box["width"] > 0 and box["height"] > 0
    return (
        box["x"] >= 0 and box["y"] >= 0
        and box["x"] + box["width"] <= width and box["y"] + box["height"] <= height
    )  # fmt: skip


#: Each page with sliders and the key of the slider whose result the strip shows first.
SLIDER_PAGES = [
    ("risk_factors", "rf_share"),
    ("scoring", "sc_share"),
    ("who_can_act", "wca_fraction"),
]


@pytest.mark.parametrize(("path", "slider"), SLIDER_PAGES)
@pytest.mark.parametrize(("width", "height"), [(1280, 720), (1920, 1080)])
def test_slider_and_its_result_fit_one_screen_when_presenting(
    server, browser, width, height, path, slider
):
    context = browser.new_context(viewport={"width": width, "height": height}, locale="en-US")
    try:
        page = context.new_page()
        page.set_default_timeout(30_000)
        page.goto(f"{server}/{path}?lang=en&present=true")
        settle(page)
        thumb = page.locator(f".st-key-{slider}").get_by_role("slider")
        result = '.st-key-rx_results [data-testid="stMetric"]'
        page.wait_for_selector(result)
        first = page.locator(result).first
        assert page.evaluate("() => window.scrollY") == 0
        assert inside(thumb, width, height), ("slider", thumb.bounding_box())
        assert inside(first, width, height), ("result", first.bounding_box())
        before = first.locator('[data-testid="stMetricValue"]').inner_text()
        thumb.focus()
        page.keyboard.press("End")
        settle(page)
        page.wait_for_function(
            "([s, b]) => document.querySelector(s).innerText.indexOf(b) < 0",
            arg=[result, before],
            timeout=10_000,
        )
        assert inside(page.locator(result).first, width, height)
        assert page.locator('[data-testid="stException"]').count() == 0
    finally:
        context.close()
