"""The documented-statistics page: figures by topic, seed beside corrections, trends, the table."""

from __future__ import annotations

import pandas as pd
import pytest

from riskexplorer.facts import load_facts
from riskexplorer.i18n import t
from tests.app.conftest import chart_title, chart_titled, charts, markdown_text, open_page

PAGE = "app_pages/statistics.py"


def test_only_the_open_topic_runs_and_the_link_chooses_it():
    at = open_page(PAGE, st_topic="inclusion")
    titles = [chart_title(spec) for spec, _ in charts(at)]
    assert "Special educational institutions: briefing and official counts" in titles
    assert "Minors held criminally liable, January–September" not in titles


def test_seed_figure_771_is_shown_with_its_seed_only_badge():
    at = open_page(PAGE)
    assert {m.label: m.value for m in at.metric}["Crimes committed by teenagers"] == "771 crimes"
    assert ":gray-badge[:material/help: Seed only] · Jan–Apr 2025" in markdown_text(at)


def test_institutions_chart_puts_the_seed_beside_its_corrections():
    data = chart_titled(
        open_page(PAGE, st_topic="inclusion"),
        "Special educational institutions: briefing and official counts",
    )
    assert data["value"].tolist() == [492, 508, 537]
    assert data["status_text"].tolist() == ["Corrected", "Independent source", "Independent source"]


def test_institution_parts_compare_seed_and_2025_counts():
    data = chart_titled(
        open_page(PAGE, st_topic="inclusion"),
        "Kinds of special institution: briefing and 13 June 2025",
    )
    by_group = data.groupby("group")["value"].sum()
    assert by_group["Briefing (seed)"] == 492
    assert by_group["Official, 13 June 2025"] == 508


def test_liable_trend_keeps_bounds_and_derived_points_apart():
    data = chart_titled(open_page(PAGE), "Minors held criminally liable, January–September")
    kinds = dict(zip(pd.to_datetime(data["date"]).dt.year, data["kind"]))
    assert kinds[2019] == "Lower bound (more than)"
    assert kinds[2025] == "Documented"
    assert data.loc[data["kind"] == "Derived (calculated)", "value"].tolist() == [1261]


def test_offences_trend_has_the_criminal_code_caveat():
    at = open_page(PAGE, st_topic="against_children")
    data = chart_titled(at, "Offences against minors, January–October")
    assert data["value"].tolist() == [1800, 2200, 3000, 3100]
    assert "moved into the criminal code" in markdown_text(at)


def test_small_published_counts_never_reach_the_page():
    at = open_page(PAGE)
    local = next(
        df.value
        for df in at.dataframe
        if "Crimes by college students" in df.value.iloc[:, 0].tolist()
    )
    values = dict(zip(local.iloc[:, 0], local.iloc[:, 1]))
    assert values["Crimes by college students"] == "fewer than 10"
    assert values["Crimes by teenagers"] == "16 crimes"


def test_table_filters_by_status_and_downloads_csv():
    at = open_page(PAGE)
    at.multiselect(key="st_status").set_value(["contradicted"]).run()
    table = at.dataframe[-1].value
    assert table["ID"].tolist() == ["teen_offenders_neet_share"]
    assert f"1 of {len(load_facts())} figures shown." in markdown_text(at)


def test_search_finds_figures_in_any_column():
    at = open_page(PAGE)
    at.text_input(key="st_search").input("Mangystau").run()
    table = at.dataframe[-1].value
    assert "offences_vs_minors_jan_may_mangystau" in table["ID"].tolist()
    assert all("Mangystau" in " ".join(map(str, row)) for row in table.itertuples())


def test_every_chart_offers_png_and_svg_downloads():
    at = open_page(PAGE)
    labels = [b.proto.label for b in at.get("download_button")]
    assert labels.count("PNG") == labels.count("SVG") == len(list(charts(at)))


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_a_link_restores_the_tab_and_the_filters_in_any_language(lang):
    """The link holds ids (?st_topic=inclusion&st_topics=offending&st_topics=context), not
    labels, so the same link opens the same view in Kazakh, Russian and English."""
    at = open_page(
        PAGE,
        lang=lang,
        st_topic="inclusion",
        st_topics=["offending", "context"],
        st_status=["contradicted", "corrected"],
    )
    # The inclusion tab is the open one: its chart is drawn, the first tab's is not.
    titles = [chart_title(spec) for spec, _ in charts(at)]
    assert t("statistics.chart.institutions_chain", lang) in titles
    assert t("statistics.chart.liable_trend", lang) not in titles
    assert at.multiselect(key="st_topics").value == ["offending", "context"]
    assert at.multiselect(key="st_status").value == ["contradicted", "corrected"]
    facts = load_facts()
    want = facts[
        facts["topic"].isin(["offending", "context"])
        & facts["status"].isin(["contradicted", "corrected"])
    ]
    table = at.dataframe[-1].value
    assert sorted(table[t("table.id", lang)]) == sorted(want.index) != []
    assert t("statistics.rows_shown", lang, n=len(want), total=len(facts)) in markdown_text(at)


def test_the_link_the_page_makes_holds_ids_and_reopens_the_view_in_another_language():
    at = open_page(PAGE, lang="ru")
    at.multiselect(key="st_topics").set_value(["inclusion"]).run()
    at.multiselect(key="st_status").set_value(["corrected"]).run()
    link = next(c.value for c in at.get("code") if "st_topics=" in c.value)
    assert "st_topics=inclusion" in link and "st_status=corrected" in link
    shown = at.dataframe[-1].value[t("table.id", "ru")].tolist()
    again = open_page(PAGE, lang="kk", st_topics=["inclusion"], st_status=["corrected"])
    assert again.dataframe[-1].value[t("table.id", "kk")].tolist() == shown != []


def test_a_label_in_the_link_is_ignored_not_an_error():
    at = open_page(PAGE, st_topic="Inclusive education and support", st_topics=["Context"])
    assert at.multiselect(key="st_topics").value == []
    titles = [chart_title(spec) for spec, _ in charts(at)]
    assert "Minors held criminally liable, January–September" in titles  # the first tab
