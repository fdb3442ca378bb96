"""views.figures: the card of a corrected figure and source lines in the page language."""

from __future__ import annotations

import tomllib

import pytest

from riskexplorer import facts as F
from riskexplorer.i18n import t
from riskexplorer.views import figures as V


def test_a_corrected_figure_shows_the_latest_correction_large():
    card = V.card("special_institutions_total", "en")
    assert card.status == "corrected"
    assert card.value == "537 institutions"
    assert card.period == "Dec 2025 – Jan 2026"
    assert card.briefing == "In the briefing: 492 institutions"
    assert (card.change, card.change_sign) == ("+45", 1)
    assert "Ministry of Education" in card.source
    # The briefing's line first, then each official count in period order.
    assert card.checks[0].startswith("In the briefing: **492 institutions**")
    assert "508 institutions" in card.checks[1] and "537 institutions" in card.checks[2]


def test_the_corrected_card_in_russian():
    card = V.card("special_institutions_total", "ru")
    assert card.value.startswith("537")
    assert card.briefing.startswith("В справке: 492")


def test_a_figure_without_correction_has_no_briefing_line():
    card = V.card("minors_prosecuted_2025_9m", "en")
    assert card.status == "reported"
    assert card.value == "1,703 people"
    assert (card.briefing, card.change, card.change_sign) == ("", "", 0)


def test_current_correction_is_the_latest_one():
    row = V.current_correction("special_institutions_total")
    assert row.name == "special_institutions_2026_01"
    assert float(row["value"]) == 537
    assert V.current_correction("minors_prosecuted_2025_9m") is None


def test_source_line_in_russian_names_the_russian_publisher(root):
    ru = tomllib.loads((root / "data" / "locales" / "ru.toml").read_text(encoding="utf-8"))
    entry = ru["source"]["minedu_inform_2026_01"]
    line = V.source_line(("minedu_inform_2026_01",), "ru")
    assert line.startswith("Источник: Министерство просвещения РК, «")
    assert entry["publisher"] in line and entry["title"] in line
    english = F.load_sources().loc["minedu_inform_2026_01"]
    assert english["publisher"] == "Ministry of Education"
    assert english["publisher"] not in line and english["title"] not in line
    assert line.endswith(", 2026-01 — [inform.kz](https://inform.kz/)")


def test_source_line_joins_sources_in_order_and_shortens_the_seed():
    line = V.source_line(("seed", "minedu_inform_2026_01"), "en")
    assert line.startswith(
        "Source: the briefing we were handed (unknown author, not an official release); "
        "Ministry of Education, «Inclusive education"
    )


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_every_overview_card_has_value_period_and_source(lang):
    for fact_id in V.OVERVIEW_CARDS:
        card = V.card(fact_id, lang)
        assert card.value and card.source.strip()
        assert any(ch.isdigit() for ch in card.value), fact_id


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
@pytest.mark.parametrize("topic", list(V.TOPIC_CARDS))
def test_each_statistics_topic_is_ready_to_draw(topic, lang):
    blocks = V.topic_blocks(topic, lang)
    assert blocks[0] == V.Cards(V.TOPIC_CARDS[topic])
    charts_ = [b for b in blocks if isinstance(b, V.ChartView)]
    assert charts_
    for chart in charts_:
        assert chart.options["title"] and not chart.options["title"].startswith("statistics.")
        assert chart.sources.startswith(t("sources.source_prefix", lang))
        assert not chart.data.empty and "value" in chart.data


def test_facts_table_filters_by_ids_in_any_language():
    facts = F.load_facts()
    want = sorted(facts[(facts["topic"] == "inclusion") & (facts["status"] == "corrected")].index)
    for lang in ("kk", "ru", "en"):
        table = V.facts_table(lang, topics=["inclusion"], statuses=["corrected"])
        assert sorted(table.frame[t("table.id", lang)]) == want != []
        assert str(len(want)) in table.shown_text and str(len(facts)) in table.shown_text
