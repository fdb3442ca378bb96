"""The overview page shows the key figures with their status, period and source."""

from __future__ import annotations

from tests.app.conftest import markdown_text, open_page


def test_key_figures_are_metrics_with_their_documented_values():
    at = open_page()
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Crimes committed by teenagers"] == "771 crimes"
    assert metrics["Minors held criminally liable"] == "1,703 people"
    assert metrics["Teen offenders neither studying nor working"] == "more than 50%"
    assert metrics["Special educational institutions"] == "492 institutions"


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
