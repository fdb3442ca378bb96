"""In Chromium, on the Your data page (issue 10, items 3 and 6): text from an upload — column
names, values, the file name — is shown as text, never as Markdown, HTML or an image that makes the
browser fetch anything; and a download made from an upload is gone once its tab is closed."""

from __future__ import annotations

import time
import urllib.error
import urllib.request

import numpy as np
import pandas as pd

from tests.browser.conftest import settle

UPLOAD_INPUT = '[data-testid="stFileUploaderDropzoneInput"]'
HOST = "198.51.100.7"  # TEST-NET-2: never a real server
IMAGE = f"![t](http://{HOST}/c.png)"
MARKERS = (IMAGE, "**bold**", "$x^2$", ":red[x]", "<img src=x onerror=alert(1)>")


def hostile_csv() -> bytes:
    """Made-up records whose factor names, group values and file name carry the markers."""
    rng = np.random.default_rng(0)
    n = 1800
    X = (rng.random((n, 3)) < [0.3, 0.4, 0.5]).astype(int)
    y = (rng.random(n) < 1 / (1 + np.exp(-(-1.6 + X @ np.array([1.1, 0.7, -0.6]))))).astype(int)
    frame = pd.DataFrame(X, columns=[f"{IMAGE} Прогулы", "**bold** семья", "$x^2$ :red[x]"])
    frame["Правонарушение"] = y
    frame.insert(0, "Область", np.repeat([MARKERS[4], "**bold**", ":red[x]"], n // 3))
    return frame.replace({1: "да", 0: "нет"}).to_csv(sep=";", index=False).encode("utf-8")


def open_with_upload(page, server: str, name: str, data: bytes) -> None:
    page.goto(f"{server}/your_data?lang=en")
    settle(page)
    page.set_input_files(
        UPLOAD_INPUT, files=[{"name": name, "mimeType": "text/csv", "buffer": data}]
    )
    page.get_by_role("heading", name="Points per factor").wait_for(timeout=60_000)
    settle(page)
    assert page.locator('[data-testid="stException"]').count() == 0


def render(server: str, browser):
    """The page after the hostile upload: (what it shows, the URLs the browser requested, the
    markdown blocks that rendered an image or LaTeX from the upload)."""
    context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="en-US")
    page = context.new_page()
    page.set_default_timeout(30_000)
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    try:
        open_with_upload(page, server, "**bold** $x^2$ :red[x].csv", hostile_csv())
        page.get_by_role("heading", name="How the scorecard does in each group").wait_for()
        settle(page)
        page.wait_for_timeout(1000)  # images, if any, would be requested by now
        rendered = page.evaluate(
            """() => [...document.querySelectorAll('img, .katex, strong, [data-testid=stMarkdownColoredText]')]
                .filter(e => e.tagName !== 'STRONG' || e.textContent.includes('bold'))
                .filter(e => e.tagName !== 'IMG' || !e.src.startsWith(location.origin + '/app/static'))
                .map(e => (e.closest('[data-testid]') || e).getAttribute('data-testid') + ': '
                          + (e.closest('[data-testid=stMarkdownContainer]') || e).innerText.slice(0, 60))"""
        )
        text = page.locator('[data-testid="stMain"]').inner_text()
    finally:
        context.close()
    return text, requests, rendered


def test_uploaded_names_values_and_file_name_show_as_literal_text(server, browser):
    text, _, _ = render(server, browser)
    # The markers stand as literal text: the factor picker's tags, the file name in the source
    # line, the group picker's value, the labels of "Try your own points".
    for marker in (IMAGE, "**bold**", "$x^2$", ":red[x]"):
        assert marker in text, marker
    assert "“**bold** $x^2$ :red[x].csv”" in text


def test_uploaded_text_makes_no_request_and_renders_no_markup(server, browser):
    _, requests, rendered = render(server, browser)
    assert not [url for url in requests if HOST in url]
    assert rendered == []  # no <img> (198.51.100.7 or src=x), no <strong>bold, no LaTeX


def status_of(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def test_an_upload_derived_download_is_gone_after_the_tab_closes(server, browser):
    frame = pd.read_csv(pd.io.common.BytesIO(hostile_csv()), sep=";")
    frame.columns = ["Область", "Прогулы", "Конфликт в семье", "Есть наставник", "Правонарушение"]
    data = frame.to_csv(sep=";", index=False).encode("utf-8")
    context = browser.new_context(
        viewport={"width": 1366, "height": 900}, locale="en-US", accept_downloads=True
    )
    page = context.new_page()
    page.set_default_timeout(30_000)
    media: list[str] = []
    page.on("request", lambda r: media.append(r.url) if "/media/" in r.url else None)
    try:
        open_with_upload(page, server, "данные.csv", data)
        button = page.get_by_role("button", name="Scorecard (CSV)")
        button.scroll_into_view_if_needed()
        with page.expect_download() as info:
            button.click()
        download = info.value
        url = download.url
        assert "/media/" in url, url
        with open(download.path(), encoding="utf-8-sig") as saved:
            assert "Прогулы" in saved.read()
        assert status_of(url) == 200  # while the tab is open, the file is there
    finally:
        context.close()
    # The session ends when its websocket closes: its downloads go with it.
    deadline = time.monotonic() + 15
    while status_of(url) != 404 and time.monotonic() < deadline:
        time.sleep(0.5)
    assert status_of(url) == 404
