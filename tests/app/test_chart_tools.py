"""Every chart writes numbers as the page language does, scales with the presentation view's
type, and has a table and a CSV of the data behind it with its sources and statuses."""

from __future__ import annotations

from riskexplorer import charts
from tests.app.conftest import charts as chart_specs
from tests.app.conftest import open_page, show_tables

PAGE = "app_pages/statistics.py"


def test_charts_use_the_page_languages_number_format():
    at = open_page(PAGE, lang="ru")
    for spec, _ in chart_specs(at):
        number = spec["config"]["locale"]["number"]
        assert (number["decimal"], number["thousands"]) == (",", "\u00a0")
        assert spec["config"]["locale"]["time"]["months"][0] == "январь"
    assert charts.vega_locale("en")["number"]["thousands"] == ","


def test_presenting_scales_chart_text_with_the_body():
    desk = next(chart_specs(open_page(PAGE)))[0]
    room = next(chart_specs(open_page(PAGE, present="true")))[0]
    assert desk["config"]["axis"]["labelFontSize"] == 14
    assert room["config"]["axis"]["labelFontSize"] == 22
    assert room["config"]["title"]["fontSize"] == 27
    assert room["config"]["legend"]["orient"] == "bottom"


def test_each_chart_has_a_table_and_a_csv_with_its_sources():
    at = open_page(PAGE)
    tabs = [t.label for t in at.tabs]
    assert tabs.count("Chart") == tabs.count("Table") == len(list(chart_specs(at)))
    # Only the open tab is drawn: no chart's table until its tab is opened.
    assert not any("Sources" in d.value.columns for d in at.dataframe)
    show_tables(at)
    assert not list(chart_specs(at))  # and then its chart is not drawn
    trend = at.dataframe[0].value  # minors held liable, 2019–2025
    assert list(trend.columns)[:3] == ["Period", "Value", "Number"]
    assert "Jan–Sep 2025" in set(trend["Period"]) and 1703 in set(trend["Number"])
    bars = at.dataframe[2].value  # by region, coloured by status (1 is the local reports)
    assert list(bars.columns)[:2] == ["Figure", "Period"] and "Status" in bars.columns
    assert bars["Sources"].str.startswith("Source:").all()
    assert any(b.label == "Data (CSV)" for b in at.get("download_button"))


def test_long_titles_wrap_instead_of_being_cut():
    lines = charts.title_lines("x " * 60, 30)
    assert len(lines) == 4 and all(len(line) <= 30 for line in lines)
