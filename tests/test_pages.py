"""Every page file is in the navigation, and no page is listed that does not exist."""

from __future__ import annotations

from pathlib import Path

from riskexplorer import i18n
from riskexplorer.app.navigation import PAGES

ROOT = Path(__file__).resolve().parents[1]


def test_every_page_file_is_listed_in_the_navigation():
    files = {f"app_pages/{p.name}" for p in (ROOT / "app_pages").glob("*.py")}
    assert files == {spec.path for spec in PAGES}


def test_no_legacy_pages_folder_beside_app_py():
    """Guards against Streamlit's legacy multipage mode, which runs a deep-linked page without
    app.py (no language, no sidebar) when a folder named pages/ sits beside the entry script."""
    assert not (ROOT / "pages").exists()


def test_every_page_has_a_translated_title_and_one_default():
    assert sum(spec.default for spec in PAGES) == 1
    for spec in PAGES:
        for lang in i18n.LANGUAGES:
            assert i18n.has(spec.title_key, lang) or lang == "en" and i18n.has(spec.title_key)


def test_pages_hold_no_math_or_data_wrangling():
    """Pages are widgets and calls into the library: no pandas/numpy imports, no groupby."""
    for path in (ROOT / "app_pages").glob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert "import pandas" not in text and "import numpy" not in text, path.name
        assert ".groupby(" not in text, path.name
