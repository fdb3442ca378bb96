"""Regions: the 20 units and their tiles, every regional series of REGIONS.md, missing shown as
missing, the 2022 split, rates only where a denominator fits, and the download."""

from __future__ import annotations

import io

import pandas as pd
import pytest

from riskexplorer import charts, i18n, privacy
from riskexplorer import facts as F
from riskexplorer.errors import DataError
from riskexplorer.views import regions as R
from tests.datafiles import edit_row

MAP_COLUMNS = [
    "row", "col", "name", "short", "value", "value_text", "short_value", "state", "state_text",
    "ink", "period", "source", "note",
]  # fmt: skip


# --- The units ----------------------------------------------------------------------------------


def test_twenty_units_17_regions_and_3_cities_each_on_its_own_tile():
    regions = R.load_regions()
    assert len(regions) == 20
    assert regions["kind"].value_counts().to_dict() == {"region": 17, "city": 3}
    assert set(regions.loc[regions["kind"] == "city", "id"]) == {"astana", "almaty_city",
                                                                 "shymkent"}  # fmt: skip
    assert not regions.duplicated(["row", "col"]).any()


def test_the_2022_split_is_recorded():
    regions = R.load_regions()
    split = regions.loc[regions["created_2022"], "split_from"].to_dict()
    assert split == {"abai": "east_kazakhstan", "ulytau": "karaganda", "zhetysu": "almaty_region"}


def test_tiles_lie_roughly_where_the_regions_do():
    """Guards against a grid that scrambles geography: west left, south down, cities by their
    region."""
    pos = R.load_regions().set_index("id")[["row", "col"]]
    assert (
        pos.at["mangystau", "col"] < pos.at["karaganda", "col"] < pos.at["east_kazakhstan", "col"]
    )
    assert (
        pos.at["north_kazakhstan", "row"] < pos.at["karaganda", "row"] < pos.at["turkestan", "row"]
    )
    assert abs(pos.at["astana", "row"] - pos.at["akmola", "row"]) <= 1
    assert pos.at["shymkent", "row"] > pos.at["turkestan", "row"]


@pytest.mark.parametrize("lang", ("ru", "kk"))
def test_region_names_agree_with_the_translations_of_the_facts(lang):
    """The same region must not have two different names on two pages."""
    regions = R.load_regions()
    for geography, name in zip(regions["geography"], regions[f"name_{lang}"]):
        key = f"region.{geography}"
        if i18n.has(key, lang):
            assert i18n.t(key, lang) == name


def test_every_regional_series_in_facts_is_listed_and_every_listed_one_exists():
    listed = set(R.series_ids())
    facts = F.load_facts()
    geographies = set(R.load_regions()["geography"])
    regional = set(facts.loc[facts["geography"].isin(geographies), "series"]) - {""}
    assert listed == regional
    assert len(listed) == 21


@pytest.mark.parametrize(
    ("file", "row", "column", "value", "problem"),
    [
        ("regions.csv", "abai", "split_from", "", "split_from exactly"),
        ("regions.csv", "abai", "row", "0", "two units on one tile"),
        ("region_series.csv", "children_0_15_by_region", "map", "sometime", "map not one of"),
        ("region_series.csv", "children_0_15_by_region", "national_id", "nope", "national_id"),
    ],
)
def test_broken_region_data_is_refused(data_copy, file, row, column, value, problem):
    edit_row(data_copy / file, row, column, value)
    with pytest.raises(DataError) as info:
        R.load_regions() if file == "regions.csv" else R.load_series()
    assert problem in info.value.params["problem"]


# --- Regional figures of REGIONS.md -------------------------------------------------------------


def test_children_0_15_add_up_exactly_to_the_national_row():
    rows = F.series("children_0_15_by_region")
    assert len(rows) == 17
    assert rows["value"].sum() == F.value("children_0_15") == 5636761
    assert F.value("children_0_15_turkestan") == 799717


def test_regional_figures_have_their_documented_values():
    assert F.value("minors_offenders_jan_may_almaty_region") == 66
    assert F.value("minors_offenders_jan_may_north_kazakhstan") == 12
    assert F.value("offences_vs_minors_jan_sep_turkestan") == 212
    assert F.value("offences_vs_minors_jan_apr_zhambyl") == 113
    assert F.value("crimes_vs_minors_2025_kostanay_region") == 98
    assert F.value("neet_2025_zhetysu") == 7.6
    assert F.fact("neet_15_28_2022q2_ulytau")["qualifier"] == "more_than"
    # REGIONS.md: the 2025 regional NEET figures' period is not stated.
    assert F.fact("neet_14_34_2025q1_ulytau")["period"] == "not stated (published Aug 2025)"


# --- One series on the map ----------------------------------------------------------------------


def test_a_region_with_no_figure_says_so():
    rows = R.map_rows("offences_vs_minors_jan_may_by_region", "en").set_index("id")
    assert rows.at["turkestan", "value"] == 100
    assert rows.at["ulytau", "value_text"] == "15 offences"
    assert rows.at["akmola", "state"] == "missing"
    assert rows.at["akmola", "value_text"] == "No published figure found"
    assert pd.isna(rows.at["akmola", "value"])
    assert (rows["state"] == "figure").sum() == 7 and (rows["state"] == "missing").sum() == 13


def test_a_series_from_before_the_split_counts_new_regions_in_their_parent():
    rows = R.map_rows("children_0_15_by_region", "en").set_index("id")
    assert rows.loc[["abai", "zhetysu", "ulytau"], "state"].tolist() == ["in_parent"] * 3
    assert "East Kazakhstan" in rows.at["abai", "note"]
    assert rows.at["east_kazakhstan", "value"] == 333409
    assert "Abai" in rows.at["east_kazakhstan", "note"]
    assert (rows["state"] == "missing").sum() == 0


