"""views.glossary: one plain sentence per measure and term, in every language."""

from __future__ import annotations

import re

import pytest

from riskexplorer.i18n import LANGUAGES
from riskexplorer.views import glossary as G

CYRILLIC = re.compile(r"[А-Яа-яЁёӘәҒғҚқҢңӨөҰұҮүҺһІі]")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_one_filled_sentence_per_measure_and_term(lang):
    entries = G.entries(lang)
    assert len(entries) == len(G.MEASURES) + len(G.TERMS) == 8
    assert len(set(entries)) == len(entries)
    for entry in entries:
        assert len(entry) > 30
        assert "{" not in entry and "}" not in entry
        assert entry.rstrip()[-1] in ".)»"
    assert [G.measure(m, lang) for m in G.MEASURES] == entries[: len(G.MEASURES)]


def test_each_measure_is_translated_not_copied():
    for name in G.MEASURES:
        texts = {lang: G.measure(name, lang) for lang in LANGUAGES}
        assert len(set(texts.values())) == 3, name
        assert CYRILLIC.search(texts["kk"]) and CYRILLIC.search(texts["ru"])
        assert not CYRILLIC.search(texts["en"])


def test_the_sentences_name_their_measure():
    assert G.measure("rr", "en").startswith("Relative risk (RR): ")
    # As the Risk factors page writes it: the Latin abbreviation, one convention on every page.
    assert G.measure("rr", "ru").startswith("Относительный риск (RR): ")
    assert G.measure("or", "en").startswith("Odds ratio (OR): ")


def test_an_unknown_measure_is_refused():
    with pytest.raises(KeyError):
        G.measure("nnt", "en")
