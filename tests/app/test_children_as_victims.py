"""The "Children as victims" page: documented figures with their status, the trend with the
criminal-code change on the chart, the published victimisation factors, the derived share of
child victims with special educational needs (moved by a slider), and who can act — in every
language."""

from __future__ import annotations

import pytest

from riskexplorer.i18n import LANGUAGES, t
from riskexplorer.views import victims as V
from tests.app.conftest import chart_titled, charts, markdown_text, move, open_page

PAGE = "app_pages/children_as_victims.py"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_page_shows_trafficking_the_trend_and_the_disability_odds_ratio(lang):
    at = open_page(PAGE, lang=lang)
    assert at.title[0].value == t("victims.title", lang)
    metrics = {m.label: m.value for m in at.metric}
    assert metrics[t("fact.trafficking_h1_2025.label", lang) if lang != "en"
                   else "Human-trafficking cases"].startswith("134")  # fmt: skip
    trend = chart_titled(at, t("victims.chart.trend", lang))
    assert trend["value"].dropna().tolist()[:4] == [1800, 2200, 3000, 3100]
    assert t("victims.chart.code_change", lang) in set(trend["label"].dropna())
    forest = chart_titled(at, t("victims.chart.forest", lang))
    label = V.load_victim_factors().at["disability_2022", f"label_{lang}"]
    first = forest[forest["label"] == label].iloc[0]
    assert (first["odds_ratio"], first["ci_low"], first["ci_high"]) == (2.08, 1.81, 2.38)
    decimal = "." if lang == "en" else ","
    assert f"2{decimal}08 (1{decimal}81–2{decimal}38)" in first["text"]
    text = markdown_text(at)
    assert t("victims.derived_badge", lang) in text
    assert "Probilim" in " ".join(at.dataframe[-1].value.iloc[:, 2])


def test_seed_claims_keep_their_seed_only_badge():
    at = open_page(PAGE)
    text = markdown_text(at)
    assert ":gray-badge[:material/help: Seed only]" in text
    assert "61% increase" in text
    assert "Where the line is drawn" in text


def test_the_slider_moves_the_derived_share_and_the_formula():
    at = open_page(PAGE)
    assert "**5.8%–6.8%**" in markdown_text(at)
    assert "p = 235,000 ÷ 6,902,492 = 3.4%" in at.code[0].value
    at.slider(key="vi_or").set_value(3.68).run()
    assert not at.exception
    imp = V.sen_implication(3.68, "en")
    share = f"{100 * imp.share:.1f}%"
    assert f"–{share}**" in markdown_text(at)
    assert f"= {share}" in at.code[0].value


def test_a_move_reruns_its_section_only_and_the_link_and_summary_follow_it():
    """The slider and what it implies are a fragment: a move draws that section again (not the
    figures and charts above it), and the sidebar's link and the summary carry the new value."""
    from urllib.parse import parse_qs, urlsplit

    from riskexplorer import report

    at = open_page(PAGE)
    for odds_ratio in (3.68, 2.2):
        move(at, "vi_or", odds_ratio)
        assert not at.exception
        share = f"{100 * V.sen_implication(odds_ratio, 'en').share:.1f}%"
        assert f"= {share}" in at.code[0].value
        assert not list(charts(at))  # the charts above were not drawn again
        link = at.code[1].value  # the sidebar's link, after the formula
        assert parse_qs(urlsplit(link).query)["vi_or"] == [str(odds_ratio)]
        html = report.render_html(at.session_state["_briefing"])
        assert f"vi_or={odds_ratio}" in html and share in html
        # The section stands once in the summary, where it stood.
        assert html.count(t("victims.section.implication", "en")) == 1


def test_a_shared_link_opens_with_the_odds_ratio_it_carries():
    at = open_page(PAGE, vi_or="2.38")
    assert at.slider(key="vi_or").value == pytest.approx(2.38)
    assert "7.7%" in markdown_text(at)


def test_evidence_table_and_actions_are_translated_in_kazakh():
    at = open_page(PAGE, lang="kk")
    tables = [d.value for d in at.dataframe]
    evidence = next(x for x in tables if "Фактор → нәтиже" in x.columns)
    assert len(evidence) == 10
    assert "МҚ 2,08 (1,81–2,38)" in set(evidence["Бағалау"])
    actions = next(x for x in tables if "Не істей алады" in x.columns)
    assert set(actions["Кім"]) == {
        "Мектептер", "Отбасылар", "Полиция", "Әлеуметтік қызметтер", "Денсаулық сақтау",
    }  # fmt: skip
    assert set(actions["Негіздеме"]) == {"Бастапқы анықтама", "Кең тараған тәжірибе"}
    assert "Мүгедектігі бар балалар" in set(actions["Қай балалар үшін"])


def test_presentation_view_shows_key_messages_with_the_numbers():
    at = open_page(PAGE, present="true")
    messages = " ".join(s.value for s in at.success)
    assert "OR 2.08 (1.81–2.38)" in messages
    assert "5.8%–6.8%" in messages
    assert not at.main.code  # no formula block when projecting (the share link is in the sidebar)
