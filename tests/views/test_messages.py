"""views.messages: the short answers are built from the figures, in every language."""

from __future__ import annotations

import pandas as pd
import pytest

from riskexplorer import facts as F
from riskexplorer.i18n import LANGUAGES
from riskexplorer.views import messages as M


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_first_answer_names_the_rise_and_the_year(lang):
    first = M.short_answer(lang)[0]
    assert "35" in first and "2019" in first


def test_the_overview_answers_in_order():
    assert [m.id for m in M.overview_messages()] == [
        "offending", "neet", "against_children", "victims", "regions",
    ]  # fmt: skip
    assert [m.order for m in M.overview_messages()] == [10, 20, 30, 40, 50]
    assert len(M.short_answer("kk")) == 5


def test_the_answer_follows_the_data(monkeypatch):
    real = F.fact

    def changed(fact_id: str) -> pd.Series:
        row = real(fact_id).copy()
        if fact_id == "minors_prosecuted_2025_9m_change":
            row["value"] = 42.0
        return row

    monkeypatch.setattr(F, "fact", changed)
    text = M.text("offending", "en")
    assert "+42%" in text and "+35%" not in text
    assert "1,703" in text


def test_every_registered_answer_exists_in_every_language():
    M._load_presenters()
    ids = sorted(M._REGISTRY)
    assert {"offending", "neet", "against_children", "inclusion", "context"} <= set(ids)
    for message_id in ids:
        texts = [M.text(message_id, lang) for lang in LANGUAGES]
        assert len(set(texts)) == 3, message_id
        for text in texts:
            assert len(text) > 20 and "{" not in text, (message_id, text)
        for fact_id in M.get(message_id).fact_ids:
            assert fact_id in F.load_facts().index, (message_id, fact_id)


def test_an_unregistered_answer_is_a_key_error():
    with pytest.raises(KeyError):
        M.get("no_such_answer")
