"""The overview page shows the key figures with their status, period and source."""

from __future__ import annotations

from tests.app.conftest import markdown_text, open_page


def test_key_figures_are_metrics_with_their_documented_values():
    at = open_page()
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Crimes committed by teenagers"] == "771 crimes"
    assert metrics["Minors held criminally liable"] == "1,703 people"
    assert metrics["Teen offenders neither studying nor working"] == "more than 50%"
    # Corrected: today's official count large, the briefing's value small.
    assert metrics["Special educational institutions"] == "537 institutions"


def test_each_key_figure_carries_its_status_in_words():
    text = markdown_text(open_page())
    assert ":gray-badge[:material/help: Seed only] · Jan–Apr 2025" in text
    assert ":red-badge[:material/cancel: Contradicted]" in text
    assert ":blue-badge[:material/check_circle: Confirmed] · H1 2025" in text


def test_sources_and_corrections_are_one_click_away():
    text = markdown_text(open_page())
    assert "Corrected by: **508 institutions** (13 Jun 2025)" in text
    assert "Corrected by: **537 institutions** (Dec 2025 – Jan 2026)" in text
    assert "Ministry of Internal Affairs of Kazakhstan" in text


def test_overview_says_what_the_tool_is_not_for():
    text = markdown_text(open_page())
    assert "**Never** for labelling, screening or predicting an individual child" in text
    assert "All 6 arithmetic checks hold" in text


def test_presentation_view_shows_one_key_message_per_topic():
    from tests.app.conftest import open_page as open_with

    at = open_with("app_pages/statistics.py", present="true")
    messages = [s.value for s in at.success]
    assert len(messages) == 1
    assert messages[0].startswith("### 1,703 people were held criminally liable")
    assert not at.text_input  # the table's filters are hidden while presenting


def test_methodology_key_message_counts_statuses_from_the_data():
    from tests.app.conftest import open_page as open_with

    at = open_with("app_pages/methodology.py", present="true")
    assert at.success[0].value == (
        "### Of the briefing's 19 figures, 3 are confirmed, 8 corrected by newer official "
        "counts, 7 found in no other source, and 1 contradicted."
    )


def test_a_failing_page_shows_a_translated_sentence_not_a_traceback(monkeypatch):
    from riskexplorer import facts

    def broken():
        raise RuntimeError("boom")

    monkeypatch.setattr(facts, "run_checks", broken)
    at = open_page(lang="ru")
    assert not at.exception
    assert at.error[0].value.startswith(
        "При построении этой страницы произошла ошибка (RuntimeError)"
    )


def test_the_short_answer_comes_first_built_from_the_figures():
    """Guards against the Overview's first screen having no number (UX review, user 1)."""
    at = open_page(lang="ru")
    assert at.subheader[0].value == "Коротко о главном"
    answer = at.markdown[0].value
    first, neet, against, victims, regions = answer.split("\n")
    nb = "\u00a0"  # numbers are written as Russian writes them: 1 703, 35 %
    assert f"1{nb}703 чел." in first and f"+35{nb}%" in first and "2019" in first
    assert "«771 преступление»" in first and "ни в одном другом источнике" in first
    assert f"более 50{nb}%" in neet and f"около 9{nb}%" in neet and "противоречат" in neet
    assert f"3{nb}100" in against and "Уголовный кодекс" in against
    # One line from each of the two new pages (Children as victims, Regions).
    assert "134 преступления торговли людьми" in victims and "2,08" in victims
    assert "(рядов: 21)" in regions


def test_the_short_answer_follows_the_data(monkeypatch):
    """A sentence is built from facts.csv, so a changed figure changes it (not hard-coded)."""
    from riskexplorer import facts
    from riskexplorer.views import figures

    real = facts.fact

    def fake(fact_id):
        row = real(fact_id).copy()
        if fact_id == "minors_prosecuted_2025_9m_change":
            row["value"] = 41.0
        return row

    monkeypatch.setattr(facts, "fact", fake)
    figures.card.cache_clear()
    assert "(+41% on a year earlier)" in figures.key_message("offending", "en")


def test_a_corrected_card_shows_todays_count_large_and_the_briefings_small():
    at = open_page()
    metric = next(m for m in at.metric if m.label == "Special educational institutions")
    assert metric.value == "537 institutions"
    assert metric.proto.delta == "+45"
    assert "In the briefing: 492 institutions" in [c.value for c in at.caption]
    assert "Dec 2025 – Jan 2026" in markdown_text(at)


def test_presentation_view_keeps_the_short_answer_and_the_sources():
    at = open_page(present="true")
    assert at.subheader[0].value == "The short answer"
    assert at.markdown[0].value.startswith("- 1,703 people were held criminally liable")
    assert "Source and checks" in [p.proto.popover.label for p in at.get("popover")]
