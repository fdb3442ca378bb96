"""The Regions page: a measure on the tile-grid map of the 20 units, missing regions shown as
missing, the 2022 split, the map/table/chart switch, counts-only explained, and the CSV — in every
language."""

from __future__ import annotations

import pytest

from riskexplorer.i18n import LANGUAGES, t
from riskexplorer.views import regions as R
from tests.app.conftest import chart_titled, markdown_text, open_page

PAGE = "app_pages/regions.py"
JAN_MAY = "offences_vs_minors_jan_may_by_region"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_map_shows_each_region_or_says_no_figure_was_found(lang):
    at = open_page(PAGE, lang=lang)
    assert at.selectbox(key="rg_series").value == JAN_MAY
    data = chart_titled(at, R.series_title(JAN_MAY, lang)).drop_duplicates("name")
    assert len(data) == 20
    by_name = data.set_index("name")
    turkestan = R.name("turkestan", lang)
    assert by_name.at[turkestan, "value"] == 100
    akmola = by_name.loc[R.name("akmola", lang)]
    assert akmola["state"] == "missing"
    assert akmola["value_text"] == t("regions.state.missing", lang)
    text = markdown_text(at)
    assert R.summary(JAN_MAY, lang) in text
    assert t("regions.coverage.top_bottom", lang) in text
    assert t("regions.rate_reason.ages_differ", lang) in text


def test_english_map_names_the_missing_in_words():
    at = open_page(PAGE)
    text = markdown_text(at)
    assert "7 of 20 units have a published figure; 13 have none." in text
    assert "No published figure found" in set(
        chart_titled(at, R.series_title(JAN_MAY, "en"))["state_text"]
    )


def test_a_series_before_the_split_shows_the_new_regions_inside_their_parents():
    at = open_page(PAGE, rg_series="children_0_15_by_region")
    data = chart_titled(at, R.series_title("children_0_15_by_region", "en"))
    abai = data[data["name"] == "Abai"].iloc[0]
    assert abai["state"] == "in_parent"
    assert "East Kazakhstan" in abai["note"]
    assert data.loc[data["name"] == "Turkestan", "value"].iloc[0] == 799717
    assert "From before the 2022 split" in markdown_text(at)


def test_choosing_a_measure_redraws_the_map():
    at = open_page(PAGE)
    at.selectbox(key="rg_series").set_value("minors_liable_2023_7m_by_region").run()
    assert not at.exception
    data = chart_titled(at, R.series_title("minors_liable_2023_7m_by_region", "en"))
    assert data.loc[data["name"] == "Almaty", "value"].iloc[0] == 98
    assert "National total: 944 people (Jan–Jul 2023)." in markdown_text(at)


def test_table_view_lists_all_twenty_units_in_russian():
    at = open_page(PAGE, lang="ru", rg_view="table")
    table = at.dataframe[0].value
    assert len(table) == 20
    row = table[table["Регион"] == "Акмолинская область"].iloc[0]  # no figure published
    assert row["Значение"] == "Опубликованный показатель не найден"
    assert (
        table[table["Регион"] == "Туркестанская область"].iloc[0]["Значение"]
        == "100 правонарушений"
    )


def test_chart_view_draws_bars_of_the_regions_with_a_figure():
    at = open_page(PAGE, rg_view="chart")
    data = chart_titled(at, R.series_title(JAN_MAY, "en"))
    assert data.dropna(subset=["value"])["label"].tolist()[:3] == [
        "Turkestan", "Almaty", "Almaty region",
    ]  # fmt: skip


def test_view_switch_is_a_segmented_control_with_ids_and_the_url_carries_them():
    at = open_page(PAGE, lang="kk")
    control = at.button_group(key="rg_view")
    assert control.value == "map"
    control.set_value("table").run()
    assert not at.exception
    assert len(at.dataframe[0].value) == 20
    at.selectbox(key="rg_series").set_value("children_0_15_by_region").run()
    params = {k: (v[0] if isinstance(v, list) else v) for k, v in at.query_params.items()}
    assert (params["rg_series"], params["rg_view"]) == ("children_0_15_by_region", "table")


def test_download_button_is_there():
    at = open_page(PAGE, lang="kk")
    labels = [b.label for b in at.get("download_button")]
    assert t("regions.download", "kk") in labels
