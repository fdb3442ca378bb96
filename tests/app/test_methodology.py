"""The methodology page lists every source, the checks, the contradictions and the ethics."""

from __future__ import annotations

from riskexplorer import facts as F
from tests.app.conftest import markdown_text, open_page

PAGE = "app_pages/methodology.py"


def test_every_source_is_listed_with_its_link():
    at = open_page(PAGE)
    sources = next(df.value for df in at.dataframe if "Publisher" in df.value.columns)
    assert len(sources) == len(F.load_sources())
    assert "https://online.zakon.kz/Document/?doc_id=33997011" in sources["Link"].tolist()


def test_checks_are_shown_with_their_formulas():
    at = open_page(PAGE)
    checks = next(df.value for df in at.dataframe if "Formula" in df.value.columns)
    assert "104 + 218 + 99 + 48 + 13 + 10 = 492" in checks["Formula"].tolist()
    assert set(checks["Result"]) == {"holds"}


def test_the_seeds_self_contradiction_is_shown():
    text = markdown_text(open_page(PAGE))
    assert "The briefing contradicts itself" in text
    assert "Sweeten, Bushway & Paternoster 2009" in text
    assert "771 − 376 − 24 = **371 crimes**" in text
