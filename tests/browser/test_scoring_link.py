"""In a real browser, a NEET-share move on the Scoring page reruns only its fragment (and the
sidebar's share controls): the sidebar's link must show the new value, not the old one."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

from tests.browser.conftest import settle
from tests.browser.test_share_link import shown_link


def test_the_sidebar_link_follows_a_slider_moved_inside_the_fragment(server, page):
    page.goto(f"{server}/scoring?lang=en")
    settle(page)
    assert "sc_share" not in parse_qs(urlsplit(shown_link(page)).query)  # at its default, 9
    slider = page.get_by_role("slider", name="Share of offenders neither studying nor working")
    slider.focus()
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    code = page.locator('[data-testid="stSidebar"] [data-testid="stCode"] code').first
    page.wait_for_function("el => el.innerText.includes('sc_share=11')", arg=code.element_handle())
    settle(page)
    assert parse_qs(urlsplit(code.inner_text().strip()).query)["sc_share"] == ["11"]
    assert page.locator('[data-testid="stException"]').count() == 0