def test_a_series_after_the_split_shows_new_regions_as_missing_not_in_parent():
    rows = R.map_rows("minors_liable_2023_7m_by_region", "en").set_index("id")
    assert rows.at["abai", "state"] == "missing"
    assert rows.at["almaty_city", "value"] == 98


def test_partial_rankings_and_maps_are_named_under_the_map():
    lines = R.caveats("offences_vs_minors_jan_may_by_region", "en")
    assert lines[0].startswith("The report lists only the top and the bottom of the ranking")
    assert lines[1] == "On the map after the 2022 split."
    assert lines[2] == "National total: 1,080 offences (Jan–May (year not stated))."
    old = R.caveats("minors_offenders_jan_may_by_region", "ru")
    assert "вероятно" in old[1]


def test_summary_counts_the_units_with_a_figure():
    assert R.summary("offences_vs_minors_jan_may_by_region", "en") == (
        "7 of 20 units have a published figure; 13 have none. Highest: Turkestan (100 offences);"
        " lowest shown: Ulytau (15 offences)."
    )
    assert "3 created in 2022" in R.summary("children_0_15_by_region", "en")


def test_the_tile_map_hatches_missing_regions_and_labels_them_in_the_legend():
    series = "offences_vs_minors_jan_may_by_region"
    spec = charts.tile_map(R.map_rows(series, "kk")[MAP_COLUMNS], **R.map_options(series, "kk"))
    spec = spec.to_dict()
    hatch = spec["layer"][2]
    assert hatch["mark"]["type"] == "point"
    assert hatch["encoding"]["shape"]["scale"]["range"] == [charts.HATCH]
    assert hatch["encoding"]["shape"]["scale"]["domain"] == ["Жарияланған көрсеткіш табылмады"]
    colour = spec["layer"][0]["encoding"]["color"]["scale"]
    assert colour["scheme"] == "blues"
    assert spec["layer"][1]["mark"]["color"] == charts.MISSING_FILL


def test_text_on_dark_tiles_is_white_and_on_light_tiles_dark():
    rows = R.map_rows("children_0_15_by_region", "en").set_index("id")
    assert rows.at["turkestan", "ink"] == "#FFFFFF"  # the largest value: darkest blue
    assert rows.at["north_kazakhstan", "ink"] == "#14181F"


# --- Rates per 1,000 children -------------------------------------------------------------------


def test_no_series_gets_a_rate_and_each_says_why():
    checks = {s: R.rate_check(s) for s in R.series_ids()}
    assert not any(c.eligible for c in checks.values())
    # Minors held liable in Jan–Jul 2023 are close in time and area to the 2021 denominator;
    # only their ages (14–17, not 0–15) rule the rate out.
    assert checks["minors_liable_2023_7m_by_region"].reasons == ("ages_differ",)
    assert "year_not_stated" in checks["offences_vs_minors_jan_may_by_region"].reasons
    assert "map_differs" in checks["offences_vs_minors_jan_may_by_region"].reasons
    assert "not_a_count" in checks["neet_15_28_2021q2_by_region"].reasons
    assert checks["children_0_15_by_region"].reasons == ("is_denominator",)


def test_rate_text_names_the_reasons_in_the_language():
    text = R.rate_text("minors_liable_2023_7m_by_region", "en")
    assert text.startswith("**Counts only, not rates per 1,000 children.**")
    assert text.endswith("its ages differ from 0–15.")
    assert "возраст" in R.rate_text("minors_liable_2023_7m_by_region", "ru")


def test_rate_per_1000_arithmetic():
    assert R.rate_per_1000(98, 463505) == pytest.approx(0.21143, rel=1e-4)


# --- Table, chart and download ------------------------------------------------------------------


def test_table_lists_all_units_in_the_language():
    table = R.table("neet_15_28_2021q2_by_region", "ru")
    assert len(table) == 20
    by_region = table.set_index("Регион")
    assert by_region.at["Карагандинская область", "Значение"] == "9,1\u00a0%"
    assert by_region.at["Алматинская область", "Значение"] == "Опубликованный показатель не найден"


def test_bars_show_only_regions_with_a_figure_largest_first():
    rows = R.bar_rows("minors_liable_2023_7m_by_region", "en")
    assert rows["label"].tolist() == ["Almaty", "Astana", "Turkestan", "Shymkent"]
    assert rows["value"].tolist() == [98, 80, 80, 67]


def test_download_holds_every_unit_with_source_and_status():
    frame = R.download_frame("offences_vs_minors_jan_may_by_region", "en")
    assert len(frame) == 20
    csv = privacy.to_safe_csv(frame, lang="en").decode("utf-8-sig")
    back = pd.read_csv(io.StringIO(csv), dtype=str, keep_default_na=False)
    turkestan = back[back["Region ID"] == "turkestan"].iloc[0]
    assert turkestan["Number"] == "100.0" or turkestan["Number"] == "100"
    assert turkestan["Status"] == "Independent source"
    assert turkestan["Source"].startswith("ranking.kz")
    akmola = back[back["Region ID"] == "akmola"].iloc[0]
    assert akmola["Value"] == "No published figure found" and akmola["Number"] == ""


def test_overview_sentence_and_key_message():
    assert R.overview_sentence("en") == (
        "Regions: 21 regional series on one map of the 20 units; 1 of them cover every unit of "
        "their map, half name no more than 2 units, and every missing region is shown as missing."
    )
    assert R.key_message("minors_liable_2023_7m_by_region", "en").startswith("4 of 20 units")
    assert "20" in R.overview_sentence("kk")
