"""Streamlit's file uploader speaks the page language (issue 12): on a Kazakh or Russian page no
English word is left in it — not on screen, not in the names a screen reader reads — before and
after a file is chosen; its button keeps a translated accessible name."""

from __future__ import annotations

import pytest

from riskexplorer.i18n import t
from tests.browser.conftest import settle
from tests.test_latin_words import latin_words

UPLOADER = '[data-testid="stFileUploader"]'
INPUT = '[data-testid="stFileUploaderDropzoneInput"]'

#: Everything of the uploader a person sees or hears: its text (without the Material icons'
#: ligature names, which are aria-hidden glyphs) and every aria-label and title in it.
TEXTS = """root => {
  const copy = root.cloneNode(true);
  copy.querySelectorAll('[data-testid="stIconMaterial"]').forEach(e => e.remove());
  const walker = document.createTreeWalker(copy, NodeFilter.SHOW_TEXT);
  const words = [];
  while (walker.nextNode()) words.push(walker.currentNode.textContent);
  const out = [words.join(' ')];
  root.querySelectorAll('[aria-label], [title]').forEach(e => {
    out.push(e.getAttribute('aria-label') || '', e.getAttribute('title') || '');
  });
  return out.filter(Boolean);
}"""


def uploader_texts(page) -> list[str]:
    return page.locator(UPLOADER).first.evaluate(TEXTS)


def wait_translated(page, text: str) -> None:
    page.locator(UPLOADER).get_by_text(text, exact=True).first.wait_for(timeout=10_000)


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_no_english_word_in_the_uploader(server, page, lang):
    page.goto(f"{server}/your_data?lang={lang}")
    settle(page)
    wait_translated(page, t("uploader.button", lang))
    texts = uploader_texts(page)
    assert {text: latin_words(text) for text in texts if latin_words(text)} == {}
    joined = " ".join(texts)
    assert "50\u00a0" + t("uploader.unit_mb", lang) in joined
    # The button is found by its translated name (what a screen reader announces).
    button = page.locator(UPLOADER).get_by_role("button", name=t("uploader.button", lang))
    assert button.count() == 1

    page.set_input_files(
        INPUT, files=[{"name": "данные.csv", "mimeType": "text/csv", "buffer": b"a;b\n1;2\n"}]
    )
    page.locator('[data-testid="stFileChip"]').wait_for(timeout=30_000)
    settle(page)
    remove = t("uploader.remove", lang, name="данные.csv")
    page.locator(UPLOADER).get_by_role("button", name=remove).wait_for(timeout=10_000)
    texts = uploader_texts(page)
    assert {text: latin_words(text) for text in texts if latin_words(text)} == {}
    # The file's size with the page's unit: 8 bytes, "8,0 Б".
    assert f"8,0\u00a0{t('uploader.unit_b', lang)}" in " ".join(texts)


def test_english_page_keeps_english_uploader_texts(server, page):
    page.goto(f"{server}/your_data?lang=en")
    settle(page)
    wait_translated(page, "Choose a file")
    assert "Largest file: 50\u00a0MB · CSV, TSV, TXT, XLSX, XLS, ODS" in uploader_texts(page)[0]
